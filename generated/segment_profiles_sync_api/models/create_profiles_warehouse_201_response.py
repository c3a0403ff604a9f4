from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="CreateProfilesWarehouse201Response")


@_attrs_define
class CreateProfilesWarehouse201Response:
    """
    Attributes:
        data (CreateProfilesWarehouseAlphaOutput):
    """

    data: CreateProfilesWarehouseAlphaOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            data = src_dict["data"]
        except KeyError:
            raise ShapeError.missing("data") from None
        try:
            data = CreateProfilesWarehouseAlphaOutput.from_dict(data)
        except ShapeError as error:
            raise error.within("data") from None

        create_profiles_warehouse_201_response = cls.__new__(cls)
        create_profiles_warehouse_201_response.data = data
        create_profiles_warehouse_201_response.additional_properties = {}
        if len(src_dict) != found:
            create_profiles_warehouse_201_response.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _CREATEPROFILESWAREHOUSE201RESPONSE_FIELDS
            }
        return create_profiles_warehouse_201_response

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


_CREATEPROFILESWAREHOUSE201RESPONSE_FIELDS = frozenset(
    {
        "data",
    }
)
_INF = float("inf")
from ..models.create_profiles_warehouse_alpha_output import (
    CreateProfilesWarehouseAlphaOutput,
)
