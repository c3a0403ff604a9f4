from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pagination_output import PaginationOutput
    from ..models.profiles_warehouse import ProfilesWarehouse


T = TypeVar("T", bound="ListProfilesWarehouseInSpaceAlphaOutput")


@_attrs_define
class ListProfilesWarehouseInSpaceAlphaOutput:
    """
    Attributes:
        profiles_warehouses (list[ProfilesWarehouse]):
        pagination (PaginationOutput | Unset): Where a page stands in a paginated list.
    """

    profiles_warehouses: list[ProfilesWarehouse]
    pagination: PaginationOutput | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        profiles_warehouses = []
        for profiles_warehouses_item_data in self.profiles_warehouses:
            profiles_warehouses_item = profiles_warehouses_item_data.to_dict()
            profiles_warehouses.append(profiles_warehouses_item)

        pagination: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pagination, Unset):
            pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "profilesWarehouses": profiles_warehouses,
            }
        )
        if pagination is not UNSET:
            field_dict["pagination"] = pagination

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pagination_output import PaginationOutput
        from ..models.profiles_warehouse import ProfilesWarehouse

        d = dict(src_dict)
        profiles_warehouses = []
        _profiles_warehouses = d.pop("profilesWarehouses")
        for profiles_warehouses_item_data in _profiles_warehouses:
            profiles_warehouses_item = ProfilesWarehouse.from_dict(
                profiles_warehouses_item_data
            )

            profiles_warehouses.append(profiles_warehouses_item)

        _pagination = d.pop("pagination", UNSET)
        pagination: PaginationOutput | Unset
        if isinstance(_pagination, Unset):
            pagination = UNSET
        else:
            pagination = PaginationOutput.from_dict(_pagination)

        list_profiles_warehouse_in_space_alpha_output = cls(
            profiles_warehouses=profiles_warehouses,
            pagination=pagination,
        )

        list_profiles_warehouse_in_space_alpha_output.additional_properties = d
        return list_profiles_warehouse_in_space_alpha_output

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
