from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="SchemaOverride")


@_attrs_define
class SchemaOverride:
    """Turns one collection, or one property of it, on or off.

    Attributes:
        collection (str): The collection (table) the override applies to.
        enabled (bool): Whether the collection or property syncs.
        property_ (str | Unset): One property of the collection; omitted, the whole collection.
    """

    collection: str
    enabled: bool
    property_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        collection = self.collection

        enabled = self.enabled

        property_ = self.property_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "collection": collection,
                "enabled": enabled,
            }
        )
        if property_ is not UNSET:
            field_dict["property"] = property_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 2
        try:
            collection = src_dict["collection"]
        except KeyError:
            raise ShapeError.missing("collection") from None
        if type(collection) is not str:
            raise ShapeError("collection", "string", collection)

        try:
            enabled = src_dict["enabled"]
        except KeyError:
            raise ShapeError.missing("enabled") from None
        if type(enabled) is not bool:
            raise ShapeError("enabled", "boolean", enabled)

        property_ = src_dict.get("property", UNSET)
        if property_ is not UNSET:
            found += 1
            if type(property_) is not str:
                raise ShapeError("property", "string", property_)

        schema_override = cls.__new__(cls)
        schema_override.collection = collection
        schema_override.enabled = enabled
        schema_override.property_ = property_
        schema_override.additional_properties = {}
        if len(src_dict) != found:
            schema_override.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _SCHEMAOVERRIDE_FIELDS
            }
        return schema_override

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


_SCHEMAOVERRIDE_FIELDS = frozenset(
    {
        "collection",
        "enabled",
        "property",
    }
)
_INF = float("inf")
