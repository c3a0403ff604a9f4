from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput")


@_attrs_define
class UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput:
    """Input to update the selective sync of a warehouse. `{}` is valid.

    Attributes:
        sync_overrides (list[SchemaOverride] | Unset): A list of sync Schema overrides to apply to this Space Warehouse.
            Note: Selective
            Sync is not supported if the enableEventTables flag is false.
        enable_event_tables (bool | Unset): A flag to enable or disable all event Tables. This field is optional.
    """

    sync_overrides: list[SchemaOverride] | Unset = UNSET
    enable_event_tables: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sync_overrides: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sync_overrides, Unset):
            sync_overrides = []
            for sync_overrides_item_data in self.sync_overrides:
                sync_overrides_item = sync_overrides_item_data.to_dict()
                sync_overrides.append(sync_overrides_item)

        enable_event_tables = self.enable_event_tables

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sync_overrides is not UNSET:
            field_dict["syncOverrides"] = sync_overrides
        if enable_event_tables is not UNSET:
            field_dict["enableEventTables"] = enable_event_tables

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 0
        sync_overrides = src_dict.get("syncOverrides", UNSET)
        if sync_overrides is not UNSET:
            found += 1
            if type(sync_overrides) is not list:
                raise ShapeError("syncOverrides", "array", sync_overrides)
            try:
                sync_overrides = [
                    SchemaOverride.from_dict(item) for item in sync_overrides
                ]
            except ShapeError as error:
                for index, item in enumerate(sync_overrides):
                    try:
                        SchemaOverride.from_dict(item)
                    except ShapeError:
                        raise error.within("[%d]" % index).within(
                            "syncOverrides"
                        ) from None
                raise

        enable_event_tables = src_dict.get("enableEventTables", UNSET)
        if enable_event_tables is not UNSET:
            found += 1
            if type(enable_event_tables) is not bool:
                raise ShapeError("enableEventTables", "boolean", enable_event_tables)

        update_selective_sync_for_warehouse_and_space_alpha_input = cls.__new__(cls)
        update_selective_sync_for_warehouse_and_space_alpha_input.sync_overrides = (
            sync_overrides
        )
        update_selective_sync_for_warehouse_and_space_alpha_input.enable_event_tables = enable_event_tables
        update_selective_sync_for_warehouse_and_space_alpha_input.additional_properties = {}
        if len(src_dict) != found:
            update_selective_sync_for_warehouse_and_space_alpha_input.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _UPDATESELECTIVESYNCFORWAREHOUSEANDSPACEALPHAINPUT_FIELDS
            }
        return update_selective_sync_for_warehouse_and_space_alpha_input

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


_UPDATESELECTIVESYNCFORWAREHOUSEANDSPACEALPHAINPUT_FIELDS = frozenset(
    {
        "syncOverrides",
        "enableEventTables",
    }
)
_INF = float("inf")
from ..models.schema_override import SchemaOverride
