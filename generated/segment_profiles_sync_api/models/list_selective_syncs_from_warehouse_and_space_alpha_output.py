from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

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
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 2
        try:
            items = src_dict["items"]
        except KeyError:
            raise ShapeError.missing("items") from None
        if type(items) is not list:
            raise ShapeError("items", "array", items)
        try:
            items = [SelectiveSyncItem.from_dict(item) for item in items]
        except ShapeError as error:
            for index, item in enumerate(items):
                try:
                    SelectiveSyncItem.from_dict(item)
                except ShapeError:
                    raise error.within("[%d]" % index).within("items") from None
            raise

        try:
            pagination = src_dict["pagination"]
        except KeyError:
            raise ShapeError.missing("pagination") from None
        try:
            pagination = PaginationOutput.from_dict(pagination)
        except ShapeError as error:
            raise error.within("pagination") from None

        enable_event_tables = src_dict.get("enableEventTables", UNSET)
        if enable_event_tables is not UNSET:
            found += 1
            if type(enable_event_tables) is not bool:
                raise ShapeError("enableEventTables", "boolean", enable_event_tables)

        list_selective_syncs_from_warehouse_and_space_alpha_output = cls.__new__(cls)
        list_selective_syncs_from_warehouse_and_space_alpha_output.items = items
        list_selective_syncs_from_warehouse_and_space_alpha_output.pagination = (
            pagination
        )
        list_selective_syncs_from_warehouse_and_space_alpha_output.enable_event_tables = enable_event_tables
        list_selective_syncs_from_warehouse_and_space_alpha_output.additional_properties = {}
        if len(src_dict) != found:
            list_selective_syncs_from_warehouse_and_space_alpha_output.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _LISTSELECTIVESYNCSFROMWAREHOUSEANDSPACEALPHAOUTPUT_FIELDS
            }
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


_LISTSELECTIVESYNCSFROMWAREHOUSEANDSPACEALPHAOUTPUT_FIELDS = frozenset(
    {
        "items",
        "pagination",
        "enableEventTables",
    }
)
_INF = float("inf")
from ..models.pagination_output import PaginationOutput
from ..models.selective_sync_item import SelectiveSyncItem
