from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="ListProfilesWarehouseInSpace200Response")


@_attrs_define
class ListProfilesWarehouseInSpace200Response:
    """
    Attributes:
        data (ListProfilesWarehouseInSpaceAlphaOutput):
    """

    data: ListProfilesWarehouseInSpaceAlphaOutput
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
            data = ListProfilesWarehouseInSpaceAlphaOutput.from_dict(data)
        except ShapeError as error:
            raise error.within("data") from None

        list_profiles_warehouse_in_space_200_response = cls.__new__(cls)
        list_profiles_warehouse_in_space_200_response.data = data
        list_profiles_warehouse_in_space_200_response.additional_properties = {}
        if len(src_dict) != found:
            list_profiles_warehouse_in_space_200_response.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _LISTPROFILESWAREHOUSEINSPACE200RESPONSE_FIELDS
            }
        return list_profiles_warehouse_in_space_200_response

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


_LISTPROFILESWAREHOUSEINSPACE200RESPONSE_FIELDS = frozenset(
    {
        "data",
    }
)
_INF = float("inf")
from ..models.list_profiles_warehouse_in_space_alpha_output import (
    ListProfilesWarehouseInSpaceAlphaOutput,
)
