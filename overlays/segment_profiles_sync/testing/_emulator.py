"""`ProfilesSyncEmulator`: a stateful stand-in for the API, with no I/O of its own.

`handle()` takes a request as plain values and returns an `EmulatedResponse`; the HTTP server
(`_server.py`) and the in-process httpx transport (`_transport.py`) are thin shells around it,
so both modes behave identically. The class holds what a test scripts (faults, the request
log, counters) and composes the rest, one concern a module: `_store.py` (spaces and
warehouses), `_rate_window.py` (the rate limit per token), `_routes.py` (the six operations).
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Mapping
from email.utils import formatdate
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import attrs

from .._constants import MEDIA_TYPE
from ._catalog import EVENT_COLLECTIONS, IDENTITY_COLLECTIONS, SNOWFLAKE_METADATA_ID
from ._faults import Fault, rate_limit_fault, status_fault
from ._rate_window import UNLIMITED, RateLimited, RateWindows
from ._routes import OPERATIONS, RejectError, route
from ._store import Store, wire

if TYPE_CHECKING:
    from ._server import EmulatorServer
    from ._transport import EmulatorTransport

__all__ = [
    "DEFAULT_TOKEN",
    "UNLIMITED",
    "EmulatedResponse",
    "EmulatorStats",
    "ProfilesSyncEmulator",
    "RecordedRequest",
]

DEFAULT_TOKEN = "test-token"  # noqa: S105 - the emulator's own, not a credential


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
        rate_window: float = 60.0,
        rate_limit_retry_after: bool = True,
        clock: Any = time.time,
        collections: int | None = None,
        latency: float = 0.0,
        rate_window_mode: str = "aligned",
        rate_limit_headers: bool = True,
        rate_limit_refusal_headers: bool = True,
    ) -> None:
        if not token:
            raise ValueError("the emulator needs a non-empty token")
        builtin = {**IDENTITY_COLLECTIONS, **EVENT_COLLECTIONS}
        if collections is not None and collections < len(builtin):
            raise ValueError(f"collections must be at least {len(builtin)} (the built-in ones)")
        # Each new warehouse gets these collections; beyond the built-in ones, synthetic event
        # tables (`event_09` …) with two properties each, for tests and benchmarks at scale.
        catalog: dict[str, list[str]] = {k: list(v) for k, v in builtin.items()}
        for n in range(len(builtin) + 1, (collections or 0) + 1):
            catalog[f"event_{n:02d}"] = ["context_ip", "context_page_url"]
        if not (isinstance(latency, int | float) and 0 <= latency < 60):
            raise ValueError("latency must be a number of seconds from 0 to 60")
        self.token = token
        self.workspace_id = workspace_id
        # `rate_limit` requests per window of `rate_window` seconds, per token ("aligned":
        # windows start at multiples of their length; "rolling": at the first request after
        # the previous one ended).
        self.rate_windows = RateWindows(
            rate_limit,
            rate_window,
            mode=rate_window_mode,
            retry_after=rate_limit_retry_after,
            headers=rate_limit_headers,
            refusal_headers=rate_limit_refusal_headers,
        )
        # Seconds added to every round trip over HTTP or the in-process transport: half on
        # the way in (before the request is counted in a rate-limit window), half on the way
        # out, as a real network does. A request sent just before a window ends is counted
        # in the next one, which a zero-latency emulator never shows.
        self.latency = float(latency)
        self.stats = EmulatorStats()
        self._clock = clock
        self._lock = threading.RLock()
        self._store = Store(workspace_id=workspace_id, seed=seed, collections=catalog)
        self._faults: list[Fault] = []
        self.requests: list[RecordedRequest] = []

    @property
    def rate_limit(self) -> int | None:
        return self.rate_windows.limit

    @property
    def rate_window(self) -> float:
        return self.rate_windows.window

    @property
    def rate_window_mode(self) -> str:
        return self.rate_windows.mode

    # -- scripting ----------------------------------------------------------------------------

    def new_id(self) -> str:
        with self._lock:
            return self._store.new_id()

    def add_space(self, space_id: str | None = None, *, warehouses: int = 0) -> str:
        """Create a space (a fresh id unless given) holding `warehouses` Snowflake warehouses."""
        with self._lock:
            return self._store.add_space(space_id, warehouses)

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
            wh = self._store.seed_warehouse(
                space_id,
                warehouse_id=warehouse_id,
                metadata_id=metadata_id,
                name=name,
                enabled=enabled,
                settings=settings,
                schema_name=schema_name,
            )
            return wire(wh)

    def spaces(self) -> list[str]:
        with self._lock:
            return list(self._store.spaces)

    def warehouses(self, space_id: str) -> list[dict[str, Any]]:
        """The warehouses of a space as the API shows them (secrets redacted)."""
        with self._lock:
            return [wire(wh) for wh in self._store.spaces.get(space_id, {}).values()]

    def stored_settings(self, space_id: str, warehouse_id: str) -> dict[str, Any]:
        """The settings as stored, secrets included: for asserting what a client sent."""
        with self._lock:
            return copy.deepcopy(self._store.spaces[space_id][warehouse_id].settings)

    def selective_sync(self, space_id: str, warehouse_id: str) -> dict[str, Any]:
        """`{"enableEventTables": bool, "collections": {name: {"enabled", "properties"}}}`."""
        with self._lock:
            return self._store.selective_sync(space_id, warehouse_id)

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
            self._store.spaces.clear()
            self._faults.clear()
            self.requests.clear()
            self.rate_windows.clear()
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
            name, allowed, ids = route(path)
            if method not in allowed:
                raise RejectError(
                    405,
                    "method-not-allowed",
                    f"{method} is not allowed here",
                    headers={"Allow": ", ".join(sorted(allowed))},
                )
            if headers.get("authorization", "") != f"Bearer {self.token}":
                raise RejectError(401, "unauthorized", "Unauthorized")
            try:
                rate_headers = self.rate_windows.consume(
                    headers["authorization"], now, self.stats.by_window
                )
            except RateLimited as limited:
                raise RejectError(
                    429, "too-many-requests", "Too many requests",
                    headers=limited.headers, data=limited.data or None,
                ) from None  # fmt: skip
            status, data = OPERATIONS[(name, method)](
                self._store,
                *ids,
                query=dict(parse_qsl(query, keep_blank_values=True)),
                headers=headers,
                body=body,
            )
        except RejectError as reject:
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
