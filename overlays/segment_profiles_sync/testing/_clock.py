"""A clock for tests: it moves with real time, and jumps forward whenever something sleeps.

Retries and pacing wait on `sleep` and read `clock`; a test that records sleeps without
waiting must also make time pass, or a pacer would find the window still closed and ask to
wait again. Sleeping moves this clock to the sleeper's wake-up time (never back), so several
tasks waiting at once move it to the latest of their wake-ups, as in real time.
Give the same clock to the emulator (`ProfilesSyncEmulator(clock=vc.time)`) and its
rate-limit windows follow along.
"""

from __future__ import annotations

import threading
import time


class VirtualClock:
    """`time()` for `clock=`, `sleep()` / `async_sleep()` for the clients' `sleep=`."""

    def __init__(self, *, frozen_at: float | None = None) -> None:
        """`frozen_at`: a clock that real time does not move, only sleeps (from that moment).
        A test whose requests must all fall in one rate-limit window uses it: a real second
        boundary mid-test cannot split them."""
        self._lock = threading.Lock()
        self._ahead = 0.0
        self._frozen_at = frozen_at
        self.slept: list[float] = []

    def _real(self) -> float:
        return time.time() if self._frozen_at is None else self._frozen_at

    def time(self) -> float:
        return self._real() + self._ahead

    def _advance_to(self, wake: float) -> None:
        with self._lock:
            self._ahead = max(self._ahead, wake - self._real())

    def sleep(self, seconds: float) -> None:
        """Record the wait, give other threads a millisecond, then move to its end.

        The millisecond (real) lets threads that start waiting at the same moment compute
        their wake-ups before any of them moves the clock (as `async_sleep` does for tasks).
        """
        self.slept.append(seconds)
        wake = self.time() + max(0.0, seconds)
        time.sleep(0.001)
        self._advance_to(wake)

    async def async_sleep(self, seconds: float) -> None:
        """Record the wait, let the other ready tasks run, then move to its end.

        Tasks that start waiting at the same moment (say, all those a rate-limit window holds
        back) each compute their wake-up from that moment before any of them moves the
        clock, so together they move it to the latest wake-up, not to the sum of their waits.
        """
        import asyncio

        self.slept.append(seconds)
        wake = self.time() + max(0.0, seconds)
        await asyncio.sleep(0)
        self._advance_to(wake)
