"""`SyncPager`: walks a listing page by page.

Generated from `_async_pager.py` by `scripts/unasync.py`: edit that file and run
`make unasync`; `make check` fails if this one drifts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from ._paging import Page, PageWalker

__all__ = ["SyncPager"]

T = TypeVar("T")


class SyncPager(Generic[T]):
    """iterate over items, or over `.pages()` for whole pages; fetches lazily, one page
    at a time."""

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
        walker = PageWalker(*self._options)
        while (request := walker.next_request()) is not None:
            yield walker.accept(self._fetch(*request))

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items
