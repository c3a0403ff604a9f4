"""A clock for tests: it moves with real time, and jumps forward whenever something sleeps.

Retries and pacing wait on `sleep` and read `clock`; a test that records sleeps without
waiting must also make time pass, or a pacer would find the window still closed and ask to
wait again. Sleeping moves this clock to the sleeper's wake-up time (never back), so several
tasks that each ask the clock and then sleep wake in order, as they would in real time.
Give the same clock to the emulator (`ProfilesSyncEmulator(clock=vc.time)`) and its
rate-limit windows follow along.
"""

from __future__ import annotations

import threading
import time


class VirtualClock:
    """`time()` for `clock=`, `sleep()` / `async_sleep()` for the clients' `sleep=`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ahead = 0.0
        self.slept: list[float] = []

    def time(self) -> float:
        return time.time() + self._ahead

    def _advance(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            # The sleeper wakes at time() + seconds. A pacer reads the clock just before it
            # sleeps, so the next task to ask sees the moved clock and does not wait again.
            self._ahead += max(0.0, seconds)

    def sleep(self, seconds: float) -> None:
        self._advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        import asyncio

        self._advance(seconds)
        await asyncio.sleep(0)  # let other tasks run, as a real sleep would
