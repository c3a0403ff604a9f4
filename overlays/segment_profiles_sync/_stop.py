"""A cooperative stop for the blocking client's worker threads.

Ctrl-C reaches only the main thread. The blocking `plan`/`apply`/`export` run spaces on
worker threads (`state/_pool.for_each`), which would otherwise go on sending requests after
the caller saw `KeyboardInterrupt`. So the pool marks each worker with its stop event, and the
two places that start work check it: the transport before every request (attempts and retries
included) and apply before every change. A stopped worker raises `Stopped` (a BaseException,
so no `except Exception` on the way swallows it) and the pool waits for every worker to stop
before handing `KeyboardInterrupt` to the caller: at most the request each worker had in
flight is still answered. Threads the pool did not start (and asyncio code, where cancellation
does this job) have no event, so the checks cost one attribute lookup and never fire.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Stopped", "raise_if_stopped", "stop_on"]


class Stopped(BaseException):
    """This worker was asked to stop (its caller was interrupted); nothing more was sent."""


_local = threading.local()


def raise_if_stopped() -> None:
    """Raise `Stopped` if this thread belongs to a pool that is stopping."""
    event: threading.Event | None = getattr(_local, "stop", None)
    if event is not None and event.is_set():
        raise Stopped


@contextmanager
def stop_on(event: threading.Event) -> Iterator[None]:
    """Mark the current thread as a worker that stops when `event` is set."""
    _local.stop = event
    try:
        yield
    finally:
        _local.stop = None
