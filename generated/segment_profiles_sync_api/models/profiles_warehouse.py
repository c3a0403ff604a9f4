from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="ProfilesWarehouse")


@_attrs_define
class ProfilesWarehouse:
    """A Profiles Sync warehouse connection of a space.

    Attributes:
        id (str): The id of the Warehouse.
        space_id (str): The id of the Space the Warehouse belongs to.
        workspace_id (str): The id of the Workspace the Warehouse belongs to.
        enabled (bool): Whether this Warehouse receives data.
        metadata (WarehouseMetadata): The catalog entry of a kind of warehouse.
        settings (WarehouseSettings): A key-value object that contains instance-specific settings for a Warehouse.

            Different kinds of Warehouses require different settings. The required and optional
            settings for a Warehouse are described in the options object of the associated
            Warehouse metadata, listed by the `/catalog/warehouses` endpoint. Secret settings come
            back as the string `"<redacted>"`; the server may add keys.
             Example: {'host': 'example.snowflakecomputing.com', 'password': '<redacted>'}.
        schema_name (str | Unset): The custom schema name that Segment uses on the Warehouse side.
    """

    id: str
    space_id: str
    workspace_id: str
    enabled: bool
    metadata: WarehouseMetadata
    settings: WarehouseSettings
    schema_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        space_id = self.space_id

        workspace_id = self.workspace_id

        enabled = self.enabled

        metadata = self.metadata.to_dict()

        settings = self.settings.to_dict()

        schema_name = self.schema_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "spaceId": space_id,
                "workspaceId": workspace_id,
                "enabled": enabled,
                "metadata": metadata,
                "settings": settings,
            }
        )
        if schema_name is not UNSET:
            field_dict["schemaName"] = schema_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 6
        try:
            id = src_dict["id"]
        except KeyError:
            raise ShapeError.missing("id") from None
        if type(id) is not str:
            raise ShapeError("id", "string", id)

        try:
            space_id = src_dict["spaceId"]
        except KeyError:
            raise ShapeError.missing("spaceId") from None
        if type(space_id) is not str:
            raise ShapeError("spaceId", "string", space_id)

        try:
            workspace_id = src_dict["workspaceId"]
        except KeyError:
            raise ShapeError.missing("workspaceId") from None
        if type(workspace_id) is not str:
            raise ShapeError("workspaceId", "string", workspace_id)

        try:
            enabled = src_dict["enabled"]
        except KeyError:
            raise ShapeError.missing("enabled") from None
        if type(enabled) is not bool:
            raise ShapeError("enabled", "boolean", enabled)

        try:
            metadata = src_dict["metadata"]
        except KeyError:
            raise ShapeError.missing("metadata") from None
        try:
            metadata = WarehouseMetadata.from_dict(metadata)
        except ShapeError as error:
            raise error.within("metadata") from None

        try:
            settings = src_dict["settings"]
        except KeyError:
            raise ShapeError.missing("settings") from None
        try:
            settings = WarehouseSettings.from_dict(settings)
        except ShapeError as error:
            raise error.within("settings") from None

        schema_name = src_dict.get("schemaName", UNSET)
        if schema_name is not UNSET:
            found += 1
            if type(schema_name) is not str:
                raise ShapeError("schemaName", "string", schema_name)

        profiles_warehouse = cls.__new__(cls)
        profiles_warehouse.id = id
        profiles_warehouse.space_id = space_id
        profiles_warehouse.workspace_id = workspace_id
        profiles_warehouse.enabled = enabled
        profiles_warehouse.metadata = metadata
        profiles_warehouse.settings = settings
        profiles_warehouse.schema_name = schema_name
        profiles_warehouse.additional_properties = {}
        if len(src_dict) != found:
            profiles_warehouse.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _PROFILESWAREHOUSE_FIELDS
            }
        return profiles_warehouse

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


_PROFILESWAREHOUSE_FIELDS = frozenset(
    {
        "id",
        "spaceId",
        "workspaceId",
        "enabled",
        "metadata",
        "settings",
        "schemaName",
    }
)
_INF = float("inf")
from ..models.warehouse_metadata import WarehouseMetadata
from ..models.warehouse_settings import WarehouseSettings
