from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="SelectiveSyncProperties")


@_attrs_define
class SelectiveSyncProperties:
    """The properties of a collection and whether each syncs (a free-form object).

    Example:
        {'context_ip': False, 'user_id': True}

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
        selective_sync_properties = cls.__new__(cls)
        selective_sync_properties.additional_properties = {}
        selective_sync_properties.additional_properties = dict(src_dict)
        return selective_sync_properties

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
