"""`AsyncPager`: walks a listing page by page (the rules are `_paging.PageWalker`'s).

`_sync_pager.py` (the blocking twin, `SyncPager`) is derived from this file by
`scripts/unasync.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from ._paging import Page, PageWalker

__all__ = ["AsyncPager"]

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """`async for` over items, or over `.pages()` for whole pages; fetches lazily, one page
    at a time."""

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
        walker = PageWalker(*self._options)
        while (request := walker.next_request()) is not None:
            yield walker.accept(await self._fetch(*request))

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
