"""Pacing: one client's requests share what the server says about its rate-limit window.

Without it each request handles its own 429: twenty tasks in flight all hit the limit, all
sleep, all wake together and hit it again. The pacer keeps, for every request of one client
(all threads of a `ProfilesSync`, all tasks of an `AsyncProfilesSync`):

- a **budget**: how many more requests the current window allows. It comes from
  `X-RateLimit-Remaining` of the latest answer, less the requests sent after that one and
  still unanswered (the server had not counted them yet); each send takes one. At zero,
  requests wait for the window to reset instead of being sent into a 429.
- the **window's end**, from `X-RateLimit-Reset` (an RFC 5322 date, whole seconds). It is
  read against the server's own clock: the answer's `Date` header gives the offset between
  the server's clock and ours (the largest `Date - now` seen is a lower bound that tightens
  as answers arrive), so a client whose clock is off still waits the right time.
- a **gate** after a 429: every request waits out the server's wait (`msBeforeNext`, else
  `Retry-After`), not only the one that got it.

Waits carry a little random extra so a fleet of clients does not wake in step. A missing or
unreadable header means no pacing from it, never an error. Everything here is pure state and
arithmetic on an injected clock; the transports do the sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from typing import NamedTuple

from ._constants import MAX_SERVER_DIRECTED_WAIT
from ._headers import ms_before_next, parse_retry_after

# The random extra on each wait: up to this share of the wait, and never more than the cap.
JITTER_SHARE = 0.05
JITTER_CAP = 0.05


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


class ClockOffset:
    """The server's clock minus ours, from `Date` headers (whole seconds).

    A `Date` of D received at our time t means the server's clock read between D and D + 1
    when it answered, a moment before t. So D - t is (nearly) a lower bound of the offset; the
    largest one seen is kept, and it tightens each time the server's second ticks over. An
    observation whose upper bound (D + 1 - t) is below the estimate means a clock was stepped:
    start again from it.
    """

    __slots__ = ("estimate",)

    def __init__(self) -> None:
        self.estimate: float | None = None

    def observe(self, server_date: float, now: float) -> None:
        low, high = server_date - now, server_date + 1.0 - now
        if self.estimate is None or high < self.estimate:
            self.estimate = low
        else:
            self.estimate = max(self.estimate, low)

    def to_local(self, server_time: float) -> float | None:
        return None if self.estimate is None else server_time - self.estimate


class Reservation(NamedTuple):
    """The pacer's answer to "may I send?": wait `wait` seconds first (0: go now). When `wait`
    is 0 the request holds ticket `seq` and must report back with `observe` or `release`.
    `first` is true for the first request told to wait for a given moment (it is logged at
    INFO; the others at DEBUG)."""

    wait: float
    seq: int
    reason: str
    first: bool = False


class Pacer:
    """Shared pacing state for one client; thread-safe, and never blocks (no I/O, no sleep)."""

    def __init__(self, *, rng: Callable[[], float]) -> None:
        self._rng = rng
        self._lock = threading.Lock()
        self._offset = ClockOffset()
        self._seq = 0
        self._in_flight: set[int] = set()
        self._budget: int | None = None  # None: unknown, send freely
        self._window_reset: float | None = None  # server time the current window ends
        self._newest_seen = -1  # seq of the newest request whose answer set the budget
        self._gate_until = 0.0  # our time before which nothing is sent (after a 429)
        self._announced: float | None = None  # the last wait target logged at INFO
        self.waits = 0
        self.waited = 0.0

    def _wait(self, until: float, now: float, reason: str) -> Reservation:
        first = self._announced != until
        self._announced = until
        wait = until - now
        return Reservation(
            wait + min(JITTER_CAP, wait * JITTER_SHARE) * self._rng(), -1, reason, first
        )

    def reserve(self, now: float, *, force: bool = False) -> Reservation:
        """Take a ticket to send now, or say how long to wait before asking again (`force`:
        take one whatever the window says)."""
        with self._lock:
            if now < self._gate_until and not force:
                return self._wait(self._gate_until, now, "after a 429")
            window_end = (
                None if self._window_reset is None else self._offset.to_local(self._window_reset)
            )
            if window_end is not None and now >= window_end:
                self._budget, self._window_reset = None, None  # a new window: unknown again
            if (
                not force
                and self._budget is not None
                and self._budget <= 0
                and window_end is not None
            ):
                return self._wait(window_end, now, "X-RateLimit-Remaining is 0")
            if self._budget is not None:
                self._budget -= 1
            self._seq += 1
            self._in_flight.add(self._seq)
            return Reservation(0.0, self._seq, "")

    def record_wait(self, seconds: float) -> None:
        with self._lock:
            self.waits += 1
            self.waited += seconds

    def release(self, seq: int) -> None:
        """The request got no answer (a connection error): it holds no ticket any more."""
        with self._lock:
            self._in_flight.discard(seq)

    def observe(
        self, seq: int, status: int, headers: Mapping[str, str], body: bytes, now: float
    ) -> None:
        """Learn from an answer: the window (any status) and, for a 429, the gate."""
        with self._lock:
            self._in_flight.discard(seq)
            date = _http_date(headers.get("date"))
            if date is not None:
                self._offset.observe(date, now)
            if status == 429:
                wait = ms_before_next(body)
                if wait is None:
                    wait = parse_retry_after(headers.get("retry-after"), now=now)
                if wait is not None and wait <= MAX_SERVER_DIRECTED_WAIT:
                    self._gate_until = max(self._gate_until, now + wait)
                self._budget = 0 if self._window_reset is not None else self._budget
                return
            remaining = _int(headers.get("x-ratelimit-remaining"))
            reset = _http_date(headers.get("x-ratelimit-reset"))
            if remaining is None or reset is None or date is None:
                return  # not enough to pace by: leave the state as it is
            later = sum(1 for s in self._in_flight if s > seq)
            if self._window_reset is None or reset > self._window_reset:
                self._window_reset, self._newest_seen = reset, seq
                self._budget = remaining - later
            elif reset == self._window_reset and seq > self._newest_seen:
                self._newest_seen = seq
                self._budget = remaining - later
