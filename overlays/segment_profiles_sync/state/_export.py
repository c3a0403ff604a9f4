"""What a space holds, as a desired-state document (pure).

Secrets are never exported: each becomes a `${VAR}` placeholder whose name is derived from the
space, the warehouse and the key (`PROFILES_SYNC_<SPACE>_<WAREHOUSE>_<KEY>`), so the document
can be committed and the values supplied by the environment. Selective sync is exported only
where it departs from the default (collections or properties that are off) to keep the
document short; `enable_event_tables` is always written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ._diff import LiveCollection, _property_state
from ._plan import LiveWarehouse
from ._secrets import is_masked, is_secret_key

_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def placeholder_name(space_id: str, warehouse: str, key: str) -> str:
    """`PROFILES_SYNC_<SPACE>_<WAREHOUSE>_<KEY>`, upper-cased, other characters as `_`."""
    parts = (space_id, warehouse, key)
    return "PROFILES_SYNC_" + "_".join(_NOT_WORD.sub("_", p).strip("_").upper() for p in parts)


def _escape(value: Any) -> Any:
    """A live value written into a document: a literal `${` must not read as a placeholder."""
    if isinstance(value, str):
        return value.replace("${", "$${")
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


def _selective(items: Sequence[LiveCollection], events: bool | None) -> dict[str, Any] | None:
    collections: dict[str, Any] = {}
    for item in items:
        off = sorted(p for p, v in item.properties.items() if _property_state(v) is False)
        if not item.enabled:
            collections[item.name] = False
        elif off:
            collections[item.name] = {"properties": dict.fromkeys(off, False)}
    document: dict[str, Any] = {}
    if events is not None:
        document["enable_event_tables"] = events
    if collections:
        document["collections"] = collections
    return document or None


def export_space(
    space_id: str,
    live: Sequence[LiveWarehouse],
    selective: Mapping[str, tuple[Sequence[LiveCollection], bool | None]],
) -> dict[str, Any]:
    """One space's entry of the document: every live warehouse, `prune: false`."""
    names = Counter(w.name for w in live if w.name is not None)
    warehouses = []
    for warehouse in live:
        entry: dict[str, Any] = {}
        # A name two warehouses share cannot identify either: those are written by id.
        if warehouse.name is not None and names[warehouse.name] == 1:
            entry["name"] = warehouse.name
            label = warehouse.name
        else:
            entry["id"] = warehouse.id
            label = warehouse.id
        entry["metadata_id"] = warehouse.metadata_id
        entry["enabled"] = warehouse.enabled
        if warehouse.schema_name is not None:
            entry["schema_name"] = warehouse.schema_name
        settings = {}
        for key, value in warehouse.settings.items():
            if is_masked(value) or is_secret_key(key):
                settings[key] = "${" + placeholder_name(space_id, label, key) + "}"
            else:
                settings[key] = _escape(value)
        entry["settings"] = settings
        if warehouse.id in selective:
            items, events = selective[warehouse.id]
            tuned = _selective(items, events)
            if tuned is not None:
                entry["selective_sync"] = tuned
        warehouses.append(entry)
    return {"prune": False, "warehouses": warehouses}
