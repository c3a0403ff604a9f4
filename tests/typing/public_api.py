"""The public surface as a type checker sees it (checked by `make mypy`, never run).

Each `assert_type` fails mypy if a signature drifts, including the names the package root
exports lazily (PEP 562) and therefore only declares under `TYPE_CHECKING`.
"""

from __future__ import annotations

import datetime
from typing import assert_type

import httpx
from segment_profiles_sync import (
    AsyncPager,
    AsyncProfilesSync,
    ClientClosedError,
    NotFoundError,
    Page,
    ProfilesSync,
    ProfilesWarehouse,
    RateLimit,
    RateLimitError,
    SegmentError,
    SelectiveSyncItem,
    SelectiveSyncUpdateStatus,
    StateError,
    StateProblem,
    SyncPager,
)
from segment_profiles_sync.models import UNSET, Unset
from segment_profiles_sync.state import ApplyResult, DesiredState, Outcome, Plan, load_state
from segment_profiles_sync.testing import ProfilesSyncEmulator, VirtualClock


def sync_client(ps: ProfilesSync) -> None:
    assert_type(ps.list_warehouses("s"), SyncPager[ProfilesWarehouse])
    assert_type(ps.list_selective_syncs("s", "w"), SyncPager[SelectiveSyncItem])
    assert_type(
        ps.create_warehouse("s", metadata_id="m", settings={}, name="n", reconcile=True),
        ProfilesWarehouse,
    )
    assert_type(ps.update_warehouse("s", "w", settings={}), ProfilesWarehouse)
    assert_type(ps.remove_warehouse("s", "w"), None)
    assert_type(ps.update_selective_sync("s", "w"), SelectiveSyncUpdateStatus)
    assert_type(ps.rate_limit, RateLimit | None)
    assert_type(ps.timeout, httpx.Timeout)
    assert_type(ps.request_count, int)
    for page in ps.list_warehouses("s").pages():
        assert_type(page, Page[ProfilesWarehouse])
        assert_type(page.next_cursor, str | None)
        assert_type(page.enable_event_tables, bool | None)


async def async_client(aps: AsyncProfilesSync, state: DesiredState) -> None:
    assert_type(aps.list_warehouses("s"), AsyncPager[ProfilesWarehouse])
    assert_type(await aps.create_warehouse("s", metadata_id="m", settings={}), ProfilesWarehouse)
    plan = await aps.plan(state)
    assert_type(plan, Plan)
    assert_type(await aps.apply(plan), ApplyResult)
    assert_type(await aps.export(["s"]), DesiredState)


def state_layer(ps: ProfilesSync) -> None:
    state = load_state("profiles-sync.yaml")
    assert_type(state, DesiredState)
    result = ps.apply(ps.plan(state, rotate_secrets=True), allow_replace=True)
    assert_type(result.ok, bool)
    assert_type(result.outcomes, tuple[Outcome, ...])
    assert_type(result.errors, list[SegmentError])


def errors(error: SegmentError, problem: StateProblem) -> None:
    if isinstance(error, RateLimitError):
        assert_type(error.retry_after, float | None)
        assert_type(error.status_code, int)
    if isinstance(error, NotFoundError):
        assert_type(error.response, httpx.Response)
    if isinstance(error, StateError):
        assert_type(error.problems, list[StateProblem])
    assert_type(problem.path, str)
    assert issubclass(ClientClosedError, SegmentError)


def models(warehouse: ProfilesWarehouse) -> None:
    assert_type(warehouse.id, str)
    assert_type(warehouse.enabled, bool)
    assert_type(warehouse.schema_name, str | Unset)
    assert_type(UNSET, Unset)


def testing_kit() -> None:
    clock = VirtualClock()
    emulator = ProfilesSyncEmulator(rate_limit=40, rate_window=1.0, clock=clock.time)
    assert_type(emulator.add_space(warehouses=2), str)
    with emulator.serve() as server:
        assert_type(server.base_url, str)
    assert_type(clock.time(), float)
    assert_type(datetime.datetime.now(), datetime.datetime)
