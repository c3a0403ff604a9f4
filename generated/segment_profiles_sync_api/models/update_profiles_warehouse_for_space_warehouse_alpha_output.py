from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.profiles_warehouse import ProfilesWarehouse


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
        from ..models.profiles_warehouse import ProfilesWarehouse

        d = dict(src_dict)
        profiles_warehouse = ProfilesWarehouse.from_dict(d.pop("profilesWarehouse"))

        update_profiles_warehouse_for_space_warehouse_alpha_output = cls(
            profiles_warehouse=profiles_warehouse,
        )

        update_profiles_warehouse_for_space_warehouse_alpha_output.additional_properties = d
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
