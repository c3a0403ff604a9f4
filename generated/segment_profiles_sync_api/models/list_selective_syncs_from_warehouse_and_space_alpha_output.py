from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.pagination_output import PaginationOutput
    from ..models.selective_sync_item import SelectiveSyncItem


T = TypeVar("T", bound="ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput")


@_attrs_define
class ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput:
    """
    Attributes:
        items (list[SelectiveSyncItem]):
        pagination (PaginationOutput): Where a page stands in a paginated list.
        enable_event_tables (bool | Unset): Whether event tables sync.
    """

    items: list[SelectiveSyncItem]
    pagination: PaginationOutput
    enable_event_tables: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        pagination = self.pagination.to_dict()

        enable_event_tables = self.enable_event_tables

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "pagination": pagination,
            }
        )
        if enable_event_tables is not UNSET:
            field_dict["enableEventTables"] = enable_event_tables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.pagination_output import PaginationOutput
        from ..models.selective_sync_item import SelectiveSyncItem

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = SelectiveSyncItem.from_dict(items_item_data)

            items.append(items_item)

        pagination = PaginationOutput.from_dict(d.pop("pagination"))

        enable_event_tables = d.pop("enableEventTables", UNSET)

        list_selective_syncs_from_warehouse_and_space_alpha_output = cls(
            items=items,
            pagination=pagination,
            enable_event_tables=enable_event_tables,
        )

        list_selective_syncs_from_warehouse_and_space_alpha_output.additional_properties = d
        return list_selective_syncs_from_warehouse_and_space_alpha_output

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
