"""The six operations of `openapi.yaml` over the emulator's store: routes, input checks, pages.

Each operation takes the store, the path's ids and the request (query, headers, body) and
returns `(status, data)`, or raises `RejectError` for an error answer (404, 405, 422 …).
`OPERATIONS` is the table that says who answers what; `route()` maps a path to its entry.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import unquote

from .._constants import MAX_ID_LENGTH, MAX_PAGE_SIZE, MEDIA_TYPE, SERVER_DEFAULT_PAGE_SIZE
from ._catalog import WAREHOUSE_METADATA
from ._store import Store, Warehouse, wire

__all__ = ["OPERATIONS", "RejectError", "route"]

JSON_TYPES = (MEDIA_TYPE, "application/json")
_T = TypeVar("_T")


class RejectError(Exception):
    """Stop handling and answer with this error envelope."""

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
        data: Any = None,
    ) -> None:
        super().__init__(message)
        error: dict[str, Any] = {"type": type_, "message": message}
        if field is not None:
            error["field"] = field
        if data is not None:
            error["data"] = data
        self.status, self.error, self.headers = status, error, dict(headers or {})


def _not_found(what: str) -> RejectError:
    return RejectError(404, "not-found", f"{what} not found")


def _invalid(field: str, message: str) -> RejectError:
    return RejectError(422, "input-validation", message, field)


def route(path: str) -> tuple[str, frozenset[str], list[str]]:
    parts = path.split("/")
    if (
        len(parts) >= 4
        and parts[0] == ""
        and parts[1] == "spaces"
        and parts[3] == "profiles-warehouses"
    ):
        ids = [unquote(p) for p in parts[2:3] + parts[4:5]]
        if len(parts) == 4:
            return "warehouses", frozenset({"GET", "POST"}), ids
        if len(parts) == 5:
            return "warehouse", frozenset({"PATCH", "DELETE"}), ids
        if len(parts) == 6 and parts[5] == "selective-syncs":
            return "selective", frozenset({"GET", "PATCH"}), ids
    raise RejectError(404, "not-found", f"no route for {path}")


def _check_ids(*pairs: tuple[str, str]) -> None:
    for name, value in pairs:
        if not 1 <= len(value) <= MAX_ID_LENGTH:
            raise _invalid(name, f'"{name}" length must be between 1 and {MAX_ID_LENGTH}')


def _space(store: Store, space_id: str) -> dict[str, Warehouse]:
    _check_ids(("spaceId", space_id))
    space = store.spaces.get(space_id)
    if space is None:
        # A real API's space exists or not; an emulator's exists once seeded. Say how.
        raise RejectError(
            404,
            "not-found",
            f"Space not found (this emulator knows only the spaces it was given: start it "
            f"with --seed {space_id}:0, or add_space({space_id!r}))",
        )
    return space


def _warehouse(store: Store, space_id: str, warehouse_id: str) -> Warehouse:
    _check_ids(("spaceId", space_id), ("warehouseId", warehouse_id))
    wh = _space(store, space_id).get(warehouse_id)
    if wh is None:
        raise _not_found("Warehouse")
    return wh


def _json_body(headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_TYPES:
        raise _invalid("Content-Type", f"Content-Type must be {MEDIA_TYPE}")
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise _invalid("body", "the body is not valid JSON") from None
    if not isinstance(document, dict):
        raise _invalid("body", "the body must be a JSON object")
    return document


def _field(document: Mapping[str, Any], name: str, kind: type, *, required: bool = False) -> Any:
    if name not in document:
        if required:
            raise _invalid(name, f'"{name}" is required')
        return None
    value = document[name]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        label = {str: "a string", bool: "a boolean", dict: "an object", list: "an array"}[kind]
        raise _invalid(name, f'"{name}" must be {label}')
    return value


def _pagination(query: Mapping[str, str]) -> tuple[int, int, bool]:
    """(offset, count, given) from `pagination.count` / `pagination.cursor`."""
    given = "pagination.count" in query or "pagination.cursor" in query
    count = SERVER_DEFAULT_PAGE_SIZE
    if "pagination.count" in query:
        raw = query["pagination.count"]
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise _invalid(
                "pagination.count", f'"count" must be an integer from 1 to {MAX_PAGE_SIZE}'
            )
        count = int(raw)
    offset = 0
    if query.get("pagination.cursor"):  # an empty cursor reads as "from the start"
        # Cursors are opaque: one this server did not issue names no page, hence 404.
        try:
            decoded = base64.b64decode(query["pagination.cursor"], validate=True).decode()
            if not decoded.isascii() or not decoded.isdigit():
                raise ValueError(decoded)
            offset = int(decoded)
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise _not_found("Page for this cursor") from None
    return offset, count, given


def _cursor(offset: int) -> str:
    return base64.b64encode(str(offset).encode()).decode()


def _page(
    items: list[_T], query: Mapping[str, str], render: Callable[[_T], Any]
) -> tuple[list[Any], dict[str, Any]]:
    """One page of `items` (rendered only for that page, so paging a big space is cheap)."""
    offset, count, _ = _pagination(query)
    chunk = [render(item) for item in items[offset : offset + count]]
    nxt = offset + count if offset + count < len(items) else None
    previous = max(0, offset - count) if offset > 0 else None
    pagination = {
        "current": _cursor(offset),
        "next": None if nxt is None else _cursor(nxt),
        "previous": None if previous is None else _cursor(previous),
        "totalEntries": len(items),
    }
    return chunk, pagination


def _op_warehouses_post(
    store: Store, space_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    space = _space(store, space_id)
    document = _json_body(headers, body)
    metadata_id = _field(document, "metadataId", str, required=True)
    settings = _field(document, "settings", dict, required=True)
    name = _field(document, "name", str)
    enabled = _field(document, "enabled", bool)
    schema_name = _field(document, "schemaName", str)
    if metadata_id not in WAREHOUSE_METADATA:
        raise _not_found(f"Warehouse metadata {metadata_id!r}")
    wh = store.make_warehouse(
        space_id,
        metadata_id,
        copy.deepcopy(settings),
        name,
        True if enabled is None else enabled,
        schema_name,
    )
    space[wh.id] = wh
    return 201, {"profilesWarehouse": wire(wh)}


def _op_warehouses_get(
    store: Store, space_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    space = _space(store, space_id)
    _, count, given = _pagination(query)
    chunk, pagination = _page(list(space.values()), query, wire)
    data: dict[str, Any] = {"profilesWarehouses": chunk}
    if given or len(space) > count:  # the real API omits pagination for a single page
        data["pagination"] = pagination
    return 200, data


def _op_warehouse_patch(
    store: Store, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    wh = _warehouse(store, space_id, warehouse_id)
    document = _json_body(headers, body)
    settings = _field(document, "settings", dict, required=True)
    name = _field(document, "name", str)
    enabled = _field(document, "enabled", bool)
    schema_name = _field(document, "schemaName", str)
    wh.settings.update(copy.deepcopy(settings))
    if name is not None:
        wh.settings["name"] = name
    if enabled is not None:
        wh.enabled = enabled
    if schema_name is not None:
        wh.schema_name = schema_name
    return 200, {"profilesWarehouse": wire(wh)}


def _op_warehouse_delete(
    store: Store, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    _warehouse(store, space_id, warehouse_id)
    del store.spaces[space_id][warehouse_id]
    return 200, {"status": "SUCCESS"}


# -- selective sync -----------------------------------------------------------------------


def _op_selective_get(
    store: Store, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    wh = _warehouse(store, space_id, warehouse_id)

    def render(entry: tuple[str, tuple[bool, dict[str, bool]]]) -> dict[str, Any]:
        name, (enabled, props) = entry
        return {
            "collection": name,
            "warehouseId": wh.id,
            "enabled": enabled,
            "properties": dict(props),
        }

    chunk, pagination = _page(list(wh.collections.items()), query, render)
    return 200, {
        "items": chunk,
        "enableEventTables": wh.enable_event_tables,
        "pagination": pagination,
    }


def _op_selective_patch(
    store: Store, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
) -> Any:
    wh = _warehouse(store, space_id, warehouse_id)
    document = _json_body(headers, body)
    overrides = _field(document, "syncOverrides", list) or []
    enable_events = _field(document, "enableEventTables", bool)
    parsed = list(_parse_overrides(overrides, wh))
    events_on = wh.enable_event_tables if enable_events is None else enable_events
    if parsed and not events_on:
        raise _invalid(
            "syncOverrides",
            "Selective Sync is not supported when enableEventTables is false",
        )
    changed = enable_events is not None and enable_events != wh.enable_event_tables
    wh.enable_event_tables = events_on
    for collection, prop, enabled in parsed:
        was_enabled, props = wh.collections[collection]
        if prop is None:
            changed |= was_enabled != enabled
            wh.collections[collection] = (enabled, props)
        else:
            changed |= props[prop] != enabled
            props[prop] = enabled
    return 200, {"status": "UPDATED" if changed else "UNCHANGED"}


# Who answers what: the six operations of openapi.yaml, by route and method.
OPERATIONS: dict[tuple[str, str], Callable[..., tuple[int, Any]]] = {
    ("warehouses", "GET"): _op_warehouses_get,
    ("warehouses", "POST"): _op_warehouses_post,
    ("warehouse", "PATCH"): _op_warehouse_patch,
    ("warehouse", "DELETE"): _op_warehouse_delete,
    ("selective", "GET"): _op_selective_get,
    ("selective", "PATCH"): _op_selective_patch,
}


def _parse_overrides(overrides: list[Any], wh: Warehouse) -> Iterator[tuple[str, str | None, bool]]:
    for i, override in enumerate(overrides):
        field = f"syncOverrides[{i}]"
        if not isinstance(override, dict):
            raise _invalid(field, f'"{field}" must be an object')
        collection = override.get("collection")
        enabled = override.get("enabled")
        prop = override.get("property")
        has_prop = "property" in override
        if not isinstance(collection, str):
            raise _invalid(f"{field}.collection", f'"{field}.collection" must be a string')
        if not isinstance(enabled, bool):
            raise _invalid(f"{field}.enabled", f'"{field}.enabled" must be a boolean')
        if has_prop and not isinstance(prop, str):
            raise _invalid(f"{field}.property", f'"{field}.property" must be a string')
        # A collection or property the warehouse does not have is bad input, not a missing
        # resource: the warehouse itself exists.
        if collection not in wh.collections:
            raise _invalid(f"{field}.collection", f"unknown collection {collection!r}")
        if prop is not None and prop not in wh.collections[collection][1]:
            raise _invalid(f"{field}.property", f"unknown property {prop!r} of {collection!r}")
        yield collection, prop, enabled
