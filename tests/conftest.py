"""Shared fixtures: an emulator per test, served over real HTTP on 127.0.0.1, and clients whose
every exchange is checked against openapi.yaml by openapi-core."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync
from segment_profiles_sync.pagination import AsyncPager, SyncPager
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator, VirtualClock

from tests.contract import validate_request, validate_response
from tests.payloads import SNOWFLAKE, SPACE_ID

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's apply locks (under XDG_CACHE_HOME) in a folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _quiet_loggers() -> Iterator[None]:
    """The command line's -v adds a handler to the package's logger: none outlives a test."""
    yield
    logging.getLogger("segment_profiles_sync").handlers.clear()


# The orchestrator suites run in their own environments (make test-airflow, test-dagster),
# where Airflow or Dagster is installed; this environment has neither.
collect_ignore = ["airflow", "dagster"]

SPACE = SPACE_ID
DOCUMENTED = {200, 201, 401, 404, 422, 429}


def _check(request: httpx.Request, response: httpx.Response | None) -> None:
    try:
        validate_request(request)
    except (PathNotFound, OperationNotFound):
        return  # a deliberately malformed path (tests of our own id checks) is not an operation
    if (
        response is not None
        and response.status_code in DOCUMENTED
        and "json" in (response.headers.get("content-type", ""))
    ):
        validate_response(request, response)


class ContractCheckingTransport(httpx.BaseTransport):
    """Sends over the network, then validates the exchange against the spec."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.exchanges = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        _check(request, response)
        self.exchanges += 1
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncContractCheckingTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of `ContractCheckingTransport`."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.exchanges = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        await response.aread()
        _check(request, response)
        self.exchanges += 1
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _no_proxy_from_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clients honour proxy variables (as httpx does); a machine's own must not route the
    suite's 127.0.0.1 traffic. Tests of proxying set them again."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


# One vocabulary: `vclock`, `sleeps` and `emulator` are the plugin's `profiles_sync_clock`,
# `profiles_sync_sleeps` and `profiles_sync_emulator` (what users get) under short names, the
# emulator with SPACE in it; `server` is always an `EmulatorServer`; `client` / `aclient` are
# the plugin's clients plus a spec check of every exchange. A module that needs another
# emulator overrides `emulator` (and `server` follows it).


@pytest.fixture
def vclock(profiles_sync_clock: VirtualClock) -> VirtualClock:
    """Time for the clients and the emulator: it jumps ahead by whatever the clients sleep."""
    return profiles_sync_clock


@pytest.fixture
def emulator(profiles_sync_emulator: ProfilesSyncEmulator) -> ProfilesSyncEmulator:
    """The plugin's emulator (on `vclock`), with the space `SPACE` in it."""
    profiles_sync_emulator.add_space(SPACE)
    return profiles_sync_emulator


