"""Signals for the command line: SIGTERM as Ctrl-C, and Ctrl-C that always wakes the loop.

Why the wake-up is needed: the kernel hands a process-directed SIGINT to *any* thread that does
not block it. CPython's C handler, run on that thread, only records the signal; the Python
handler (asyncio.run's, which cancels the command) runs on the main thread, the next time that
thread executes bytecode. When the main thread sleeps in the event loop's `epoll_wait` with
nothing due (the `[y/N]` prompt, a long request), and the signal landed on another thread (a
resolver or `to_thread` worker, even one on its way out), nothing wakes it: Ctrl-C did
nothing. `signal.set_wakeup_fd` makes the C handler also write a byte to a socket the loop
watches, whichever thread it ran on, so the main thread wakes and runs the handler.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Awaitable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # `--version` and `--help` import this module; asyncio costs them 35-50 ms
    import asyncio
    import socket

T = TypeVar("T")


def sigterm_as_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """A CI runner cancels with SIGTERM: stop as Ctrl-C does (asyncio's handling included)."""
    signal.raise_signal(signal.SIGINT)


def _drain(reader: socket.socket) -> None:
    """Empty the wake-up socket. Returning to Python is the point: the pending handler runs."""
    with contextlib.suppress(BlockingIOError, InterruptedError):
        while reader.recv(4096):
            pass


@contextlib.contextmanager
def signals_wake(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """While inside, any signal caught by a Python handler wakes `loop` (see the module doc).

    Left as it is when not on the main thread (only it may set the wake-up descriptor) or when
    someone else already set one (replacing it would silence theirs).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    import socket

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    if previous != -1:  # an embedding host's: keep it
        signal.set_wakeup_fd(previous)
        reader.close()
        writer.close()
        yield
        return
    loop.add_reader(reader.fileno(), _drain, reader)
    try:
        yield
    finally:
        loop.remove_reader(reader.fileno())
        signal.set_wakeup_fd(-1)
        reader.close()
        writer.close()


async def awake(command: Awaitable[T]) -> T:
    """Await `command` with Ctrl-C able to wake the running loop from any thread."""
    import asyncio

    with signals_wake(asyncio.get_running_loop()):
        return await command
