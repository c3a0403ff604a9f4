"""The pagination walk as pure logic, over a fake fetch (no HTTP)."""

from __future__ import annotations

import httpx
import pytest
from segment_profiles_sync import (
    AsyncPager,
    Page,
    PaginationError,
    ProfilesSync,
    SyncPager,
)

from tests.conftest import SPACE


class FakeApi:
    """Serves `total` integers in pages, cursors being the offset as text."""

    def __init__(self, total: int, *, server_page: int = 200) -> None:
        self.total, self.server_page = total, server_page
        self.calls: list[tuple[str | None, int | None]] = []

    def fetch(self, cursor: str | None, count: int | None) -> Page[int]:
        self.calls.append((cursor, count))
        start = int(cursor or 0)
        size = count or self.server_page
        items = list(range(start, min(start + size, self.total)))
        nxt = str(start + size) if start + size < self.total else None
        return Page(items, nxt, self.total)

    async def afetch(self, cursor: str | None, count: int | None) -> Page[int]:
        return self.fetch(cursor, count)


def pager(api: FakeApi, **kw: int | str | None) -> SyncPager[int]:
    options = {"page_size": None, "max_items": None, "start_cursor": None, **kw}
    return SyncPager(api.fetch, **options)  # type: ignore[arg-type]


def test_walks_until_next_is_absent() -> None:
    """All items, in order, one request per page."""
    api = FakeApi(25)
    assert list(pager(api, page_size=10)) == list(range(25))
    assert api.calls == [(None, 10), ("10", 10), ("20", 10)]


def test_max_items_lowers_the_count() -> None:
    """max_items stops early; the last request asks only for what remains."""
    api = FakeApi(1000)
    assert list(pager(api, page_size=10, max_items=25)) == list(range(25))
    assert api.calls == [(None, 10), ("10", 10), ("20", 5)]


def test_max_items_without_page_size_uses_server_default() -> None:
    """With only max_items, count is min(server default 200, remaining)."""
    api = FakeApi(1000)
    assert len(list(pager(api, max_items=3))) == 3
    assert api.calls == [(None, 3)]
    api2 = FakeApi(1000)
    assert len(list(pager(api2, max_items=450))) == 450
    assert [c for _, c in api2.calls] == [200, 200, 50]


def test_start_cursor_resumes() -> None:
    """A cursor from an earlier page resumes there."""
    api = FakeApi(30)
    assert list(pager(api, page_size=10, start_cursor="20")) == list(range(20, 30))


def test_repeated_cursor_raises() -> None:
    """A server that hands back a cursor it already gave would loop: PaginationError."""
    pages = {None: Page([1], "A"), "A": Page([2], "B"), "B": Page([3], "A")}
    walk = SyncPager(
        lambda cursor, count: pages[cursor], page_size=None, max_items=None, start_cursor=None
    )
    got: list[int] = []
    with pytest.raises(PaginationError, match="'A'"):
        got.extend(walk)
    assert got == [1, 2, 3]  # every page served is delivered before the loop is refused


def test_self_referencing_cursor_raises() -> None:
    """A page whose next cursor is its own cursor is caught at once."""
    walk = SyncPager(
        lambda cursor, count: Page([1], "same"), page_size=None, max_items=None, start_cursor="same"
    )
    with pytest.raises(PaginationError):
        list(walk)


def test_lazy_one_page_at_a_time() -> None:
    """Pages are fetched only as iteration reaches them."""
    api = FakeApi(100)
    it = iter(pager(api, page_size=10))
    assert api.calls == []
    for _ in range(10):
        next(it)
    assert len(api.calls) == 1
    next(it)
    assert len(api.calls) == 2


def test_empty_listing() -> None:
    """An empty first page ends the walk."""
    api = FakeApi(0)
    assert list(pager(api)) == []
    assert len(api.calls) == 1


async def test_async_pager_items_and_pages() -> None:
    """Async twin: `async for` over items and over `.pages()`."""
    api = FakeApi(25)
    items = AsyncPager(api.afetch, page_size=10, max_items=22, start_cursor=None)
    assert [i async for i in items] == list(range(22))
    sizes = [len(p.items) async for p in items.pages()]
    assert sizes == [10, 10, 2]


def _empty_pages_forever(request: httpx.Request) -> httpx.Response:
    cursor = request.url.params.get("pagination.cursor", "") + "a"
    data = {"profilesWarehouses": [], "pagination": {"current": "x", "next": cursor}}
    return httpx.Response(200, json={"data": data})


@pytest.mark.parametrize("max_items", [None, 5])
def test_endless_empty_pages_stop(max_items: int | None) -> None:
    """New cursors with empty pages: PaginationError after a bounded number of requests."""
    calls = httpx.MockTransport(_empty_pages_forever)
    with (
        ProfilesSync("t", transport=calls) as ps,
        pytest.raises(PaginationError, match="empty pages"),
    ):
        list(ps.list_warehouses(SPACE, max_items=max_items))
