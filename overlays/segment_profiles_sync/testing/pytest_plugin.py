"""pytest fixtures, registered through the `pytest11` entry point when the package is installed.

    def test_my_script(profiles_sync_emulator, profiles_sync_client):
        space = profiles_sync_emulator.add_space(warehouses=2)
        assert len(list(profiles_sync_client.list_warehouses(space))) == 2

The clients talk to the emulator in-process and never really sleep between retries; the waits
they would have made are in `profiles_sync_sleeps`. Use `profiles_sync_emulator.serve()` for
a real HTTP server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .._async_client import AsyncProfilesSync
from .._sync_client import ProfilesSync
from ._emulator import ProfilesSyncEmulator


@pytest.fixture
def profiles_sync_emulator() -> ProfilesSyncEmulator:
    """A fresh, empty emulator for each test."""
    return ProfilesSyncEmulator()


@pytest.fixture
def profiles_sync_sleeps() -> list[float]:
    """The retry waits the fixture clients skipped, in seconds, in order."""
    return []


@pytest.fixture
def profiles_sync_client(
    profiles_sync_emulator: ProfilesSyncEmulator, profiles_sync_sleeps: list[float]
) -> Iterator[ProfilesSync]:
    """A `ProfilesSync` wired to `profiles_sync_emulator` in-process."""
    with ProfilesSync(
        token=profiles_sync_emulator.token,
        transport=profiles_sync_emulator.transport(),
        sleep=profiles_sync_sleeps.append,
    ) as client:
        yield client


@pytest.fixture
def async_profiles_sync_client(
    profiles_sync_emulator: ProfilesSyncEmulator, profiles_sync_sleeps: list[float]
) -> AsyncProfilesSync:
    """An `AsyncProfilesSync` wired to `profiles_sync_emulator` in-process.

    A plain (sync) fixture on purpose: it works under pytest-asyncio in strict or auto mode and
    under anyio alike. In-process, the client holds no sockets, so there is nothing to close.
    """

    async def sleep(seconds: float) -> None:
        profiles_sync_sleeps.append(seconds)

    return AsyncProfilesSync(
        token=profiles_sync_emulator.token,
        transport=profiles_sync_emulator.transport(),
        sleep=sleep,
    )
