from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.selective_sync_properties import SelectiveSyncProperties


T = TypeVar("T", bound="SelectiveSyncItem")


@_attrs_define
class SelectiveSyncItem:
    """The sync state of one collection of a warehouse and its properties.

    Attributes:
        collection (str): The collection (table) name.
        warehouse_id (str): The id of the Warehouse.
        enabled (bool): Whether the collection syncs.
        properties (SelectiveSyncProperties): The properties of a collection and whether each syncs (a free-form
            object). Example: {'context_ip': False, 'user_id': True}.
    """

    collection: str
    warehouse_id: str
    enabled: bool
    properties: SelectiveSyncProperties
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        collection = self.collection

        warehouse_id = self.warehouse_id

        enabled = self.enabled

        properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "collection": collection,
                "warehouseId": warehouse_id,
                "enabled": enabled,
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.selective_sync_properties import SelectiveSyncProperties

        d = dict(src_dict)
        collection = d.pop("collection")

        warehouse_id = d.pop("warehouseId")

        enabled = d.pop("enabled")

        properties = SelectiveSyncProperties.from_dict(d.pop("properties"))

        selective_sync_item = cls(
            collection=collection,
            warehouse_id=warehouse_id,
            enabled=enabled,
            properties=properties,
        )

        selective_sync_item.additional_properties = d
        return selective_sync_item

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
