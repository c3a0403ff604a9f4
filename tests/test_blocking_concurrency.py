"""The blocking client's plan, apply and export run spaces on a bounded pool of threads, with
the asyncio client's ordering and outcome guarantees."""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

import pytest
from segment_profiles_sync import NotFoundError, ProfilesSync
from segment_profiles_sync._stop import Stopped, raise_if_stopped
from segment_profiles_sync.state import DesiredState, Progress
from segment_profiles_sync.state._pool import for_each
from segment_profiles_sync.testing import EmulatedResponse, ProfilesSyncEmulator

from tests.payloads import SNOWFLAKE


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
            if progress.outcome is None and progress.started is None:
                seen.append(progress.spaces_done)
        finally:
            busy.release()

    plan = client.plan(spaces_state(spaces), on_progress=callback, concurrency=8)
    client.apply(plan, on_progress=callback, concurrency=8)
    assert overlapped == []
    assert seen == list(range(1, 11)) * 2


def busy_until_stopped(item: int, stopped: list[int]) -> int:
    """A space's changes: 500 steps of 10 ms, each checking before it is sent; a worker told
    to stop records its item and stops."""
    for _ in range(500):
        try:
            raise_if_stopped()
        except Stopped:
            stopped.append(item)
            raise
        time.sleep(0.01)
    return item


def test_ctrl_c_stops_the_workers_before_it_reaches_the_caller() -> None:
    """KeyboardInterrupt in the calling thread while workers are busy: the items not yet
    started never start, each busy worker stops at its next check, and only then does the
    caller get KeyboardInterrupt (so what it reports is final)."""
    started: list[int] = []
    stopped: list[int] = []

    def work(item: int) -> int:
        started.append(item)
        if item == 0:
            main = threading.main_thread().ident
            assert main is not None
            threading.Timer(0.05, signal.pthread_kill, (main, signal.SIGINT)).start()
        return busy_until_stopped(item, stopped)

    with pytest.raises(KeyboardInterrupt):
        for_each(list(range(50)), work, 4)
    assert sorted(started) == [0, 1, 2, 3]
    assert sorted(stopped) == [0, 1, 2, 3]  # all stopped before the caller heard of it


def test_the_pool_waits_for_its_workers_whatever_thread_join_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On Python 3.11 a `join` interrupted by Ctrl-C can mark a running thread as stopped
    (`is_alive()` False; 1 run in 3 of the test above under load). The pool counts its
    workers out itself: with `join` and `is_alive` saying every thread is done at once, it
    still waits for each worker to stop before the caller hears of the interrupt."""
    monkeypatch.setattr(threading.Thread, "is_alive", lambda self: False)
    monkeypatch.setattr(threading.Thread, "join", lambda self, timeout=None: None)
    test_ctrl_c_stops_the_workers_before_it_reaches_the_caller()


def test_a_second_ctrl_c_stops_waiting_for_the_workers() -> None:
    """A worker that never checks (a request stuck until its timeout): the second Ctrl-C
    ends the wait at once."""
    release = threading.Event()
    main = threading.main_thread().ident
    assert main is not None

    def work(item: int) -> int:
        if item == 0:
            threading.Timer(0.05, signal.pthread_kill, (main, signal.SIGINT)).start()
            threading.Timer(0.3, signal.pthread_kill, (main, signal.SIGINT)).start()
        release.wait(10)
        return item

    began = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        for_each(list(range(4)), work, 2)
    elapsed = time.perf_counter() - began
    release.set()
    assert elapsed < 5  # not a timing goal: without the second Ctrl-C it would wait 10 s


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


@pytest.mark.slow
def test_a_real_ctrl_c_mid_apply_stops_the_workers_and_reports_every_create() -> None:
    """The reported case: 16 spaces x 5 creates, 0.3 s round trips, 8 workers, a real SIGINT
    to the main thread mid-apply. No request reaches the server after the caller got
    KeyboardInterrupt (the bound is one per worker; the pool waits, so it is zero), and every
    warehouse that was created was reported by a progress event when its answer arrived."""
    emulator = ProfilesSyncEmulator(token="t", latency=0.3)
    spaces = [emulator.add_space() for _ in range(16)]
    warehouses = [
        {"name": f"W{n}", "metadata_id": SNOWFLAKE, "settings": {"account": "a"}} for n in range(5)
    ]
    state = DesiredState.from_dict(
        {"version": 1, "spaces": {s: {"warehouses": warehouses} for s in spaces}}
    )
    reported: list[Any] = []
    main = threading.main_thread().ident
    assert main is not None

    def interrupt_after_some_creates() -> None:
        deadline = time.monotonic() + 30
        while sum(r.method == "POST" for r in emulator.requests) < 10:
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)
        signal.pthread_kill(main, signal.SIGINT)

    with emulator.serve() as server, ProfilesSync("t", base_url=server.base_url) as ps:
        plan = ps.plan(state, concurrency=8)
        threading.Thread(target=interrupt_after_some_creates, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            ps.apply(plan, on_progress=reported.append, concurrency=8)
        at_interrupt = len(emulator.requests)
        time.sleep(1.0)  # anything still on its way would arrive by now (0.3 s round trips)
        after = len(emulator.requests)
    assert after - at_interrupt == 0
    created = {w["id"] for s in spaces for w in emulator.warehouses(s)}
    assert 10 <= len(created) < 80  # stopped part-way
    applied = {
        p.outcome.warehouse_id
        for p in reported
        if p.outcome is not None and p.outcome.status in {"applied", "recovered"}
    }
    assert applied == created  # each create was reported when its answer arrived
    started = [p.started for p in reported if p.started is not None]
    assert len(started) >= len(applied)


def test_ctrl_c_while_the_workers_start_still_stops_those_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under load, Ctrl-C can arrive before every worker has started (seen in CI): the ones
    started are stopped, and waited for, before the caller hears of it."""
    started: list[int] = []
    stopped: list[int] = []
    begun = threading.Event()
    real_start = threading.Thread.start
    starts = 0

    def start(self: threading.Thread) -> None:
        nonlocal starts
        starts += 1
        if starts == 3:  # the third worker: Ctrl-C lands while it is being started
            begun.wait(5)
            raise KeyboardInterrupt
        real_start(self)

    def work(item: int) -> int:
        started.append(item)
        begun.set()
        return busy_until_stopped(item, stopped)

    monkeypatch.setattr(threading.Thread, "start", start)
    with pytest.raises(KeyboardInterrupt):
        for_each(list(range(50)), work, 4)
    assert sorted(stopped) == sorted(started)
    assert len(started) == 2
