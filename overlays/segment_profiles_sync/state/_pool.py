"""Running the spaces of a plan, apply or export: concurrently (asyncio) or one by one.

`_aio.py` calls `for_each_async`; the derived `_io.py` calls `for_each`. Results come back in
the order of `items`, and each space's working data (its listings) is dropped as soon as the
space is done, so memory grows with one space, not with the number of spaces.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from ..errors import InvalidArgumentError

T = TypeVar("T")
R = TypeVar("R")


def check_concurrency(concurrency: object) -> int:
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or not 1 <= concurrency <= 64
    ):
        raise InvalidArgumentError(f"concurrency must be an int from 1 to 64, got {concurrency!r}")
    return concurrency


async def for_each_async(
    items: Sequence[T], work: Callable[[T], Awaitable[R]], concurrency: int
) -> list[R]:
    """`work(item)` for every item, at most `concurrency` at a time; results in item order.

    The first exception cancels the rest and propagates (as `asyncio.gather` would not).
    """
    import asyncio

    limit = asyncio.Semaphore(check_concurrency(concurrency))

    async def bounded(item: T) -> R:
        async with limit:
            return await work(item)

    tasks = [asyncio.ensure_future(bounded(item)) for item in items]
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()


def for_each(items: Sequence[T], work: Callable[[T], R], concurrency: int) -> list[R]:
    """The blocking twin: one item after the other (`concurrency` is checked, then unused)."""
    check_concurrency(concurrency)
    return [work(item) for item in items]
