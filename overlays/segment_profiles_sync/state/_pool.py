"""Running the spaces of a plan, apply or export concurrently: asyncio tasks or threads.

`_async_io.py` calls `for_each_async`; the derived `_sync_io.py` calls `for_each`, which runs
the same bounded pool on threads (a blocking client shares its connection pool and pacer between
threads), so a script with `ProfilesSync` plans 40 spaces about as fast as one with
`AsyncProfilesSync`. Results come back in the order of `items`, and each space's working data
(its listings) is dropped as soon as the space is done, so memory grows with `concurrency`
spaces, not with the number of spaces. `Reporter` counts finished spaces and calls the
caller's progress callback one thread at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import Literal, TypeVar

from .._constants import LOGGER_NAME, MAX_CONCURRENCY
from .._stop import stop_on
from ..errors import InvalidArgumentError
from ._plan import Change, Outcome, Progress, ProgressCallback

T = TypeVar("T")
R = TypeVar("R")
logger = logging.getLogger(LOGGER_NAME)


class Reporter:
    """Progress of one plan, apply or export: spaces done, and the caller's callback.

    The callback is called one thread at a time (the blocking client's workers finish spaces
    in parallel); an exception it raises is logged and the run goes on, since an apply that
    stopped there would lose the record of what it already changed.
    """

    def __init__(
        self,
        phase: Literal["plan", "apply", "export"],
        total: int,
        callback: ProgressCallback | None,
    ) -> None:
        self.phase = phase
        self.total = total
        self.callback = callback
        self.done = 0
        self._lock = threading.Lock()

    def space_done(self, space_id: str) -> None:
        with self._lock:
            self.done += 1
            self._call(space_id, None)

    def change_started(self, space_id: str, change: Change) -> None:
        with self._lock:
            self._call(space_id, None, change)

    def change_done(self, space_id: str, outcome: Outcome) -> None:
        with self._lock:
            self._call(space_id, outcome)

    def _call(self, space_id: str, outcome: Outcome | None, started: Change | None = None) -> None:
        if self.callback is None:
            return
        progress = Progress(self.phase, space_id, self.done, self.total, outcome, started)
        try:
            self.callback(progress)
        except Exception as error:  # noqa: BLE001 - any error of the caller's callback
            logger.warning(
                "on_progress raised %s for space %s; going on", type(error).__name__, space_id
            )


def check_concurrency(concurrency: object) -> int:
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or not 1 <= concurrency <= MAX_CONCURRENCY
    ):
        raise InvalidArgumentError(
            f"concurrency must be an int from 1 to {MAX_CONCURRENCY}, got {concurrency!r}"
        )
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
    """The blocking twin: `concurrency` worker threads take the items one by one; results in
    item order. The first exception stops the workers from taking more items and propagates
    once the others have finished their current item.

    Ctrl-C in the calling thread (it waits in bounded steps) stops the workers: no item starts
    after it, and no request or change either (`_stop.py`). `KeyboardInterrupt` reaches the
    caller once every worker has stopped, so what it reports is final: at most the request
    each worker had in flight was still answered. A second Ctrl-C stops waiting. The workers
    are daemon threads, so one still waiting for its answer (each has a finite timeout) does
    not hold the interpreter open if the caller exits.
    """
    workers = min(check_concurrency(concurrency), max(1, len(items)))
    if workers == 1:
        return [work(item) for item in items]
    results: list[R | None] = [None] * len(items)
    position = iter(range(len(items)))
    lock = threading.Lock()
    stop = threading.Event()
    errors: list[BaseException] = []

    def take() -> int | None:
        with lock:
            return None if stop.is_set() else next(position, None)

    def worker(finished: threading.Event) -> None:
        try:
            with stop_on(stop):
                while (index := take()) is not None:
                    try:
                        results[index] = work(items[index])
                    except BaseException as error:  # noqa: BLE001 - handed to the caller
                        with lock:
                            errors.append(error)
                        stop.set()
                        return
        finally:
            finished.set()

    finished = [threading.Event() for _ in range(workers)]
    threads = [
        threading.Thread(target=worker, args=(finished[n],), name=f"profiles-sync-{n}", daemon=True)
        for n in range(workers)
    ]
    try:
        for thread in threads:  # inside the try: Ctrl-C may come while they are starting
            thread.start()
        _wait(finished)
    except BaseException:  # Ctrl-C in the calling thread: stop the workers, then tell
        stop.set()
        # Each sends nothing more (see _stop.py); a second Ctrl-C ends this wait.
        _wait([done for thread, done in zip(threads, finished, strict=True) if thread.ident])
        raise
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]  # every slot was filled


def _wait(finished: Sequence[threading.Event]) -> None:
    """Until every worker has finished: each sets its own event as it exits.

    Not `Thread.join`: on Python 3.11 a join interrupted by Ctrl-C can mark a thread that is
    still running as stopped (its `is_alive()` turns False), and the caller would hear of
    the interrupt while that worker still sends. Waits are bounded, so a signal is seen
    within a tick on every platform."""
    for done in finished:
        while not done.wait(0.25):
            pass
