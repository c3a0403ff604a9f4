from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.selective_sync_update_status import SelectiveSyncUpdateStatus
from ..types import ShapeError

T = TypeVar("T", bound="UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput")


@_attrs_define
class UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput:
    """
    Attributes:
        status (SelectiveSyncUpdateStatus): `UPDATED` when anything changed, `UNCHANGED` otherwise.
    """

    status: SelectiveSyncUpdateStatus
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            status = src_dict["status"]
        except KeyError:
            raise ShapeError.missing("status") from None
        try:
            status = SelectiveSyncUpdateStatus(status)
        except ValueError:
            raise ShapeError("status", "one of UNCHANGED, UPDATED", status) from None

        update_selective_sync_for_warehouse_and_space_alpha_output = cls.__new__(cls)
        update_selective_sync_for_warehouse_and_space_alpha_output.status = status
        update_selective_sync_for_warehouse_and_space_alpha_output.additional_properties = {}
        if len(src_dict) != found:
            update_selective_sync_for_warehouse_and_space_alpha_output.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _UPDATESELECTIVESYNCFORWAREHOUSEANDSPACEALPHAOUTPUT_FIELDS
            }
        return update_selective_sync_for_warehouse_and_space_alpha_output

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


_UPDATESELECTIVESYNCFORWAREHOUSEANDSPACEALPHAOUTPUT_FIELDS = frozenset(
    {
        "status",
    }
)
_INF = float("inf")
