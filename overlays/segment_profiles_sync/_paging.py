"""A page, and the rules for walking pages (pure): what both pagers share.

`_async_pager.AsyncPager` and its derived blocking twin `_sync_pager.SyncPager` fetch; the
public names are in `pagination`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from ._constants import MAX_EMPTY_PAGES, SERVER_DEFAULT_PAGE_SIZE
from .errors import PaginationError

if TYPE_CHECKING:  # the generated models load on the first call, not on import
    from segment_profiles_sync_api.models import (
        ListProfilesWarehouseInSpaceAlphaOutput,
        ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput,
    )

__all__ = ["Page", "PageWalker"]

T = TypeVar("T")


class Page(NamedTuple, Generic[T]):
    """One page: its `items`, the cursor of the next page (None on the last one), the total
    if the server counted it, `enable_event_tables` (selective-sync listings only; None
    elsewhere), and `data`, the whole parsed `data` object of the answer."""

    items: list[T]
    next_cursor: str | None
    total_entries: int | None = None
    data: (
        ListProfilesWarehouseInSpaceAlphaOutput
        | ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput
        | None
    ) = None
    enable_event_tables: bool | None = None


class PageWalker:
    """The rules of one walk: which page to ask for next, how many items to keep, when to stop."""

    def __init__(self, page_size: int | None, max_items: int | None, cursor: str | None) -> None:
        self.page_size, self.max_items, self.cursor = page_size, max_items, cursor
        self.yielded = 0
        self.done = False
        self.seen: set[str] = set()
        self.empty_in_a_row = 0

    def next_request(self) -> tuple[str | None, int | None] | None:
        """(cursor, count) of the next page to fetch, or None when the walk is over.

        Raises `PaginationError` instead of asking again for a cursor already followed.
        """
        if self.done:
            return None
        if self.cursor is not None and self.cursor in self.seen:
            raise PaginationError(
                f"the server returned cursor {self.cursor!r} again; stopping instead of looping"
            )
        count = self.page_size
        if self.max_items is not None:
            remaining = self.max_items - self.yielded
            count = min(count or SERVER_DEFAULT_PAGE_SIZE, remaining)
        return self.cursor, count

    def accept(self, page: Page[T]) -> Page[T]:
        """Record a fetched page; returns it trimmed to `max_items` if needed."""
        if self.max_items is not None and self.yielded + len(page.items) > self.max_items:
            page = page._replace(items=page.items[: self.max_items - self.yielded])
        self.yielded += len(page.items)
        if self.cursor is not None:
            self.seen.add(self.cursor)
        # A server that answers empty pages, each with a new cursor, never repeats one and
        # never fills `max_items`: without this count the walk would never end.
        self.empty_in_a_row = 0 if page.items else self.empty_in_a_row + 1
        if self.empty_in_a_row >= MAX_EMPTY_PAGES and page.next_cursor is not None:
            raise PaginationError(
                f"the server sent {self.empty_in_a_row} empty pages in a row, each with a next "
                "cursor; stopping instead of following them forever"
            )
        limit_reached = self.max_items is not None and self.yielded >= self.max_items
        self.done = page.next_cursor is None or limit_reached
        self.cursor = page.next_cursor
        return page
