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

    A fixed set of workers takes the items one by one, so only `concurrency` spaces are in
    memory at once however many there are (a task per item would hold every item's
    coroutine from the start). The first exception cancels the other workers and propagates.
    """
    import asyncio

    workers = min(check_concurrency(concurrency), max(1, len(items)))
    results: list[R | None] = [None] * len(items)
    position = iter(range(len(items)))

    async def worker() -> None:
        for index in position:  # shared: each index is taken by exactly one worker
            results[index] = await work(items[index])

    tasks = [asyncio.ensure_future(worker()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
    return results  # type: ignore[return-value]  # every slot was filled


def for_each(items: Sequence[T], work: Callable[[T], R], concurrency: int) -> list[R]:
    """The blocking twin: one item after the other (`concurrency` is checked, then unused)."""
    check_concurrency(concurrency)
    return [work(item) for item in items]
