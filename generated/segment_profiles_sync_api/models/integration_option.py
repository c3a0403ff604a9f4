from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="IntegrationOption")


@_attrs_define
class IntegrationOption:
    """One setting a warehouse of this kind accepts.

    Attributes:
        name (str): The name identifying this option in the context of a Segment Integration.
        type_ (str): Defines the type for this option in the schema.
        required (bool): Whether this is a required option when setting up the Integration.
        description (str | Unset): An optional short text that describes the option.
        default_value (Any | Unset): An optional default value for the option (any JSON, null included).
        label (str | Unset): An optional label for this field.
    """

    name: str
    type_: str
    required: bool
    description: str | Unset = UNSET
    default_value: Any | Unset = UNSET
    label: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_ = self.type_

        required = self.required

        description = self.description

        default_value = self.default_value

        label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "type": type_,
                "required": required,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if default_value is not UNSET:
            field_dict["defaultValue"] = default_value
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 3
        try:
            name = src_dict["name"]
        except KeyError:
            raise ShapeError.missing("name") from None
        if type(name) is not str:
            raise ShapeError("name", "string", name)

        try:
            type_ = src_dict["type"]
        except KeyError:
            raise ShapeError.missing("type") from None
        if type(type_) is not str:
            raise ShapeError("type", "string", type_)

        try:
            required = src_dict["required"]
        except KeyError:
            raise ShapeError.missing("required") from None
        if type(required) is not bool:
            raise ShapeError("required", "boolean", required)

        description = src_dict.get("description", UNSET)
        if description is not UNSET:
            found += 1
            if type(description) is not str:
                raise ShapeError("description", "string", description)

        default_value = src_dict.get("defaultValue", UNSET)
        if default_value is not UNSET:
            found += 1

        label = src_dict.get("label", UNSET)
        if label is not UNSET:
            found += 1
            if type(label) is not str:
                raise ShapeError("label", "string", label)

        integration_option = cls.__new__(cls)
        integration_option.name = name
        integration_option.type_ = type_
        integration_option.required = required
        integration_option.description = description
        integration_option.default_value = default_value
        integration_option.label = label
        integration_option.additional_properties = {}
        if len(src_dict) != found:
            integration_option.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _INTEGRATIONOPTION_FIELDS
            }
        return integration_option

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


_INTEGRATIONOPTION_FIELDS = frozenset(
    {
        "name",
        "type",
        "required",
        "description",
        "defaultValue",
        "label",
    }
)
_INF = float("inf")
