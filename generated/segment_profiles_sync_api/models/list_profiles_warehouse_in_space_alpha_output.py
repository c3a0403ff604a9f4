from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

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
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            profiles_warehouses = src_dict["profilesWarehouses"]
        except KeyError:
            raise ShapeError.missing("profilesWarehouses") from None
        if type(profiles_warehouses) is not list:
            raise ShapeError("profilesWarehouses", "array", profiles_warehouses)
        try:
            profiles_warehouses = [
                ProfilesWarehouse.from_dict(item) for item in profiles_warehouses
            ]
        except ShapeError as error:
            for index, item in enumerate(profiles_warehouses):
                try:
                    ProfilesWarehouse.from_dict(item)
                except ShapeError:
                    raise error.within("[%d]" % index).within(
                        "profilesWarehouses"
                    ) from None
            raise

        pagination = src_dict.get("pagination", UNSET)
        if pagination is not UNSET:
            found += 1
            try:
                pagination = PaginationOutput.from_dict(pagination)
            except ShapeError as error:
                raise error.within("pagination") from None

        list_profiles_warehouse_in_space_alpha_output = cls.__new__(cls)
        list_profiles_warehouse_in_space_alpha_output.profiles_warehouses = (
            profiles_warehouses
        )
        list_profiles_warehouse_in_space_alpha_output.pagination = pagination
        list_profiles_warehouse_in_space_alpha_output.additional_properties = {}
        if len(src_dict) != found:
            list_profiles_warehouse_in_space_alpha_output.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _LISTPROFILESWAREHOUSEINSPACEALPHAOUTPUT_FIELDS
            }
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


_LISTPROFILESWAREHOUSEINSPACEALPHAOUTPUT_FIELDS = frozenset(
    {
        "profilesWarehouses",
        "pagination",
    }
)
_INF = float("inf")
from ..models.pagination_output import PaginationOutput
from ..models.profiles_warehouse import ProfilesWarehouse
