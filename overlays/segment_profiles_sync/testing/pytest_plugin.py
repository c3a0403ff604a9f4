"""pytest fixtures, registered through the `pytest11` entry point when the package is installed.

    def test_my_script(profiles_sync_emulator, profiles_sync_client):
        space = profiles_sync_emulator.add_space(warehouses=2)
        assert len(list(profiles_sync_client.list_warehouses(space))) == 2

The clients talk to the emulator in-process and never really sleep between retries or pacing
waits; the waits they would have made are in `profiles_sync_sleeps`, and time moves on for
them on `profiles_sync_clock` (a `VirtualClock`, which the emulator follows too). Use
`profiles_sync_emulator.serve()` for
a real HTTP server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .._async_client import AsyncProfilesSync
from .._sync_client import ProfilesSync
from ._clock import VirtualClock
from ._emulator import ProfilesSyncEmulator


@pytest.fixture
def profiles_sync_clock() -> VirtualClock:
    """The time the fixture clients and the emulator share; sleeping moves it forward."""
    return VirtualClock()


@pytest.fixture
def profiles_sync_emulator(profiles_sync_clock: VirtualClock) -> ProfilesSyncEmulator:
    """A fresh, empty emulator for each test."""
    return ProfilesSyncEmulator(clock=profiles_sync_clock.time)


@pytest.fixture
def profiles_sync_sleeps(profiles_sync_clock: VirtualClock) -> list[float]:
    """The retry and pacing waits the fixture clients skipped, in seconds, in order."""
    return profiles_sync_clock.slept


@pytest.fixture
def profiles_sync_client(
    profiles_sync_emulator: ProfilesSyncEmulator, profiles_sync_clock: VirtualClock
) -> Iterator[ProfilesSync]:
    """A `ProfilesSync` wired to `profiles_sync_emulator` in-process."""
    with ProfilesSync(
        token=profiles_sync_emulator.token,
        transport=profiles_sync_emulator.transport(),
        sleep=profiles_sync_clock.sleep,
        clock=profiles_sync_clock.time,
    ) as client:
        yield client


@pytest.fixture
def async_profiles_sync_client(
    profiles_sync_emulator: ProfilesSyncEmulator, profiles_sync_clock: VirtualClock
) -> AsyncProfilesSync:
    """An `AsyncProfilesSync` wired to `profiles_sync_emulator` in-process.

    A plain (sync) fixture on purpose: it works under pytest-asyncio in strict or auto mode and
    under anyio alike. In-process, the client holds no sockets, so there is nothing to close.
    """

    return AsyncProfilesSync(
        token=profiles_sync_emulator.token,
        transport=profiles_sync_emulator.transport(),
        sleep=profiles_sync_clock.async_sleep,
        clock=profiles_sync_clock.time,
    )
