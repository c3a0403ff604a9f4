from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.schema_override import SchemaOverride


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
        from ..models.schema_override import SchemaOverride

        d = dict(src_dict)
        _sync_overrides = d.pop("syncOverrides", UNSET)
        sync_overrides: list[SchemaOverride] | Unset = UNSET
        if _sync_overrides is not UNSET:
            sync_overrides = []
            for sync_overrides_item_data in _sync_overrides:
                sync_overrides_item = SchemaOverride.from_dict(sync_overrides_item_data)

                sync_overrides.append(sync_overrides_item)

        enable_event_tables = d.pop("enableEventTables", UNSET)

        update_selective_sync_for_warehouse_and_space_alpha_input = cls(
            sync_overrides=sync_overrides,
            enable_event_tables=enable_event_tables,
        )

        update_selective_sync_for_warehouse_and_space_alpha_input.additional_properties = d
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
