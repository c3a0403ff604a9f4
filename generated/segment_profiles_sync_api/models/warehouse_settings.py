from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="WarehouseSettings")


@_attrs_define
class WarehouseSettings:
    """A key-value object that contains instance-specific settings for a Warehouse.

    Different kinds of Warehouses require different settings. The required and optional
    settings for a Warehouse are described in the options object of the associated
    Warehouse metadata, listed by the `/catalog/warehouses` endpoint. Secret settings come
    back as the string `"<redacted>"`; the server may add keys.

        Example:
            {'host': 'example.snowflakecomputing.com', 'password': '<redacted>'}

    """

    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        warehouse_settings = cls.__new__(cls)
        warehouse_settings.additional_properties = {}
        warehouse_settings.additional_properties = dict(src_dict)
        return warehouse_settings

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


_INF = float("inf")
