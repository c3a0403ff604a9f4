"""What a hostile review found (issue 8), each defect pinned by a test that failed before its fix.

Over real HTTP against the emulator on 127.0.0.1 unless a test needs a server that misbehaves
in a way the emulator cannot (then `httpx.MockTransport`). Sleeps are injected, never slept.
"""

from __future__ import annotations

import asyncio
import copy
import http.client
import json
import logging
import math
import multiprocessing
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AsyncProfilesSync,
    ClientClosedError,
    InternalServerError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    PaginationError,
    ProfilesSync,
    RateLimitError,
    SegmentError,
    errors,
)
from segment_profiles_sync._transport import current_slot
from segment_profiles_sync.models import UNSET, SchemaOverride, Unset
from segment_profiles_sync.retry import backoff_delay
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator
from segment_profiles_sync_api.api.profiles_sync import list_profiles_warehouse_in_space

from tests.conftest import SPACE

SNOWFLAKE = "CCIl4HLQPz"
LIST = f"/spaces/{SPACE}/profiles-warehouses"
TOKEN_IN_REQUEST = "Bearer emulator-token"


# -- 1. errors survive pickle and copy, without the token or the request body ------------------


def _error_from_server(emulator: ProfilesSyncEmulator, client: ProfilesSync) -> APIStatusError:
    """A real NotFoundError from a PATCH whose body holds a password."""
    with pytest.raises(NotFoundError) as info:
        client.update_warehouse(SPACE, "missing", settings={"password": "hunter2-secret"})
    return info.value


