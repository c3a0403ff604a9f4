"""Cursor pagination: a page knows its items and its next cursor; pagers walk the pages.

`SyncPager` / `AsyncPager` are what `list_warehouses()` and `list_selective_syncs()` return:
iterate them for items (`for` / `async for`), or call `.pages()` for whole pages. Nothing is
fetched until you iterate, each iteration starts again from `start_cursor`, and only one page
is held in memory at a time. The walking rules live in `_paging.PageWalker` (pure), shared by
both; `AsyncPager` is written once and `SyncPager` derived from it.
"""

from __future__ import annotations

from ._async_pager import AsyncPager
from ._paging import Page
from ._sync_pager import SyncPager

__all__ = ["AsyncPager", "Page", "SyncPager"]
