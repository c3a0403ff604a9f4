"""Cursor pagination: a page knows its items and its next cursor; pagers walk the pages.

`SyncPager` / `AsyncPager` are what `list_warehouses()` and `list_selective_syncs()` return:
iterate them for items (`for` / `async for`), or call `.pages()` for whole pages. Nothing is
fetched until you iterate, each iteration starts again from `start_cursor`, and only one page
is held in memory at a time. The walking rules live in `_PageWalker` (pure), shared by both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

from ._constants import MAX_EMPTY_PAGES, SERVER_DEFAULT_PAGE_SIZE
from .errors import PaginationError

if TYPE_CHECKING:  # the generated models load on the first call, not on import
    from segment_profiles_sync_api.models import (
        ListProfilesWarehouseInSpaceAlphaOutput,
        ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput,
    )

__all__ = ["AsyncPager", "Page", "SyncPager"]

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


class _PageWalker:
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


class SyncPager(Generic[T]):
    """Iterate for items, or call `.pages()` for pages. Fetches lazily, one page at a time."""

    def __init__(
        self,
        fetch: Callable[[str | None, int | None], Page[T]],
        *,
        page_size: int | None,
        max_items: int | None,
        start_cursor: str | None,
    ) -> None:
        self._fetch = fetch
        self._options = (page_size, max_items, start_cursor)

    def pages(self) -> Iterator[Page[T]]:
        walker = _PageWalker(*self._options)
        while (request := walker.next_request()) is not None:
            yield walker.accept(self._fetch(*request))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(Generic[T]):
    """`async for` over items, or `async for page in pager.pages()`. The asyncio twin."""

    def __init__(
        self,
        fetch: Callable[[str | None, int | None], Awaitable[Page[T]]],
        *,
        page_size: int | None,
        max_items: int | None,
        start_cursor: str | None,
    ) -> None:
        self._fetch = fetch
        self._options = (page_size, max_items, start_cursor)

    async def pages(self) -> AsyncIterator[Page[T]]:
        walker = _PageWalker(*self._options)
        while (request := walker.next_request()) is not None:
            yield walker.accept(await self._fetch(*request))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
