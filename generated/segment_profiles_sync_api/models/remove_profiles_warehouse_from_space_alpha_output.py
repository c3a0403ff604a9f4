from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.remove_warehouse_status import RemoveWarehouseStatus
from ..types import ShapeError

T = TypeVar("T", bound="RemoveProfilesWarehouseFromSpaceAlphaOutput")


@_attrs_define
class RemoveProfilesWarehouseFromSpaceAlphaOutput:
    """
    Attributes:
        status (RemoveWarehouseStatus): The outcome of the removal.
    """

    status: RemoveWarehouseStatus
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
            status = RemoveWarehouseStatus(status)
        except ValueError:
            raise ShapeError("status", "one of SUCCESS", status) from None

        remove_profiles_warehouse_from_space_alpha_output = cls.__new__(cls)
        remove_profiles_warehouse_from_space_alpha_output.status = status
        remove_profiles_warehouse_from_space_alpha_output.additional_properties = {}
        if len(src_dict) != found:
            remove_profiles_warehouse_from_space_alpha_output.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _REMOVEPROFILESWAREHOUSEFROMSPACEALPHAOUTPUT_FIELDS
            }
        return remove_profiles_warehouse_from_space_alpha_output

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


_REMOVEPROFILESWAREHOUSEFROMSPACEALPHAOUTPUT_FIELDS = frozenset(
    {
        "status",
    }
)
_INF = float("inf")
