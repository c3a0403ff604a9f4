"""The blocking client's plan, apply and export run spaces on a bounded pool of threads, with
the asyncio client's ordering and outcome guarantees."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

import pytest
from segment_profiles_sync import NotFoundError, ProfilesSync
from segment_profiles_sync.state import DesiredState, Progress
from segment_profiles_sync.state._pool import for_each
from segment_profiles_sync.testing import EmulatedResponse, ProfilesSyncEmulator

SNOWFLAKE = "CCIl4HLQPz"


def overlap_meter(emulator: ProfilesSyncEmulator, hold: float = 0.02) -> list[int]:
    """Record how many requests the emulator is answering at once (each held `hold` s)."""
    original = emulator.handle
    lock = threading.Lock()
    state = {"now": 0}
    peaks: list[int] = []

    def handle(method: str, target: str, headers: Any, body: bytes) -> EmulatedResponse:
        with lock:
            state["now"] += 1
            peaks.append(state["now"])
        time.sleep(hold)
        try:
            return original(method, target, headers, body)
        finally:
            with lock:
                state["now"] -= 1

    emulator.handle = handle  # type: ignore[method-assign]
    return peaks


def spaces_state(spaces: list[str], **extra: Any) -> DesiredState:
    warehouse = {"name": "A", "metadata_id": SNOWFLAKE, "settings": {"account": "a"}, **extra}
    return DesiredState.from_dict(
        {"version": 1, "spaces": {s: {"warehouses": [warehouse]} for s in spaces}}
    )


@pytest.fixture
def spaces(emulator: ProfilesSyncEmulator) -> list[str]:
    return [emulator.add_space() for _ in range(10)]


def test_plan_apply_export_run_spaces_concurrently_in_order(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, spaces: list[str]
) -> None:
    """`concurrency=4`: up to four spaces at once, never more; results in document order."""
    peaks = overlap_meter(emulator)
    state = spaces_state(spaces)
    plan = client.plan(state, concurrency=4)
    assert [c.space_id for c in plan.changes] == spaces
    assert 2 <= max(peaks) <= 4
    peaks.clear()
    result = client.apply(plan, concurrency=4)
    assert result.ok
    assert [o.change.space_id for o in result.outcomes] == spaces
    assert 2 <= max(peaks) <= 4
    exported = client.export(spaces, concurrency=4)
    assert list(exported.to_dict()["spaces"]) == spaces
    peaks.clear()
    assert client.plan(state, concurrency=1).changes == ()
    assert max(peaks) == 1


def test_a_failure_in_one_space_leaves_the_others(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, spaces: list[str]
) -> None:
    """One space's create fails: its outcome says so; every other space is applied."""
    plan = client.plan(spaces_state(spaces))
    emulator.fail_next(422, method="POST", path=f"/spaces/{spaces[3]}/*")
    result = client.apply(plan)
    statuses = {o.change.space_id: o.status for o in result.outcomes}
    assert statuses.pop(spaces[3]) == "failed"
    assert set(statuses.values()) == {"applied"}


def test_an_error_reading_one_space_fails_the_plan(client: ProfilesSync, spaces: list[str]) -> None:
    """An API error in one worker propagates from `plan` (as with the asyncio client)."""
    with pytest.raises(NotFoundError):
        client.plan(spaces_state([*spaces[:5], "noSuchSpace0000000000", *spaces[5:]]))


def test_progress_is_reported_one_thread_at_a_time(client: ProfilesSync, spaces: list[str]) -> None:
    """The callback is never entered by two workers at once; counts rise one by one."""
    busy = threading.Lock()
    overlapped: list[Progress] = []
    seen: list[int] = []

    def callback(progress: Progress) -> None:
        if not busy.acquire(blocking=False):
            overlapped.append(progress)
            return
        try:
            time.sleep(0.002)
            if progress.outcome is None:
                seen.append(progress.spaces_done)
        finally:
            busy.release()

    plan = client.plan(spaces_state(spaces), on_progress=callback, concurrency=8)
    client.apply(plan, on_progress=callback, concurrency=8)
    assert overlapped == []
    assert seen == list(range(1, 11)) * 2


def test_ctrl_c_reaches_the_caller_at_once_and_starts_nothing_more() -> None:
    """KeyboardInterrupt in the calling thread while workers are busy: raised at once, and
    the items not yet started never start."""
    started: list[int] = []
    release = threading.Event()

    def work(item: int) -> int:
        started.append(item)
        if item == 0:
            main = threading.main_thread().ident
            assert main is not None
            threading.Timer(0.05, signal.pthread_kill, (main, signal.SIGINT)).start()
        release.wait(5)
        return item

    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        for_each(list(range(50)), work, 4)
    elapsed = time.perf_counter() - began
    release.set()
    time.sleep(0.05)
    assert elapsed < 2  # not a timing goal: the workers alone would hold it 5 s
    assert sorted(started) == [0, 1, 2, 3]


def test_the_first_error_stops_the_pool() -> None:
    """A worker's exception propagates; no item starts after it."""
    started: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        if item == 2:
            raise ValueError("space 2")
        time.sleep(0.01)
        return item

    with pytest.raises(ValueError, match="space 2"):
        for_each(list(range(40)), work, 3)
    assert len(started) < 10
    assert for_each([1, 2, 3], lambda i: i * 2, 8) == [2, 4, 6]
