from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="UpdateProfilesWarehouseForSpaceWarehouseAlphaInput")


@_attrs_define
class UpdateProfilesWarehouseForSpaceWarehouseAlphaInput:
    """Input to update a Profiles Warehouse. `settings` is required, `{}` allowed.

    Attributes:
        settings (WarehouseSettings): A key-value object that contains instance-specific settings for a Warehouse.

            Different kinds of Warehouses require different settings. The required and optional
            settings for a Warehouse are described in the options object of the associated
            Warehouse metadata, listed by the `/catalog/warehouses` endpoint. Secret settings come
            back as the string `"<redacted>"`; the server may add keys.
             Example: {'host': 'example.snowflakecomputing.com', 'password': '<redacted>'}.
        name (str | Unset): An optional human-readable name for this Warehouse.
        enabled (bool | Unset): Enable to allow this Warehouse to receive data. Defaults to true.
        schema_name (str | Unset): The custom schema name that Segment uses on the Warehouse side. The space slug value
            is default otherwise.
    """

    settings: WarehouseSettings
    name: str | Unset = UNSET
    enabled: bool | Unset = UNSET
    schema_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        settings = self.settings.to_dict()

        name = self.name

        enabled = self.enabled

        schema_name = self.schema_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "settings": settings,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if schema_name is not UNSET:
            field_dict["schemaName"] = schema_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            settings = src_dict["settings"]
        except KeyError:
            raise ShapeError.missing("settings") from None
        try:
            settings = WarehouseSettings.from_dict(settings)
        except ShapeError as error:
            raise error.within("settings") from None

        name = src_dict.get("name", UNSET)
        if name is not UNSET:
            found += 1
            if type(name) is not str:
                raise ShapeError("name", "string", name)

        enabled = src_dict.get("enabled", UNSET)
        if enabled is not UNSET:
            found += 1
            if type(enabled) is not bool:
                raise ShapeError("enabled", "boolean", enabled)

        schema_name = src_dict.get("schemaName", UNSET)
        if schema_name is not UNSET:
            found += 1
            if type(schema_name) is not str:
                raise ShapeError("schemaName", "string", schema_name)

        update_profiles_warehouse_for_space_warehouse_alpha_input = cls.__new__(cls)
        update_profiles_warehouse_for_space_warehouse_alpha_input.settings = settings
        update_profiles_warehouse_for_space_warehouse_alpha_input.name = name
        update_profiles_warehouse_for_space_warehouse_alpha_input.enabled = enabled
        update_profiles_warehouse_for_space_warehouse_alpha_input.schema_name = (
            schema_name
        )
        update_profiles_warehouse_for_space_warehouse_alpha_input.additional_properties = {}
        if len(src_dict) != found:
            update_profiles_warehouse_for_space_warehouse_alpha_input.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _UPDATEPROFILESWAREHOUSEFORSPACEWAREHOUSEALPHAINPUT_FIELDS
            }
        return update_profiles_warehouse_for_space_warehouse_alpha_input

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


_UPDATEPROFILESWAREHOUSEFORSPACEWAREHOUSEALPHAINPUT_FIELDS = frozenset(
    {
        "settings",
        "name",
        "enabled",
        "schemaName",
    }
)
_INF = float("inf")
from ..models.warehouse_settings import WarehouseSettings
