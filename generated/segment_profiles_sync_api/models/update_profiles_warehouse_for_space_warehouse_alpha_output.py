from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="UpdateProfilesWarehouseForSpaceWarehouseAlphaOutput")


@_attrs_define
class UpdateProfilesWarehouseForSpaceWarehouseAlphaOutput:
    """
    Attributes:
        profiles_warehouse (ProfilesWarehouse): A Profiles Sync warehouse connection of a space.
    """

    profiles_warehouse: ProfilesWarehouse
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        profiles_warehouse = self.profiles_warehouse.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "profilesWarehouse": profiles_warehouse,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            profiles_warehouse = src_dict["profilesWarehouse"]
        except KeyError:
            raise ShapeError.missing("profilesWarehouse") from None
        try:
            profiles_warehouse = ProfilesWarehouse.from_dict(profiles_warehouse)
        except ShapeError as error:
            raise error.within("profilesWarehouse") from None

        update_profiles_warehouse_for_space_warehouse_alpha_output = cls.__new__(cls)
        update_profiles_warehouse_for_space_warehouse_alpha_output.profiles_warehouse = profiles_warehouse
        update_profiles_warehouse_for_space_warehouse_alpha_output.additional_properties = {}
        if len(src_dict) != found:
            update_profiles_warehouse_for_space_warehouse_alpha_output.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _UPDATEPROFILESWAREHOUSEFORSPACEWAREHOUSEALPHAOUTPUT_FIELDS
            }
        return update_profiles_warehouse_for_space_warehouse_alpha_output

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


_UPDATEPROFILESWAREHOUSEFORSPACEWAREHOUSEALPHAOUTPUT_FIELDS = frozenset(
    {
        "profilesWarehouse",
    }
)
_INF = float("inf")
from ..models.profiles_warehouse import ProfilesWarehouse
