from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.warehouse_metadata import WarehouseMetadata
    from ..models.warehouse_settings import WarehouseSettings


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
        from ..models.warehouse_metadata import WarehouseMetadata
        from ..models.warehouse_settings import WarehouseSettings

        d = dict(src_dict)
        id = d.pop("id")

        space_id = d.pop("spaceId")

        workspace_id = d.pop("workspaceId")

        enabled = d.pop("enabled")

        metadata = WarehouseMetadata.from_dict(d.pop("metadata"))

        settings = WarehouseSettings.from_dict(d.pop("settings"))

        schema_name = d.pop("schemaName", UNSET)

        profiles_warehouse = cls(
            id=id,
            space_id=space_id,
            workspace_id=workspace_id,
            enabled=enabled,
            metadata=metadata,
            settings=settings,
            schema_name=schema_name,
        )

        profiles_warehouse.additional_properties = d
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