@pytest.fixture
def server(emulator: ProfilesSyncEmulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as srv:
        yield srv


@pytest.fixture
def sleeps(profiles_sync_sleeps: list[float]) -> list[float]:
    """The waits the fixture clients made (recorded, and skipped on the virtual clock)."""
    return profiles_sync_sleeps


@pytest.fixture
def client(
    emulator: ProfilesSyncEmulator, server: EmulatorServer, vclock: VirtualClock
) -> Iterator[ProfilesSync]:
    """A sync client over real HTTP to the emulator; sleeps are recorded, not slept."""
    with ProfilesSync(
        emulator.token,
        base_url=server.base_url,
        transport=ContractCheckingTransport(),
        sleep=vclock.sleep,
        clock=vclock.time,
        timeout=2.0,
    ) as ps:
        yield ps


@pytest.fixture
def raw_client(
    emulator: ProfilesSyncEmulator, server: EmulatorServer, vclock: VirtualClock
) -> Iterator[ProfilesSync]:
    """Like `client`, without the spec check: for answers that break the spec on purpose."""
    with ProfilesSync(
        emulator.token,
        base_url=server.base_url,
        sleep=vclock.sleep,
        clock=vclock.time,
        timeout=2.0,
    ) as ps:
        yield ps


@pytest.fixture
async def aclient(
    emulator: ProfilesSyncEmulator, server: EmulatorServer, vclock: VirtualClock
) -> AsyncIterator[AsyncProfilesSync]:
    """The asyncio twin of `client`."""
    async with AsyncProfilesSync(
        emulator.token,
        base_url=server.base_url,
        transport=AsyncContractCheckingTransport(),
        sleep=vclock.async_sleep,
        clock=vclock.time,
        timeout=2.0,
    ) as aps:
        yield aps


class Twin:
    """One client, blocking or asyncio, behind the same blocking calls: the one way to run a
    test through both clients (the code's twin rule: written once, run twice). `twin.run(call)`
    calls `call(client)` and returns its result, awaited for the asyncio client and listed for
    a pager. A blocking run uses one client for the whole test; an asyncio call runs in a
    fresh event loop with a client of its own. Both sleep on the test's virtual clock (so
    `sleeps` records what either waited) and, unless `with_options(checked=False)`, have every
    exchange checked against the spec."""

    def __init__(
        self, kind: str, emulator: ProfilesSyncEmulator, base_url: str, vclock: VirtualClock
    ) -> None:
        self.kind, self.emulator, self.base_url, self.vclock = kind, emulator, base_url, vclock
        self.options: dict[str, Any] = {"timeout": 2.0}
        self.checked = True
        self._blocking: ProfilesSync | None = None
        self._derived: list[Twin] = []  # made by with_options: closed with this one

    def __repr__(self) -> str:
        return f"Twin({self.kind})"

    def with_options(self, *, checked: bool | None = None, **options: Any) -> Twin:
        twin = Twin(self.kind, self.emulator, self.base_url, self.vclock)
        twin.options = {**self.options, **options}
        twin.checked = self.checked if checked is None else checked
        self._derived.append(twin)
        return twin

    def _blocking_client(self) -> ProfilesSync:
        if self._blocking is None:
            clock = self.vclock
            transport = ContractCheckingTransport() if self.checked else None
            self._blocking = ProfilesSync(
                self.emulator.token, base_url=self.base_url, sleep=clock.sleep,
                clock=clock.time, transport=transport, **self.options,
            )  # fmt: skip
        return self._blocking

    def run(self, call: Callable[[Any], Any]) -> Any:
        if self.kind == "blocking":
            result = call(self._blocking_client())
            return list(result) if isinstance(result, SyncPager | Iterator) else result

        async def run() -> Any:
            clock = self.vclock
            transport = AsyncContractCheckingTransport() if self.checked else None
            async with AsyncProfilesSync(
                self.emulator.token, base_url=self.base_url, sleep=clock.async_sleep,
                clock=clock.time, transport=transport, **self.options,
            ) as aps:  # fmt: skip
                result = call(aps)
                if isinstance(result, AsyncPager | AsyncIterator):
                    return [item async for item in result]
                return await result

        return asyncio.run(run())

    def close(self) -> None:
        for twin in self._derived:
            twin.close()
        if self._blocking is not None:
            self._blocking.close()

    def list(self) -> list[Any]:
        return list(self.run(lambda c: c.list_warehouses(SPACE)))

    def create(self) -> Any:
        return self.run(
            lambda c: c.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={"account": "a"})
        )

    def remove(self, warehouse_id: str) -> None:
        self.run(lambda c: c.remove_warehouse(SPACE, warehouse_id))


@pytest.fixture(params=["blocking", "asyncio"])
def twin(
    request: pytest.FixtureRequest,
    emulator: ProfilesSyncEmulator,
    server: EmulatorServer,
    vclock: VirtualClock,
) -> Iterator[Twin]:
    """Runs the test once through each client (see `Twin`)."""
    both = Twin(request.param, emulator, server.base_url, vclock)
    yield both
    both.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what collection left alive (modules, the items, fixture definitions).

    The suite makes plenty of garbage (emulators, clients, plans); every full collection then
    walked those tens of thousands of long-lived objects again. Frozen ones are skipped. The
    same hook serves `make mutation`, whose child per mutant inherits its parent's heap.
    """
    del session
    gc.freeze()
