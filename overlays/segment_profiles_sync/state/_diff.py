"""Planning one space: match desired warehouses to live ones and say what differs (pure).

The I/O layer reads a space and hands the listings here; nothing in this module talks to the
API, so every rule is tested on plain values.

Matching: a desired warehouse with `id` matches that live warehouse (a problem if there is
none); otherwise the live warehouse whose `settings["name"]` equals its `name` (a problem if
two do: never guess). Live warehouses matched by nothing are unmanaged, and removed only
with `prune: true`.

Comparing: only what the document lists, at any depth. Settings keys the document does not
list are the server's business. Every value is compared whose live counterpart the API shows
(secrets included: they are compared, never shown); a value the API masks, or a secret it
leaves out, cannot be compared: it is only sent, either with an update that is needed anyway
or, with `rotate_secrets`, with an update of its own, and the plan counts it
(`Plan.not_compared`) instead of claiming a match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .._secrecy import Secret, contains_masked, is_masked, is_secret_key, redact
from .._text import inert
from .._wire import property_state
from ..errors import StateProblem
from ._document import SpaceSpec, WarehouseSpec
from ._plan import Change, FieldDiff, LiveWarehouse, Unmanaged, sort_changes

_MISSING = object()


class LiveCollection(NamedTuple):
    """One item of a selective-sync listing: a collection, whether it syncs, its properties
    (each a boolean, or an object with `enabled`, depending on the API version)."""

    name: str
    enabled: bool
    properties: Mapping[str, Any]


@dataclass
class SpacePlan:
    """The warehouse-level result for one space, before selective sync is read."""

    changes: list[Change] = field(default_factory=list)
    unmanaged: list[Unmanaged] = field(default_factory=list)
    problems: list[StateProblem] = field(default_factory=list)
    ambiguous: bool = False
    # Desired values that could not be compared (masked or left out by the API).
    not_compared: int = 0
    # Matched warehouses whose selective sync the document manages: read them next.
    to_read: list[tuple[WarehouseSpec, str]] = field(default_factory=list)


def _leaf(path: str, before: Any, after: Any, *, secret: bool) -> FieldDiff:
    """A diff of one value: a secret, or a value with a secret inside, keeps no value."""
    if secret or redact(before) != before or redact(after) != after:
        return FieldDiff(path, None, None, secret=True)
    return FieldDiff(path, before, after)


def _settings_leaves(path: str, value: Any, *, secret: bool) -> list[FieldDiff]:
    """What a new value sends, leaf by leaf (a mapping's keys each on their own line)."""
    if isinstance(value, Secret):
        return [FieldDiff(path, None, None, secret=True)]
    if isinstance(value, Mapping) and value and not secret:
        return [
            d
            for key, item in value.items()
            for d in _settings_leaves(f"{path}.{key}", item, secret=is_secret_key(key))
        ]
    return [_leaf(path, None, value, secret=secret)]


def creation_diff(spec: WarehouseSpec) -> tuple[FieldDiff, ...]:
    """What a create sends, as diffs from nothing (a secret is a diff with its flag set and no
    value)."""
    diffs = [FieldDiff("metadata_id", None, spec.metadata_id)]
    if spec.enabled is not None:
        diffs.append(FieldDiff("enabled", None, spec.enabled))
    if spec.schema_name is not None:
        diffs.append(FieldDiff("schema_name", None, spec.schema_name))
    for key, value in spec.settings.items():
        diffs.extend(_settings_leaves(f"settings.{key}", value, secret=is_secret_key(key)))
    return tuple(diffs)


def desired_selective_diff(spec: WarehouseSpec) -> tuple[FieldDiff, ...]:
    """The selective sync a new warehouse will get, as diffs from nothing."""
    selective = spec.selective_sync
    if selective is None:
        return ()
    diffs = []
    if selective.enable_event_tables is not None:
        diffs.append(FieldDiff("enable_event_tables", None, selective.enable_event_tables))
    for name, collection in selective.collections.items():
        if collection.enabled is not None:
            diffs.append(FieldDiff(name, None, collection.enabled))
        diffs.extend(FieldDiff(f"{name}.{p}", None, on) for p, on in collection.properties.items())
    return tuple(diffs)


class _Comparison:
    """Walks a desired settings value beside its live counterpart, at any depth."""

    def __init__(self, rotate_secrets: bool) -> None:
        self.rotate_secrets = rotate_secrets
        self.diffs: list[FieldDiff] = []
        self.not_compared = 0

    def compare(self, path: str, desired: Any, current: Any, *, secret: bool) -> None:
        if isinstance(desired, Secret):
            secret, desired = True, desired.reveal()
        if current is _MISSING and secret:
            # The API leaves some secrets out of its answers altogether.
            self._uncomparable(path)
        elif current is _MISSING:
            self.diffs.extend(_settings_leaves(path, desired, secret=secret))
        elif is_masked(current):
            self._uncomparable(path)
        elif isinstance(desired, Mapping) and isinstance(current, Mapping):
            for key, value in desired.items():
                self.compare(
                    f"{path}.{key}",
                    value,
                    current.get(key, _MISSING),
                    secret=secret or is_secret_key(key),
                )
        elif contains_masked(current):
            self._uncomparable(path)
        elif current != desired:
            self.diffs.append(_leaf(path, current, desired, secret=secret))

    def _uncomparable(self, path: str) -> None:
        self.not_compared += 1
        if self.rotate_secrets:
            self.diffs.append(FieldDiff(path, None, None, secret=True))


def settings_diff(
    spec: WarehouseSpec, live: LiveWarehouse, *, rotate_secrets: bool
) -> tuple[list[FieldDiff], int]:
    """The settings that differ, and how many desired values could not be compared."""
    comparison = _Comparison(rotate_secrets)
    for key, desired in spec.settings.items():
        comparison.compare(
            f"settings.{key}",
            desired,
            live.settings.get(key, _MISSING),
            secret=is_secret_key(key),
        )
    return comparison.diffs, comparison.not_compared


def update_diff(
    spec: WarehouseSpec, live: LiveWarehouse, *, rotate_secrets: bool
) -> list[FieldDiff]:
    """The fields of a matched warehouse that differ from the document."""
    return _update_diff(spec, live, rotate_secrets=rotate_secrets)[0]


def _update_diff(
    spec: WarehouseSpec, live: LiveWarehouse, *, rotate_secrets: bool
) -> tuple[list[FieldDiff], int]:
    diffs = []
    if spec.name is not None and live.name != spec.name:
        diffs.append(FieldDiff("name", live.name, spec.name))
    if spec.enabled is not None and live.enabled != spec.enabled:
        diffs.append(FieldDiff("enabled", live.enabled, spec.enabled))
    if spec.schema_name is not None and live.schema_name != spec.schema_name:
        diffs.append(FieldDiff("schema_name", live.schema_name, spec.schema_name))
    settings, not_compared = settings_diff(spec, live, rotate_secrets=rotate_secrets)
    return diffs + settings, not_compared


def _match(
    space: SpaceSpec, live: Sequence[LiveWarehouse], result: SpacePlan
) -> tuple[list[tuple[WarehouseSpec, LiveWarehouse | None]], list[LiveWarehouse]]:
    problems = result.problems
    by_id = {w.id: w for w in live}
    claimed: set[str] = set()
    pairs: list[tuple[WarehouseSpec, LiveWarehouse | None]] = []
    for spec in space.warehouses:
        if spec.id is not None:
            found = by_id.get(spec.id)
            if found is None:
                problems.append(
                    StateProblem(
                        f"{spec.path}.id",
                        f"no warehouse {spec.id} in space {space.space_id} (404)",
                    )
                )
                continue
            claimed.add(found.id)
            pairs.append((spec, found))
    for spec in space.warehouses:
        if spec.id is not None:
            continue
        named = [w for w in live if w.name == spec.name and w.id not in claimed]
        if len(named) > 1:
            result.ambiguous = True
            problems.append(
                StateProblem(spec.path, _duplicate_message(space.space_id, spec, named))
            )
            continue
        if named:
            claimed.add(named[0].id)
        pairs.append((spec, named[0] if named else None))
    return pairs, [w for w in live if w.id not in claimed]


def _duplicate_message(space_id: str, spec: WarehouseSpec, named: list[LiveWarehouse]) -> str:
    """Two applies of one space at once can each create the same warehouse: say which ids
    hold the name and give the exact commands that keep the first and remove the others."""
    ids = [inert(w.id) for w in named]
    removes = "; ".join(
        f"segment-profiles-sync warehouses remove --space {inert(space_id)} --warehouse {i}"
        for i in ids[1:]
    )
    return (
        f"{len(named)} live warehouses are named {spec.name!r} ({', '.join(ids)}), as two "
        f"applies of this space at once leave behind. Keep one: give this entry its `id` "
        f"(id: {ids[0]}), or remove the others, for example: {removes}"
    )


def plan_space(
    space: SpaceSpec, live: Sequence[LiveWarehouse], *, rotate_secrets: bool
) -> SpacePlan:
    """Warehouse-level changes for one space, in apply order, with every problem found."""
    result = SpacePlan()
    pairs, unmatched = _match(space, live, result)
    sid = space.space_id
    for spec, found in pairs:
        if found is None:
            result.changes.append(Change("create", sid, None, spec.name, creation_diff(spec), spec))
            if spec.selective_sync is not None:
                result.changes.append(
                    Change(
                        "selective_sync", sid, None, spec.name, desired_selective_diff(spec), spec
                    )
                )
            continue
        if found.metadata_id != spec.metadata_id:
            diff = (FieldDiff("metadata_id", found.metadata_id, spec.metadata_id),)
            result.changes.append(
                Change("replace", sid, found.id, spec.label, diff + creation_diff(spec)[1:], spec)
            )
            if spec.selective_sync is not None:
                result.changes.append(
                    Change(
                        "selective_sync", sid, None, spec.label, desired_selective_diff(spec), spec
                    )
                )
            continue
        diffs, not_compared = _update_diff(spec, found, rotate_secrets=rotate_secrets)
        result.not_compared += not_compared
        if diffs:
            result.changes.append(Change("update", sid, found.id, spec.label, tuple(diffs), spec))
        if spec.selective_sync is not None:
            result.to_read.append((spec, found.id))
    for warehouse in unmatched:
        if space.prune:
            result.changes.append(Change("remove", sid, warehouse.id, warehouse.name))
        else:
            result.unmanaged.append(Unmanaged(sid, warehouse.id, warehouse.name))
    result.changes = sort_changes(result.changes)
    return result


def plan_selective(
    space_id: str,
    spec: WarehouseSpec,
    warehouse_id: str | None,
    items: Iterable[LiveCollection],
    live_events: bool | None,
) -> tuple[Change | None, list[StateProblem]]:
    """The one selective-sync update that makes a warehouse match the document, if any."""
    selective = spec.selective_sync
    problems: list[StateProblem] = []
    if selective is None:
        return None, problems
    live = {item.name: item for item in items}
    base = f"{spec.path}.selective_sync"
    overrides: list[tuple[str, str | None, bool]] = []
    diffs: list[FieldDiff] = []
    for name, wanted in selective.collections.items():
        path = f"{base}.collections.{name}"
        current = live.get(name)
        if current is None:
            problems.append(
                StateProblem(path, f"warehouse {spec.label} has no collection {name!r}")
            )
            continue
        if wanted.enabled is not None and wanted.enabled != current.enabled:
            overrides.append((name, None, wanted.enabled))
            diffs.append(FieldDiff(name, current.enabled, wanted.enabled))
        for prop, on in wanted.properties.items():
            if prop not in current.properties:
                problems.append(
                    StateProblem(
                        f"{path}.properties.{prop}", f"collection {name!r} has no property {prop!r}"
                    )
                )
                continue
            state = property_state(current.properties[prop])
            if state is None:
                problems.append(
                    StateProblem(
                        f"{path}.properties.{prop}",
                        "the live value is neither a boolean nor an object with `enabled`: "
                        "not comparable, left alone",
                    )
                )
            elif state != on:
                overrides.append((name, prop, on))
                diffs.append(FieldDiff(f"{name}.{prop}", state, on))
    events = selective.enable_event_tables
    events_change = events if events is not None and events != live_events else None
    if events_change is not None:
        diffs.insert(0, FieldDiff("enable_event_tables", live_events, events_change))
    final_events = events if events is not None else live_events
    if overrides and final_events is False:
        problems.append(
            StateProblem(
                f"{base}.enable_event_tables",
                "selective sync overrides need event tables on (enable_event_tables: true)",
            )
        )
    if problems or not diffs:
        return None, problems
    change = Change(
        "selective_sync",
        space_id,
        warehouse_id,
        spec.label,
        tuple(diffs),
        spec,
        tuple(overrides),
        events_change,
    )
    return change, problems


def fingerprint(value: Any) -> str:
    """A short, order-independent digest of what a plan read (for stale-plan checks)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]
