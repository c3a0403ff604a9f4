"""The emulator's state and the six operations, with no I/O of its own.

`ProfilesSyncEmulator.handle()` takes a request as plain values and returns an
`EmulatedResponse`; the HTTP server (`_server.py`) and the in-process httpx transport
(`_transport.py`) are thin shells around it, so both modes behave identically.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import math
import random
import string
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from email.utils import formatdate
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

from .._constants import MAX_ID_LENGTH, MAX_PAGE_SIZE, MEDIA_TYPE, SERVER_DEFAULT_PAGE_SIZE
from ._catalog import (
    EVENT_COLLECTIONS,
    IDENTITY_COLLECTIONS,
    REDACTED,
    SNOWFLAKE_METADATA_ID,
    WAREHOUSE_METADATA,
    is_secret,
)
from ._faults import Fault, rate_limit_fault, status_fault

if TYPE_CHECKING:
    from ._server import EmulatorServer
    from ._transport import EmulatorTransport

DEFAULT_TOKEN = "test-token"  # noqa: S105 - the emulator's own, not a credential
JSON_TYPES = (MEDIA_TYPE, "application/json")
_ID_ALPHABET = string.ascii_letters + string.digits
_T = TypeVar("_T")


@attrs.frozen(repr=False)
class RecordedRequest:
    """A request as the emulator received it. Its repr hides the Authorization header."""

    method: str
    raw_path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        shown = {k: ("<redacted>" if k == "authorization" else v) for k, v in self.headers.items()}
        query = f"?{self.query}" if self.query else ""
        return f"RecordedRequest({self.method} {self.raw_path}{query}, headers={shown})"


@attrs.define
class EmulatorStats:
    """What the emulator answered: `served` (any answer but a rate-limit 429), `rate_limited`
    (429s from its own limit, not scripted faults), `faults` (scripted answers), and
    `by_window` (requests served per rate-limit window, keyed by the window's start)."""

    served: int = 0
    rate_limited: int = 0
    faults: int = 0
    by_window: dict[float, int] = attrs.field(factory=dict)

    @property
    def requests(self) -> int:
        return self.served + self.rate_limited + self.faults


# Without a configured limit the emulator still sends truthful-looking headers, for a limit
# so large that no test or benchmark reaches it.
UNLIMITED = 1_000_000


@attrs.frozen
class EmulatedResponse:
    """What to answer: `status`, `headers`, `body`; or `drop` the connection; after `delay` s."""

    status: int
    headers: dict[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class _RejectError(Exception):
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


def _not_found(what: str) -> _RejectError:
    return _RejectError(404, "not-found", f"{what} not found")


def _invalid(field: str, message: str) -> _RejectError:
    return _RejectError(422, "input-validation", message, field)


@attrs.define
class _Warehouse:
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


class ProfilesSyncEmulator:
    """A stateful, in-memory stand-in for Segment's Profiles Sync API.

    >>> emu = ProfilesSyncEmulator()
    >>> space = emu.add_space(warehouses=3)
    >>> with emu.serve() as server:                      # real HTTP on 127.0.0.1
    ...     ps = ProfilesSync(token=emu.token, base_url=server.base_url)
    >>> ps = ProfilesSync(token=emu.token, transport=emu.transport())   # in-process

    Thread-safe: one lock guards the state, the request log and the fault queue.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        seed: int = 0,
        workspace_id: str = "5xDyVtcGo6QtJkCcxCTtWz",
        rate_limit: int | None = None,
        rate_window: float | None = None,
        rate_limit_window: float = 60.0,
        rate_limit_retry_after: bool = True,
        clock: Any = time.time,
        collections: int | None = None,
        latency: float = 0.0,
        rate_window_mode: str = "aligned",
    ) -> None:
        if not token:
            raise ValueError("the emulator needs a non-empty token")
        builtin = {**IDENTITY_COLLECTIONS, **EVENT_COLLECTIONS}
        if collections is not None and collections < len(builtin):
            raise ValueError(f"collections must be at least {len(builtin)} (the built-in ones)")
        # Each new warehouse gets these collections; beyond the built-in ones, synthetic event
        # tables (`event_09` …) with two properties each, for tests and benchmarks at scale.
        self._collections: dict[str, list[str]] = {k: list(v) for k, v in builtin.items()}
        for n in range(len(builtin) + 1, (collections or 0) + 1):
            self._collections[f"event_{n:02d}"] = ["context_ip", "context_page_url"]
        self.token = token
        self.workspace_id = workspace_id
        # `rate_limit` requests per window of `rate_window` seconds, per token; windows start
        # at multiples of their length, so `X-RateLimit-Reset` (whole seconds) is exact for
        # windows of whole seconds. `rate_limit_window` is the older name of `rate_window`.
        window = rate_window if rate_window is not None else rate_limit_window
        if rate_limit is not None and rate_limit < 1:
            raise ValueError("rate_limit must be at least 1")
        if not window > 0:
            raise ValueError("rate_window must be positive")
        if not (isinstance(latency, int | float) and 0 <= latency < 60):
            raise ValueError("latency must be a number of seconds from 0 to 60")
        if rate_window_mode not in {"aligned", "rolling"}:
            raise ValueError("rate_window_mode must be 'aligned' or 'rolling'")
        # Seconds added to every round trip over HTTP or the in-process transport: half on
        # the way in (before the request is counted in a rate-limit window), half on the way
        # out, as a real network does. A request sent just before a window ends is counted
        # in the next one, which a zero-latency emulator never shows.
        self.latency = float(latency)
        # "aligned": windows start at multiples of their length (Reset exact for whole-second
        # windows). "rolling": a window starts at the first request after the previous one
        # ended, as common rate limiters do; Reset then falls between whole seconds and is
        # sent truncated, as an HTTP date is.
        self.rate_window_mode = rate_window_mode
        self.rate_limit = rate_limit
        self.rate_limit_window = window
        self.rate_limit_retry_after = rate_limit_retry_after
        self.stats = EmulatorStats()
        self._windows: dict[str, tuple[float, int]] = {}  # token -> (window start, consumed)
        self._clock = clock
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._spaces: dict[str, dict[str, _Warehouse]] = {}
        self._faults: list[Fault] = []
        self.requests: list[RecordedRequest] = []

    # -- scripting ----------------------------------------------------------------------------

    def new_id(self) -> str:
        with self._lock:
            return "".join(self._rng.choice(_ID_ALPHABET) for _ in range(22))

    def add_space(self, space_id: str | None = None, *, warehouses: int = 0) -> str:
        """Create a space (a fresh id unless given) holding `warehouses` Snowflake warehouses."""
        with self._lock:
            space_id = space_id or self.new_id()
            self._spaces.setdefault(space_id, {})
            for i in range(warehouses):
                self.add_warehouse(space_id, name=f"warehouse {i + 1}")
            return space_id

    def add_warehouse(
        self,
        space_id: str,
        *,
        warehouse_id: str | None = None,
        metadata_id: str = SNOWFLAKE_METADATA_ID,
        name: str | None = None,
        enabled: bool = True,
        settings: Mapping[str, Any] | None = None,
        schema_name: str | None = None,
    ) -> dict[str, Any]:
        """Seed a warehouse directly (no request, no fault); returns its wire form."""
        with self._lock:
            space = self._spaces.setdefault(space_id, {})
            wh = self._make_warehouse(
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
            return self._wire(wh)

    def spaces(self) -> list[str]:
        with self._lock:
            return list(self._spaces)

    def warehouses(self, space_id: str) -> list[dict[str, Any]]:
        """The warehouses of a space as the API shows them (secrets redacted)."""
        with self._lock:
            return [self._wire(wh) for wh in self._spaces.get(space_id, {}).values()]

    def stored_settings(self, space_id: str, warehouse_id: str) -> dict[str, Any]:
        """The settings as stored, secrets included: for asserting what a client sent."""
        with self._lock:
            return copy.deepcopy(self._spaces[space_id][warehouse_id].settings)

    def selective_sync(self, space_id: str, warehouse_id: str) -> dict[str, Any]:
        """`{"enableEventTables": bool, "collections": {name: {"enabled", "properties"}}}`."""
        with self._lock:
            wh = self._spaces[space_id][warehouse_id]
            return {
                "enableEventTables": wh.enable_event_tables,
                "collections": {
                    name: {"enabled": enabled, "properties": dict(props)}
                    for name, (enabled, props) in wh.collections.items()
                },
            }

    def inject(self, fault: Fault) -> Fault:
        """Queue a fault for the next `fault.times` matching requests (first queued, first used)."""
        if fault.times < 1:
            raise ValueError("a fault must apply to at least one request")
        with self._lock:
            self._faults.append(fault)
        return fault

    def fail_next(self, status: int = 503, *, times: int = 1, **options: Any) -> Fault:
        """Answer the next matching requests with `status`; options: `headers`, `body`,
        `json_body`, `html=True` (a proxy's HTML page), `method`, `path`, `delay`."""
        return self.inject(status_fault(status, times=times, **options))

    def rate_limit_next(
        self,
        *,
        times: int = 1,
        retry_after: float | None = None,
        ms_before_next: int | None = None,
        **match: Any,
    ) -> Fault:
        """Answer 429 with `Retry-After` and/or `msBeforeNext`, as Segment does."""
        return self.inject(
            rate_limit_fault(
                retry_after=retry_after, ms_before_next=ms_before_next, times=times, **match
            )
        )

    def delay_next(self, seconds: float, *, times: int = 1, **match: Any) -> Fault:
        """Answer normally, but only after `seconds`."""
        return self.inject(Fault(delay=seconds, times=times, **match))

    def drop_next(self, *, times: int = 1, apply_first: bool = False, **match: Any) -> Fault:
        """Close the connection without answering (after applying the request if asked)."""
        return self.inject(Fault(drop=True, times=times, apply_first=apply_first, **match))

    def apply_then_fail_next(self, status: int = 500, *, times: int = 1, **match: Any) -> Fault:
        """Apply the write (state changes), then answer `status` as if it had failed."""
        fault = status_fault(status, times=times, **match)
        fault.apply_first = True
        return self.inject(fault)

    def pending_faults(self) -> list[Fault]:
        """The faults still waiting for a matching request (a copy)."""
        with self._lock:
            return list(self._faults)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset(self) -> None:
        """Forget every space, warehouse, fault and recorded request."""
        with self._lock:
            self._spaces.clear()
            self._faults.clear()
            self.requests.clear()
            self._windows.clear()
            self.stats = EmulatorStats()

    # -- the two ways to reach it -------------------------------------------------------------

    def transport(self) -> EmulatorTransport:
        """An httpx transport (sync and async) that answers in-process."""
        from ._transport import EmulatorTransport

        return EmulatorTransport(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> EmulatorServer:
        """A real HTTP server; use as a context manager (`server.base_url`)."""
        from ._server import EmulatorServer

        return EmulatorServer(self, host=host, port=port)

    # -- request handling ---------------------------------------------------------------------

    def clock(self) -> float:
        """The emulator's time (its `clock=`): windows and `Date` headers follow it."""
        return float(self._clock())

    def handle(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes
    ) -> EmulatedResponse:
        """Answer one request. `target` is the raw path plus `?query`; header names any case."""
        method = method.upper()
        split = urlsplit(target)
        lowered = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            self.requests.append(RecordedRequest(method, split.path, split.query, lowered, body))
            fault = self._take_fault(method, split.path)
            if fault is not None and not fault.apply_first and (fault.drop or fault.status):
                return self._dated(self._fault_response(fault))
            response = self._answer(method, split.path, split.query, lowered, body)
            if fault is not None and (fault.apply_first or fault.delay):
                if fault.drop or fault.status:
                    return self._dated(self._fault_response(fault))
                return attrs.evolve(response, delay=fault.delay)
            return response

    def _dated(self, response: EmulatedResponse) -> EmulatedResponse:
        self.stats.faults += 1
        if any(k.lower() == "date" for k in response.headers):
            return response
        date = formatdate(self.clock(), usegmt=True)
        return attrs.evolve(response, headers={**response.headers, "Date": date})

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_response(fault: Fault) -> EmulatedResponse:
        return EmulatedResponse(
            status=fault.status or 500,
            headers=dict(fault.headers),
            body=fault.body,
            delay=fault.delay,
            drop=fault.drop,
        )

    def _answer(
        self, method: str, path: str, query: str, headers: dict[str, str], body: bytes
    ) -> EmulatedResponse:
        now = self.clock()
        rate_headers: dict[str, str] = {}
        base = {"Content-Type": MEDIA_TYPE, "Date": formatdate(now, usegmt=True)}
        try:
            route, allowed, ids = self._route(path)
            if method not in allowed:
                raise _RejectError(
                    405,
                    "method-not-allowed",
                    f"{method} is not allowed here",
                    headers={"Allow": ", ".join(sorted(allowed))},
                )
            if headers.get("authorization", "") != f"Bearer {self.token}":
                raise _RejectError(401, "unauthorized", "Unauthorized")
            rate_headers = self._consume_rate_limit(headers["authorization"], now)
            operation = self._OPERATIONS[(route, method)]
            status, data = operation(
                self,
                *ids,
                query=dict(parse_qsl(query, keep_blank_values=True)),
                headers=headers,
                body=body,
            )
        except _RejectError as reject:
            if reject.status == 429:
                self.stats.rate_limited += 1
            else:
                self.stats.served += 1
            return EmulatedResponse(
                reject.status,
                {**base, **rate_headers, **reject.headers},
                json.dumps({"errors": [reject.error]}).encode(),
            )
        self.stats.served += 1
        return EmulatedResponse(
            status,
            {**base, **rate_headers},
            json.dumps({"data": data}).encode(),
        )

    @staticmethod
    def _route(path: str) -> tuple[str, frozenset[str], list[str]]:
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
        raise _RejectError(404, "not-found", f"no route for {path}")

    def _consume_rate_limit(self, token: str, now: float) -> dict[str, str]:
        """Count one request in this token's window; 429 past the limit.

        The headers tell the truth about the window on every answer, refusals included:
        `Consumed` and `Remaining` after this request, `Reset` the window's end (rounded up to
        a whole second, so a client that waits for it never wakes early).
        """
        window = self.rate_limit_window
        if self.rate_window_mode == "rolling":
            began, consumed = self._windows.get(token, (now, 0))
            if now >= began + window:
                began, consumed = now, 0
            reset = math.floor(began + window)  # an HTTP date: whole seconds, truncated
        else:
            start = math.floor(now / window) * window
            began, consumed = self._windows.get(token, (start, 0))
            if began != start:
                began, consumed = start, 0
            reset = math.ceil(began + window)
        limit = self.rate_limit if self.rate_limit is not None else UNLIMITED
        refused = consumed >= limit
        if not refused:
            consumed += 1
            self.stats.by_window[began] = self.stats.by_window.get(began, 0) + 1
        self._windows[token] = (began, consumed)
        headers = {
            "X-RateLimit-Consumed": str(consumed),
            "X-RateLimit-Remaining": str(max(0, limit - consumed)),
            "X-RateLimit-Reset": formatdate(reset, usegmt=True),
        }
        if refused:
            wait = max(0.0, began + window - now)
            if self.rate_limit_retry_after:
                headers["Retry-After"] = str(max(1, math.ceil(wait)))
            raise _RejectError(
                429,
                "too-many-requests",
                "Too many requests",
                headers=headers,
                data={
                    "msBeforeNext": math.ceil(wait * 1000),
                    "remainingPoints": 0,
                    "consumedPoints": consumed,
                },
            )
        return headers

    # -- validation helpers -------------------------------------------------------------------

    @staticmethod
    def _check_ids(*pairs: tuple[str, str]) -> None:
        for name, value in pairs:
            if not 1 <= len(value) <= MAX_ID_LENGTH:
                raise _invalid(name, f'"{name}" length must be between 1 and {MAX_ID_LENGTH}')

    def _space(self, space_id: str) -> dict[str, _Warehouse]:
        self._check_ids(("spaceId", space_id))
        space = self._spaces.get(space_id)
        if space is None:
            # A real API's space exists or not; an emulator's exists once seeded. Say how.
            raise _RejectError(
                404,
                "not-found",
                f"Space not found (this emulator knows only the spaces it was given: start it "
                f"with --seed {space_id}:0, or add_space({space_id!r}))",
            )
        return space

    def _warehouse(self, space_id: str, warehouse_id: str) -> _Warehouse:
        self._check_ids(("spaceId", space_id), ("warehouseId", warehouse_id))
        wh = self._space(space_id).get(warehouse_id)
        if wh is None:
            raise _not_found("Warehouse")
        return wh

    @staticmethod
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

    @staticmethod
    def _field(
        document: Mapping[str, Any], name: str, kind: type, *, required: bool = False
    ) -> Any:
        if name not in document:
            if required:
                raise _invalid(name, f'"{name}" is required')
            return None
        value = document[name]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            label = {str: "a string", bool: "a boolean", dict: "an object", list: "an array"}[kind]
            raise _invalid(name, f'"{name}" must be {label}')
        return value

    @staticmethod
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

    @staticmethod
    def _cursor(offset: int) -> str:
        return base64.b64encode(str(offset).encode()).decode()

    def _page(
        self, items: list[_T], query: Mapping[str, str], render: Callable[[_T], Any]
    ) -> tuple[list[Any], dict[str, Any]]:
        """One page of `items` (rendered only for that page, so paging a big space is cheap)."""
        offset, count, _ = self._pagination(query)
        chunk = [render(item) for item in items[offset : offset + count]]
        nxt = offset + count if offset + count < len(items) else None
        previous = max(0, offset - count) if offset > 0 else None
        pagination = {
            "current": self._cursor(offset),
            "next": None if nxt is None else self._cursor(nxt),
            "previous": None if previous is None else self._cursor(previous),
            "totalEntries": len(items),
        }
        return chunk, pagination

    # -- warehouses ---------------------------------------------------------------------------

    def _make_warehouse(
        self,
        space_id: str,
        metadata_id: str,
        settings: dict[str, Any],
        name: str | None,
        enabled: bool,
        schema_name: str | None,
    ) -> _Warehouse:
        if name is not None:
            settings["name"] = name
        collections = {
            collection: (True, dict.fromkeys(props, True))
            for collection, props in self._collections.items()
        }
        return _Warehouse(
            id=self.new_id(),
            space_id=space_id,
            workspace_id=self.workspace_id,
            metadata_id=metadata_id,
            enabled=enabled,
            settings=settings,
            schema_name=schema_name,
            collections=collections,
        )

    def _wire(self, wh: _Warehouse) -> dict[str, Any]:
        metadata = WAREHOUSE_METADATA[wh.metadata_id]
        wire: dict[str, Any] = {
            "id": wh.id,
            "spaceId": wh.space_id,
            "workspaceId": wh.workspace_id,
            "enabled": wh.enabled,
            "metadata": copy.deepcopy(metadata),
            "settings": {k: _masked(metadata, k, v) for k, v in wh.settings.items()},
        }
        if wh.schema_name is not None:
            wire["schemaName"] = wh.schema_name
        return wire

    def _op_warehouses_post(self, space_id: str, *, query: Any, headers: Any, body: bytes) -> Any:
        space = self._space(space_id)
        document = self._json_body(headers, body)
        metadata_id = self._field(document, "metadataId", str, required=True)
        settings = self._field(document, "settings", dict, required=True)
        name = self._field(document, "name", str)
        enabled = self._field(document, "enabled", bool)
        schema_name = self._field(document, "schemaName", str)
        if metadata_id not in WAREHOUSE_METADATA:
            raise _not_found(f"Warehouse metadata {metadata_id!r}")
        wh = self._make_warehouse(
            space_id,
            metadata_id,
            copy.deepcopy(settings),
            name,
            True if enabled is None else enabled,
            schema_name,
        )
        space[wh.id] = wh
        return 201, {"profilesWarehouse": self._wire(wh)}

    def _op_warehouses_get(self, space_id: str, *, query: Any, headers: Any, body: bytes) -> Any:
        space = self._space(space_id)
        _, count, given = self._pagination(query)
        chunk, pagination = self._page(list(space.values()), query, self._wire)
        data: dict[str, Any] = {"profilesWarehouses": chunk}
        if given or len(space) > count:  # the real API omits pagination for a single page
            data["pagination"] = pagination
        return 200, data

    def _op_warehouse_patch(
        self, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
    ) -> Any:
        wh = self._warehouse(space_id, warehouse_id)
        document = self._json_body(headers, body)
        settings = self._field(document, "settings", dict, required=True)
        name = self._field(document, "name", str)
        enabled = self._field(document, "enabled", bool)
        schema_name = self._field(document, "schemaName", str)
        wh.settings.update(copy.deepcopy(settings))
        if name is not None:
            wh.settings["name"] = name
        if enabled is not None:
            wh.enabled = enabled
        if schema_name is not None:
            wh.schema_name = schema_name
        return 200, {"profilesWarehouse": self._wire(wh)}

    def _op_warehouse_delete(
        self, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
    ) -> Any:
        self._warehouse(space_id, warehouse_id)
        del self._spaces[space_id][warehouse_id]
        return 200, {"status": "SUCCESS"}

    # -- selective sync -----------------------------------------------------------------------

    def _op_selective_get(
        self, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
    ) -> Any:
        wh = self._warehouse(space_id, warehouse_id)

        def render(entry: tuple[str, tuple[bool, dict[str, bool]]]) -> dict[str, Any]:
            name, (enabled, props) = entry
            return {
                "collection": name,
                "warehouseId": wh.id,
                "enabled": enabled,
                "properties": dict(props),
            }

        chunk, pagination = self._page(list(wh.collections.items()), query, render)
        return 200, {
            "items": chunk,
            "enableEventTables": wh.enable_event_tables,
            "pagination": pagination,
        }

    def _op_selective_patch(
        self, space_id: str, warehouse_id: str, *, query: Any, headers: Any, body: bytes
    ) -> Any:
        wh = self._warehouse(space_id, warehouse_id)
        document = self._json_body(headers, body)
        overrides = self._field(document, "syncOverrides", list) or []
        enable_events = self._field(document, "enableEventTables", bool)
        parsed = list(self._parse_overrides(overrides, wh))
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
    _OPERATIONS: ClassVar[dict[tuple[str, str], Callable[..., tuple[int, Any]]]] = {
        ("warehouses", "GET"): _op_warehouses_get,
        ("warehouses", "POST"): _op_warehouses_post,
        ("warehouse", "PATCH"): _op_warehouse_patch,
        ("warehouse", "DELETE"): _op_warehouse_delete,
        ("selective", "GET"): _op_selective_get,
        ("selective", "PATCH"): _op_selective_patch,
    }

    @staticmethod
    def _parse_overrides(
        overrides: list[Any], wh: _Warehouse
    ) -> Iterator[tuple[str, str | None, bool]]:
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