def test_status_errors_pickle_and_copy_with_attributes(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """pickle, copy and deepcopy keep every attribute; the bytes hold no token, no body."""
    error = _error_from_server(emulator, client)
    data = pickle.dumps(error)
    assert b"emulator-token" not in data
    assert b"hunter2-secret" not in data
    for clone in (pickle.loads(data), copy.copy(error), copy.deepcopy(error)):
        assert type(clone) is NotFoundError
        assert str(clone) == str(error)
        for name in ("status_code", "errors", "method", "url", "body", "rate_limit"):
            assert getattr(clone, name) == getattr(error, name), name
        assert clone.response.status_code == 404
        assert clone.response.request.method == "PATCH"
        assert "authorization" not in clone.response.request.headers
        assert clone.response.request.content == b""


def test_rate_limit_error_keeps_retry_after_through_pickle() -> None:
    """`retry_after` and the error details survive a round trip."""
    request = httpx.Request("GET", "https://api.segmentapis.com/x", headers={"Authorization": "t"})
    body = {"errors": [{"type": "too-many-requests", "data": {"msBeforeNext": 1450}}]}
    error = errors.make_status_error(httpx.Response(429, json=body, request=request))
    clone = pickle.loads(pickle.dumps(error))
    assert isinstance(clone, RateLimitError)
    assert clone.retry_after == 1.45
    assert clone.errors[0].data == {"msBeforeNext": 1450}


def _every_error() -> Iterator[SegmentError]:
    request = httpx.Request(
        "POST", "https://api.segmentapis.com/x", headers={"Authorization": "Bearer sekrit"}
    )
    request.read()
    for status in (400, 401, 403, 404, 409, 422, 429, 500, 418):
        yield errors.make_status_error(httpx.Response(status, content=b"", request=request))
    yield APIResponseValidationError(
        "bad", response=httpx.Response(200, content=b"x", request=request)
    )
    yield APIConnectionError("refused", request=request)
    yield errors.APITimeoutError("slow", request=request)
    for cls in (
        SegmentError,
        errors.ConfigurationError,
        ClientClosedError,
        InvalidArgumentError,
        InvalidArgumentTypeError,
        PaginationError,
    ):
        yield cls("message")


@pytest.mark.parametrize("error", list(_every_error()), ids=lambda e: type(e).__name__)
def test_every_exception_round_trips(error: SegmentError) -> None:
    """Each exception class of the package pickles and copies to an equal-looking instance."""
    data = pickle.dumps(error)
    assert b"sekrit" not in data
    clone = pickle.loads(data)
    assert type(clone) is type(error)
    assert str(clone) == str(error)
    assert vars(clone).keys() == vars(error).keys()
    assert str(copy.copy(error)) == str(error)


def _raise_not_found(base_url: str, token: str) -> None:
    with ProfilesSync(token, base_url=base_url, max_retries=0) as ps:
        ps.remove_warehouse(SPACE, "no-such-warehouse")


@pytest.mark.slow
def test_error_crosses_a_process_pool(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """A NotFoundError raised in a worker process arrives intact (not BrokenProcessPool)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(_raise_not_found, server.base_url, emulator.token)
        with pytest.raises(NotFoundError) as info:
            future.result(timeout=60)
    assert info.value.status_code == 404
    assert info.value.method == "DELETE"
    assert info.value.url.endswith("/profiles-warehouses/no-such-warehouse")


# -- 2. UNSET survives copies ------------------------------------------------------------------


def test_unset_is_a_singleton_through_copy_and_pickle() -> None:
    """deepcopy and pickle of a model keep UNSET, so to_dict() stays JSON and copies compare."""
    override = SchemaOverride(collection="tracks", enabled=False)
    for clone in (copy.deepcopy(override), pickle.loads(pickle.dumps(override))):
        assert clone == override
        assert clone.property_ is UNSET
        assert json.dumps(clone.to_dict()) == '{"collection": "tracks", "enabled": false}'
    assert Unset() is UNSET
    assert copy.copy(UNSET) is UNSET


def test_deep_copied_override_is_sent(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """A deep-copied SchemaOverride goes through update_selective_sync as the original would."""
    warehouse = client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    override = copy.deepcopy(SchemaOverride(collection="tracks", enabled=False))
    client.update_selective_sync(SPACE, warehouse.id, sync_overrides=[override])
    assert emulator.requests[-1].json() == {
        "syncOverrides": [{"collection": "tracks", "enabled": False}]
    }


# -- 3. a DELETE whose first attempt was applied -----------------------------------------------


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_delete_applied_then_lost_returns_normally(
    client: ProfilesSync,
    emulator: ProfilesSyncEmulator,
    sleeps: list[float],
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """The first DELETE removed it but its answer was lost; the retry's 404 means "done"."""
    warehouse = emulator.add_warehouse(SPACE)
    if fault == "500":
        emulator.apply_then_fail_next(500, method="DELETE")
    else:
        emulator.drop_next(method="DELETE", apply_first=True)
    with caplog.at_level(logging.INFO, logger="segment_profiles_sync"):
        client.remove_warehouse(SPACE, warehouse["id"])  # returns, rather than raising
    assert emulator.warehouses(SPACE) == []
    assert [r.method for r in emulator.requests] == ["DELETE", "DELETE"]
    assert "earlier attempt" in caplog.text


async def test_async_delete_applied_then_lost_returns_normally(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin: an applied-then-dropped DELETE ends normally."""
    warehouse = emulator.add_warehouse(SPACE)
    emulator.drop_next(method="DELETE", apply_first=True)
    await aclient.remove_warehouse(SPACE, warehouse["id"])
    assert emulator.warehouses(SPACE) == []


def test_delete_404_on_first_attempt_still_raises(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Nothing was retried: a 404 means the warehouse was never there."""
    with pytest.raises(NotFoundError):
        client.remove_warehouse(SPACE, "never-existed")


def test_delete_404_after_a_429_still_raises(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A 429 was not applied, so the retry's 404 is the real answer."""
    emulator.rate_limit_next(ms_before_next=10, method="DELETE")
    with pytest.raises(NotFoundError):
        client.remove_warehouse(SPACE, "never-existed")


# -- 4. proxy environment variables ------------------------------------------------------------


class _ForwardProxy(ThreadingHTTPServer):
    """A minimal HTTP forward proxy on 127.0.0.1 that records what it forwarded."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.seen: list[str] = []


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ForwardProxy

    def _forward(self) -> None:
        url = httpx.URL(self.path)  # a proxy receives the absolute URL
        self.server.seen.append(f"{self.command} {url}")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(url.host, url.port, timeout=5)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        upstream.request(self.command, url.raw_path.decode(), body=body, headers=headers)
        answer = upstream.getresponse()
        payload = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        upstream.close()

    do_GET = do_POST = do_PATCH = do_DELETE = _forward  # noqa: N815 - http.server's names

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass


@pytest.fixture
def proxy() -> Iterator[_ForwardProxy]:
    server = _ForwardProxy()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    thread.join()
    server.server_close()


def test_proxy_variables_are_honoured(
    emulator: ProfilesSyncEmulator,
    server: EmulatorServer,
    proxy: _ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTP_PROXY routes requests through the proxy, as with a plain httpx.Client()."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    with ProfilesSync(emulator.token, base_url=server.base_url) as ps:
        assert list(ps.list_warehouses(SPACE)) == []
    assert proxy.seen == [f"GET {server.base_url}{LIST}"]


async def test_async_proxy_variables_are_honoured(
    emulator: ProfilesSyncEmulator,
    server: EmulatorServer,
    proxy: _ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The asyncio client routes through ALL_PROXY too."""
    monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    async with AsyncProfilesSync(emulator.token, base_url=server.base_url) as aps:
        assert [w async for w in aps.list_warehouses(SPACE)] == []
    assert proxy.seen == [f"GET {server.base_url}{LIST}"]


def test_no_proxy_and_explicit_transport_bypass_the_proxy(
    emulator: ProfilesSyncEmulator,
    server: EmulatorServer,
    proxy: _ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_PROXY excludes a host, and a transport= given by the caller wins over the variables."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    with ProfilesSync(
        emulator.token, base_url=server.base_url, transport=httpx.HTTPTransport()
    ) as ps:
        list(ps.list_warehouses(SPACE))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with ProfilesSync(emulator.token, base_url=server.base_url) as ps:
        list(ps.list_warehouses(SPACE))
    assert proxy.seen == []
    assert len(emulator.requests) == 2


# -- 5. close() closes -------------------------------------------------------------------------


def test_closed_client_refuses_every_call(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """After close(), every method raises ClientClosedError and nothing is sent."""
    ps = ProfilesSync(emulator.token, base_url=server.base_url)
    list(ps.list_warehouses(SPACE))
    httpx_client = ps.api_client.get_httpx_client()
    ps.close()
    ps.close()  # twice is fine
    assert ps.is_closed
    assert httpx_client.is_closed
    sent = len(emulator.requests)
    calls: list[Callable[[], object]] = [
        lambda: list(ps.list_warehouses(SPACE)),
        lambda: ps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={}),
        lambda: ps.update_warehouse(SPACE, "w", settings={}),
        lambda: ps.remove_warehouse(SPACE, "w"),
        lambda: list(ps.list_selective_syncs(SPACE, "w")),
        lambda: ps.update_selective_sync(SPACE, "w", enable_event_tables=True),
        lambda: list_profiles_warehouse_in_space.sync_detailed(SPACE, client=ps.api_client),
    ]
    for call in calls:
        with pytest.raises(ClientClosedError, match="closed"):
            call()
    assert len(emulator.requests) == sent


def test_close_without_any_call_closes_the_pool(emulator: ProfilesSyncEmulator) -> None:
    """A client closed before its first call still refuses later ones, transport included."""
    transport = emulator.transport()
    ps = ProfilesSync(emulator.token, transport=transport)
    with ps:
        pass
    with pytest.raises(ClientClosedError):
        list(ps.list_warehouses(SPACE))
    assert emulator.requests == []


async def test_async_closed_client_refuses_every_call(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """The asyncio twin of close: aclose() closes the httpx client; calls raise."""
    aps = AsyncProfilesSync(emulator.token, base_url=server.base_url)
    await aps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    httpx_client = aps.api_client.get_async_httpx_client()
    await aps.aclose()
    assert httpx_client.is_closed
    with pytest.raises(ClientClosedError):
        await aps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    with pytest.raises(ClientClosedError):
        [w async for w in aps.list_warehouses(SPACE)]
    assert len(emulator.warehouses(SPACE)) == 1


def test_async_client_in_a_second_event_loop_says_so(emulator: ProfilesSyncEmulator) -> None:
    """Reusing one AsyncProfilesSync across asyncio.run() calls is a clear error.

    (In-process, so no socket of the first loop is left behind; the check is the client's.)
    """
    aps = AsyncProfilesSync(emulator.token, transport=emulator.transport())

    async def count() -> int:
        return len([w async for w in aps.list_warehouses(SPACE)])

    assert asyncio.run(count()) == 0
    with pytest.raises(ClientClosedError, match="another event loop"):
        asyncio.run(count())
    assert len(emulator.requests) == 1


async def test_cancellation_during_a_retry_sleep_is_prompt(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """Cancelling a call while it waits to retry ends it at once; no retry is sent."""
    sleeping = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()  # as long as it takes: only cancellation ends it

    emulator.fail_next(503, method="PATCH")
    async with AsyncProfilesSync(emulator.token, base_url=server.base_url, sleep=sleep) as aps:
        other = asyncio.ensure_future(aps.create_warehouse(SPACE, metadata_id="x", settings={}))
        update = asyncio.ensure_future(aps.update_warehouse(SPACE, "w", settings={}))
        await sleeping.wait()
        update.cancel()
        with pytest.raises(asyncio.CancelledError):
            await update
        with pytest.raises(NotFoundError):  # the other call is not disturbed
            await other
    assert [r.method for r in emulator.requests].count("PATCH") == 1


async def test_async_connection_error_is_retried() -> None:
    """Connection refused: retried (nothing reached a server), then APIConnectionError."""
    with EmulatorServer(ProfilesSyncEmulator()) as srv:
        closed_port_url = srv.base_url
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with AsyncProfilesSync("t", base_url=closed_port_url, sleep=sleep, max_retries=2) as aps:
        with pytest.raises(APIConnectionError, match="ConnectError"):
            await aps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    assert len(waits) == 2


# -- 6. backoff and max_retries bounds ---------------------------------------------------------


@pytest.mark.parametrize("retry_number", [1026, 10**6])
def test_backoff_never_overflows(retry_number: int) -> None:
    """A huge retry number gives the capped delay instead of OverflowError."""
    assert backoff_delay(retry_number, rng=lambda: 0.0) == 8.0


# -- 7. the emulator holds a burst of connections ----------------------------------------------


@pytest.mark.slow
async def test_emulator_holds_500_concurrent_connections() -> None:
    """500 creates at once from one client (pool of 600) all succeed over real HTTP.

    (It takes seconds on the client side: httpcore's pool assigns requests to connections in
    time that grows with both, quadratically at this size. The server side is quick.)"""
    emulator = ProfilesSyncEmulator()
    space = emulator.add_space()
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=600))
    with emulator.serve() as srv:
        async with AsyncProfilesSync(
            emulator.token, base_url=srv.base_url, transport=transport, timeout=20.0
        ) as aps:
            results = await asyncio.gather(
                *(
                    aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
                    for _ in range(500)
                ),
                return_exceptions=True,
            )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    assert len(emulator.warehouses(space)) == 500


# -- 8. endless empty pages --------------------------------------------------------------------


def _empty_pages_forever(request: httpx.Request) -> httpx.Response:
    cursor = request.url.params.get("pagination.cursor", "") + "a"
    data = {"profilesWarehouses": [], "pagination": {"current": "x", "next": cursor}}
    return httpx.Response(200, json={"data": data})


@pytest.mark.parametrize("max_items", [None, 5])
def test_endless_empty_pages_stop(max_items: int | None) -> None:
    """New cursors with empty pages: PaginationError after a bounded number of requests."""
    calls = httpx.MockTransport(_empty_pages_forever)
    with (
        ProfilesSync("t", transport=calls) as ps,
        pytest.raises(PaginationError, match="empty pages"),
    ):
        list(ps.list_warehouses(SPACE, max_items=max_items))


# -- 9. nothing but SegmentErrors --------------------------------------------------------------


@pytest.mark.parametrize("total", ["NaN", "1e999", "-Infinity"])
def test_non_finite_total_is_a_validation_error(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator, total: str
) -> None:
    """A totalEntries JSON cannot hold gives APIResponseValidationError, not ValueError."""
    body = (
        '{"data": {"profilesWarehouses": [], "pagination": {"current": "MA==", '
        '"totalEntries": ' + total + "}}}"
    )
    emulator.fail_next(200, body=body.encode(), headers={"Content-Type": "application/json"})
    with pytest.raises(APIResponseValidationError, match="finite"):
        list(raw_client.list_warehouses(SPACE))


@pytest.mark.parametrize(
    "settings",
    [
        {"tags": {"a", "b"}},
        {"created": datetime(2026, 1, 1)},
        {"x": object()},
        {"port": math.nan},
        {"nested": {"deep": [1, math.inf]}},
        {1: "int key"},
    ],
)
def test_settings_that_json_cannot_hold_are_refused(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, settings: dict[Any, Any]
) -> None:
    """InvalidArgumentTypeError before sending, never json's TypeError or ValueError."""
    with pytest.raises(InvalidArgumentTypeError, match="settings"):
        client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings=settings)
    with pytest.raises(InvalidArgumentTypeError, match="settings"):
        client.update_warehouse(SPACE, "w", settings=settings)
    assert emulator.requests == []


def test_settings_are_copied_deeply(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """Tuples become lists and nested dicts are copied; the call sends valid JSON."""
    settings: dict[str, Any] = {"hosts": ("a", "b"), "options": {"ssl": True}}
    client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings=settings)
    assert emulator.requests[-1].json()["settings"] == {
        "hosts": ["a", "b"],
        "options": {"ssl": True},
    }


# -- 12. messages do not depend on the interpreter ---------------------------------------------


def test_reason_phrases_are_our_own() -> None:
    """422 reads "Unprocessable Entity" on every Python (3.13 says "Unprocessable Content")."""
    assert errors.reason_phrase(422) == "Unprocessable Entity"
    assert errors.reason_phrase(429) == "Too Many Requests"
    assert errors.reason_phrase(599) == "Unknown Status"
    request = httpx.Request("PATCH", "https://api.segmentapis.com/x")
    error = errors.make_status_error(httpx.Response(422, content=b"", request=request))
    assert str(error) == "422 Unprocessable Entity for PATCH https://api.segmentapis.com/x"


# -- 13. the small ones ------------------------------------------------------------------------


def test_generated_client_is_built_once_under_threads(emulator: ProfilesSyncEmulator) -> None:
    """20 threads asking for the httpx client at once get one and the same."""
    ps = ProfilesSync(emulator.token, transport=emulator.transport())
    barrier = threading.Barrier(20)

    def get() -> int:
        barrier.wait()
        return id(ps.api_client.get_httpx_client())

    with ThreadPoolExecutor(20) as pool:
        ids = set(pool.map(lambda _: get(), range(20)))
    assert len(ids) == 1
    ps.close()


@pytest.mark.slow
def test_emulator_cli_port_in_use_is_one_line(emulator: ProfilesSyncEmulator) -> None:
    """A busy port: one line on stderr, exit 2, no traceback."""
    with emulator.serve() as srv:
        result = subprocess.run(
            [sys.executable, "-m", "segment_profiles_sync.testing", "--port", str(srv.port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{srv.port}")
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_emulator_cli_empty_token_is_a_usage_error() -> None:
    """An empty --token is refused with a usage line, not a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync.testing", "--token", ""],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "--token must not be empty" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"collection": "t", "enabled": True, "property": 5}, r"sync_overrides\[0\]\.property "),
        ({"collection": "t", "enabled": "no"}, r"sync_overrides\[0\]\.enabled must be a bool"),
        ({"collection": "t"}, "missing 'enabled'"),
        ({"collection": "t", "enabled": True, "colour": "x"}, "unknown keys"),
    ],
)
def test_override_errors_use_the_names_the_user_wrote(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, override: dict[str, Any], message: str
) -> None:
    """Errors name `property`, never the model's `property_`; nothing is sent."""
    with pytest.raises(InvalidArgumentError, match=message) as info:
        client.update_selective_sync(SPACE, "w", sync_overrides=[override])
    assert "property_" not in str(info.value)
    assert emulator.requests == []


def test_schema_override_with_extra_keys_is_refused(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A SchemaOverride carrying additional properties would be sent unchecked: refused."""
    override = SchemaOverride(collection="tracks", enabled=False)
    override.additional_properties["surprise"] = True
    with pytest.raises(InvalidArgumentError, match="surprise"):
        client.update_selective_sync(SPACE, "w", sync_overrides=[override])
    assert emulator.requests == []


def test_no_response_outlives_the_call(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """After a call (and after a failed one) the context holds no response and no headers."""
    list(client.list_warehouses(SPACE))
    assert current_slot.get() is None
    with pytest.raises(NotFoundError):
        client.remove_warehouse(SPACE, "nope")
    assert current_slot.get() is None


async def test_concurrent_calls_each_get_their_own_answer(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """Tasks and threads sharing a client each see the error of their own response."""
    broken = emulator.add_space()
    path = f"/spaces/{broken}/profiles-warehouses"
    emulator.fail_next(200, body=b"not json", path=path, times=10)
    emulator.add_warehouse(SPACE)

    async with AsyncProfilesSync(emulator.token, base_url=server.base_url) as aps:

        async def good() -> int:
            return len([w async for w in aps.list_warehouses(SPACE)])

        async def bad() -> str:
            with pytest.raises(APIResponseValidationError) as info:
                [w async for w in aps.list_warehouses(broken)]
            return info.value.url

        counts = asyncio.gather(*(good() for _ in range(5)))
        urls = asyncio.gather(*(bad() for _ in range(5)))
        counted, refused = await asyncio.gather(counts, urls)
    assert counted == [1] * 5
    assert all(url.endswith(path) for url in refused)

    def threaded(space: str) -> str:
        try:
            return str(len(list(raw_client.list_warehouses(space))))
        except APIResponseValidationError as error:
            return error.url

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(threaded, [SPACE, broken] * 5))
    assert answers[0::2] == ["1"] * 5
    assert all(a.endswith(path) for a in answers[1::2])


def test_internal_server_error_message_is_stable(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A 500 envelope's message is kept as the server wrote it."""
    emulator.fail_next(500, times=3, method="GET")
    with pytest.raises(InternalServerError, match="500 Internal Server Error for GET"):
        list(client.list_warehouses(SPACE))
