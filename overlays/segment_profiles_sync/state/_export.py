"""What a space holds, as a desired-state document (pure).

Secrets are never exported: each secret at any depth (by key, by look, or masked by the API)
becomes a `${VAR}` placeholder whose name is derived from the space, the warehouse and the key
path (`PROFILES_SYNC_<SPACE>_<WAREHOUSE>_<KEY>`), so the document can be committed and the
values supplied by the environment. Where two places would get the same name (names that
differ only by case, spacing, punctuation or script), each gets a short stable suffix from a
hash of its space, warehouse and key path. Selective sync is exported only where it departs
from the default (collections or properties that are off) to keep the document short;
`enable_event_tables` is always written.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from .._secrecy import is_masked, is_secret_key, looks_secret
from .._wire import property_is_off
from ._diff import LiveCollection
from ._plan import LiveWarehouse

_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def _word(part: str) -> str:
    return _NOT_WORD.sub("_", part).strip("_").upper()


def placeholder_name(space_id: str, warehouse: str, key: str) -> str:
    """`PROFILES_SYNC_<SPACE>_<WAREHOUSE>_<KEY>`, upper-cased, other characters as `_` (the
    key may be a dotted path). An export adds a suffix where two places would share one."""
    return "PROFILES_SYNC_" + "_".join(_word(p) for p in (space_id, warehouse, key))


def _suffix(space_id: str, warehouse: str, key: str, length: int) -> str:
    digest = hashlib.sha256("\0".join((space_id, warehouse, key)).encode()).hexdigest()
    return digest[:length].upper()


class _Slot:
    """A placeholder still to be named (names depend on every other placeholder)."""

    __slots__ = ("key", "space_id", "warehouse")

    def __init__(self, space_id: str, warehouse: str, key: str) -> None:
        self.space_id, self.warehouse, self.key = space_id, warehouse, key

    def base(self) -> str:
        return placeholder_name(self.space_id, self.warehouse, self.key)

    def lossy(self) -> bool:
        """A part with nothing left after folding (a name in another script) needs a suffix."""
        return not all(_word(p) for p in (self.space_id, self.warehouse, self.key))


def _slots(value: Any) -> list[_Slot]:
    if isinstance(value, _Slot):
        return [value]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _slots(v)]
    if isinstance(value, list):
        return [s for v in value for s in _slots(v)]
    return []


def _fill(value: Any, names: Mapping[int, str]) -> Any:
    if isinstance(value, _Slot):
        return "${" + names[id(value)] + "}"
    if isinstance(value, Mapping):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


def name_placeholders(spaces: Mapping[str, Any]) -> dict[str, Any]:
    """Give every placeholder of an export its variable name, unique across the export."""
    slots = _slots(dict(spaces))
    bases = Counter(s.base() for s in slots)
    names: dict[int, str] = {}
    for slot in slots:
        base = slot.base()
        suffixed = bases[base] > 1 or slot.lossy()
        names[id(slot)] = (
            f"{base}_{_suffix(slot.space_id, slot.warehouse, slot.key, 6)}" if suffixed else base
        )
    # Two suffixed names could still meet (a 24-bit hash); lengthen those until they differ.
    groups: defaultdict[str, list[_Slot]] = defaultdict(list)
    for slot in slots:
        groups[names[id(slot)]].append(slot)
    for group in (g for g in groups.values() if len(g) > 1):
        for slot in group:
            suffix = _suffix(slot.space_id, slot.warehouse, slot.key, 16)
            names[id(slot)] = f"{slot.base()}_{suffix}"
    return {space_id: _fill(document, names) for space_id, document in spaces.items()}


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
        off = sorted(p for p, v in item.properties.items() if property_is_off(v))
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


def _exported(space_id: str, label: str, path: str, value: Any, *, secret: bool) -> Any:
    """A live settings value as the document holds it: secrets at any depth as placeholders."""
    if secret or is_masked(value) or looks_secret(value):
        return _Slot(space_id, label, path)
    if isinstance(value, Mapping):
        return {
            k: _exported(space_id, label, f"{path}.{k}", v, secret=is_secret_key(str(k)))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            _exported(space_id, label, f"{path}.{i}", v, secret=False) for i, v in enumerate(value)
        ]
    return _escape(value)


def export_space(
    space_id: str,
    live: Sequence[LiveWarehouse],
    selective: Mapping[str, tuple[Sequence[LiveCollection], bool | None]],
) -> dict[str, Any]:
    """One space's entry of the document: every live warehouse, `prune: false`."""
    return name_placeholders({space_id: space_entry(space_id, live, selective)})[space_id]  # type: ignore[no-any-return]


def space_entry(
    space_id: str,
    live: Sequence[LiveWarehouse],
    selective: Mapping[str, tuple[Sequence[LiveCollection], bool | None]],
) -> dict[str, Any]:
    """`export_space` with its placeholders still unnamed (`name_placeholders` names them
    across a whole export)."""
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
        entry["settings"] = {
            key: _exported(space_id, label, key, value, secret=is_secret_key(key))
            for key, value in warehouse.settings.items()
        }
        if warehouse.id in selective:
            items, events = selective[warehouse.id]
            tuned = _selective(items, events)
            if tuned is not None:
                entry["selective_sync"] = tuned
        warehouses.append(entry)
    return {"prune": False, "warehouses": warehouses}
