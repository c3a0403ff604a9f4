"""Turn parsed list answers into `Page`s (pure, shared by both clients)."""

from __future__ import annotations

from segment_profiles_sync_api.models import (
    ListProfilesWarehouseInSpace200Response,
    ListSelectiveSyncsFromWarehouseAndSpace200Response,
    PaginationOutput,
    ProfilesWarehouse,
    SelectiveSyncItem,
)
from segment_profiles_sync_api.types import Unset

from ._paging import Page


def _next_and_total(pagination: PaginationOutput | Unset) -> tuple[str | None, int | None]:
    if isinstance(pagination, Unset):
        return None, None  # no pagination object: everything fit in one page
    nxt = pagination.next_ if isinstance(pagination.next_, str) and pagination.next_ else None
    total = pagination.total_entries
    return nxt, (int(total) if isinstance(total, int | float) else None)


def warehouses_page(answer: ListProfilesWarehouseInSpace200Response) -> Page[ProfilesWarehouse]:
    nxt, total = _next_and_total(answer.data.pagination)
    return Page(answer.data.profiles_warehouses, nxt, total, answer.data)


def selective_syncs_page(
    answer: ListSelectiveSyncsFromWarehouseAndSpace200Response,
) -> Page[SelectiveSyncItem]:
    nxt, total = _next_and_total(answer.data.pagination)
    events = answer.data.enable_event_tables
    return Page(
        answer.data.items, nxt, total, answer.data, None if isinstance(events, Unset) else events
    )
