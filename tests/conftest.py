"""Shared fixtures: an emulator per test, served over real HTTP on 127.0.0.1, and clients whose
every exchange is checked against openapi.yaml by openapi-core."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator, VirtualClock

from tests.contract import validate_request, validate_response

pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's apply locks (under XDG_CACHE_HOME) in a folder of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


# The orchestrator suites run in their own environments (make test-airflow, test-dagster),
# where Airflow or Dagster is installed; this environment has neither.
collect_ignore = ["airflow", "dagster"]

SPACE = "9aQ1Lj62S4bomZKLF4DPqW"
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
