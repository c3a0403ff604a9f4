"""The emulator's state: spaces, warehouses and their selective sync (pure, in memory).

What a warehouse holds, how a new one is made (every collection of the emulator's catalog,
all on), and how it looks on the wire (secrets masked at any depth, as the API shows them).
Callers hold the emulator's lock; this module has none of its own.
"""

from __future__ import annotations

import copy
import random
import string
from collections.abc import Mapping
from typing import Any

import attrs

from ._catalog import REDACTED, SNOWFLAKE_METADATA_ID, WAREHOUSE_METADATA, is_secret

__all__ = ["Store", "Warehouse"]

_ID_ALPHABET = string.ascii_letters + string.digits


@attrs.define
class Warehouse:
    id: str
    space_id: str
    workspace_id: str
    metadata_id: str
    enabled: bool
    settings: dict[str, Any]
    schema_name: str | None
    enable_event_tables: bool = True
    # collection -> (enabled, {property: enabled})
    collections: dict[str, tuple[bool, dict[str, bool]]] = attrs.field(factory=dict)


class Store:
    """Spaces by id, each a dict of warehouses by id, in creation order."""

    def __init__(
        self, *, workspace_id: str, seed: int, collections: Mapping[str, list[str]]
    ) -> None:
        self.workspace_id = workspace_id
        self.collections = {k: list(v) for k, v in collections.items()}
        self.spaces: dict[str, dict[str, Warehouse]] = {}
        self._rng = random.Random(seed)

    def new_id(self) -> str:
        return "".join(self._rng.choice(_ID_ALPHABET) for _ in range(22))

    def add_space(self, space_id: str | None, warehouses: int) -> str:
        space_id = space_id or self.new_id()
        self.spaces.setdefault(space_id, {})
        for i in range(warehouses):
            self.seed_warehouse(space_id, name=f"warehouse {i + 1}")
        return space_id

    def seed_warehouse(
        self,
        space_id: str,
        *,
        warehouse_id: str | None = None,
        metadata_id: str = SNOWFLAKE_METADATA_ID,
        name: str | None = None,
        enabled: bool = True,
        settings: Mapping[str, Any] | None = None,
        schema_name: str | None = None,
    ) -> Warehouse:
        space = self.spaces.setdefault(space_id, {})
        wh = self.make_warehouse(
            space_id,
            metadata_id,
            dict(settings or {"account": "acme-xy12345", "password": "hunter2"}),
            name,
            enabled,
            schema_name,
        )
        if warehouse_id is not None:
            wh.id = warehouse_id
        space[wh.id] = wh
        return wh

    def make_warehouse(
        self,
        space_id: str,
        metadata_id: str,
        settings: dict[str, Any],
        name: str | None,
        enabled: bool,
        schema_name: str | None,
    ) -> Warehouse:
        if name is not None:
            settings["name"] = name
        collections = {
            collection: (True, dict.fromkeys(props, True))
            for collection, props in self.collections.items()
        }
        return Warehouse(
            id=self.new_id(),
            space_id=space_id,
            workspace_id=self.workspace_id,
            metadata_id=metadata_id,
            enabled=enabled,
            settings=settings,
            schema_name=schema_name,
            collections=collections,
        )

    def selective_sync(self, space_id: str, warehouse_id: str) -> dict[str, Any]:
        wh = self.spaces[space_id][warehouse_id]
        return {
            "enableEventTables": wh.enable_event_tables,
            "collections": {
                name: {"enabled": enabled, "properties": dict(props)}
                for name, (enabled, props) in wh.collections.items()
            },
        }


def wire(wh: Warehouse) -> dict[str, Any]:
    """A warehouse as the API shows it (secrets masked)."""
    metadata = WAREHOUSE_METADATA[wh.metadata_id]
    shown: dict[str, Any] = {
        "id": wh.id,
        "spaceId": wh.space_id,
        "workspaceId": wh.workspace_id,
        "enabled": wh.enabled,
        "metadata": copy.deepcopy(metadata),
        "settings": {k: _masked(metadata, k, v) for k, v in wh.settings.items()},
    }
    if wh.schema_name is not None:
        shown["schemaName"] = wh.schema_name
    return shown


def _masked(metadata: dict[str, Any] | None, key: str, value: Any) -> Any:
    """A stored setting as the API shows it: secrets masked at any depth (by the catalog's
    `type: password` at the top, by name below it)."""
    if value is None:
        return None
    if is_secret(metadata, key):
        return REDACTED
    if isinstance(value, dict):
        return {k: _masked(None, k, v) for k, v in value.items()}
    if isinstance(value, list):
        return [
            _masked(None, key, v) if isinstance(v, dict | list) else copy.deepcopy(v) for v in value
        ]
    return copy.deepcopy(value)
