from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

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
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 4
        try:
            collection = src_dict["collection"]
        except KeyError:
            raise ShapeError.missing("collection") from None
        if type(collection) is not str:
            raise ShapeError("collection", "string", collection)

        try:
            warehouse_id = src_dict["warehouseId"]
        except KeyError:
            raise ShapeError.missing("warehouseId") from None
        if type(warehouse_id) is not str:
            raise ShapeError("warehouseId", "string", warehouse_id)

        try:
            enabled = src_dict["enabled"]
        except KeyError:
            raise ShapeError.missing("enabled") from None
        if type(enabled) is not bool:
            raise ShapeError("enabled", "boolean", enabled)

        try:
            properties = src_dict["properties"]
        except KeyError:
            raise ShapeError.missing("properties") from None
        try:
            properties = SelectiveSyncProperties.from_dict(properties)
        except ShapeError as error:
            raise error.within("properties") from None

        selective_sync_item = cls.__new__(cls)
        selective_sync_item.collection = collection
        selective_sync_item.warehouse_id = warehouse_id
        selective_sync_item.enabled = enabled
        selective_sync_item.properties = properties
        selective_sync_item.additional_properties = {}
        if len(src_dict) != found:
            selective_sync_item.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _SELECTIVESYNCITEM_FIELDS
            }
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


_SELECTIVESYNCITEM_FIELDS = frozenset(
    {
        "collection",
        "warehouseId",
        "enabled",
        "properties",
    }
)
_INF = float("inf")
from ..models.selective_sync_properties import SelectiveSyncProperties
