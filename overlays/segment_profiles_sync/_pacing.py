"""Pacing: one client's requests share what the server says about its rate-limit window.

Without it each request handles its own 429: twenty tasks in flight all hit the limit, all
sleep, all wake together and hit it again. The pacer keeps, for every request of one client
(all threads of a `ProfilesSync`, all tasks of an `AsyncProfilesSync`):

- a **budget**: how many more requests the current window allows: the lowest
  `X-RateLimit-Remaining` any answer of this window gave (the server's count only grows),
  less every request still unanswered (the server may not have counted it yet; answers come
  back in any order, so which ones it has counted cannot be known). Each send takes one,
  each answer recomputes it. At zero, requests wait for the answers still due (they may show
  room left), and when none are due, for the window to reset: never into a 429.
- the **window's end**, from `X-RateLimit-Reset` (an RFC 5322 date, whole seconds). It is
  read against the server's own clock: the answer's `Date` header gives the offset between
  the server's clock and ours (the largest `Date - now` seen is a lower bound that tightens
  as answers arrive), so a client whose clock is off still waits the right time.
- the **Reset's resolution**: a server whose windows end between whole seconds may send the
  end rounded down (an HTTP date is truncated). The first 429 that shows a window outlasting
  its Reset (its `msBeforeNext`, in milliseconds, says when the window really ends) marks the
  server so; from then on a window's end is taken as Reset + 1 s at the latest, and sooner
  where the window's phase is known: from a 429's `msBeforeNext` (that window's exact end),
  or, for windows that start at the first request after the last one ended (rolling
  windows), from the send time of the request that opened the window, half its round trip
  (when it reached the server), and the window's length, learned from a 429 of an earlier
  window. Requests still unanswered when a window ends are charged to the next one (the
  server counts a request when it arrives, after our boundary).
- a **gate** after a 429: every request waits out the server's wait (`msBeforeNext`, else
  `Retry-After`), not only the one that got it.
- the **limit** itself (`Consumed + Remaining`), so a new window starts with a known budget.
  Before the first answer nothing is known: one request goes first and the others wait for
  what it learns, so a burst of tasks does not start with a wall of 429s. (That wait is for
  an event, an answer, not for time to pass: `wait_for_answer` / `listen` below.)

Waits carry a little random extra so a fleet of clients does not wake in step. A missing or
unreadable header means no pacing from it, never an error. Everything here is pure state and
arithmetic on an injected clock; the transports do the sleeping.
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import NamedTuple

from ._constants import (
    ANSWER_WAIT,
    EXACT_RESETS_TRUSTED,
    JITTER_CAP,
    JITTER_SHARE,
    MAX_SERVER_DIRECTED_WAIT,
    PHASE_MARGIN,
    PHASE_MARGIN_SHARE,
)
from ._headers import http_date_or_none, int_or_none, ms_before_next, server_wait


def _http_date(value: str | None) -> float | None:
    when = http_date_or_none(value)  # cached there: Reset repeats through a whole window
    return None if when is None else when.timestamp()


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
    # Wait for the next answer (at most `wait` seconds) rather than for time to pass.
    for_answer: bool = False
    generation: int = 0


class Pacer:
    """Shared pacing state for one client; thread-safe, and never blocks (no I/O, no sleep)."""

    def __init__(self, *, rng: Callable[[], float], share: float = 1.0) -> None:
        self._rng = rng
        # The part of each window this pacer plans to use (`budget_share=`): a token split on
        # purpose between several processes, each with its share, stays within the limit.
        self._share = share
        self._sent_in_window = 0  # tickets taken since the current window began
        self._lock = threading.Lock()
        self._offset = ClockOffset()
        self._seq = 0
        self._in_flight: set[int] = set()
        self._budget: int | None = None  # None: unknown, send freely
        self._limit: int | None = None  # requests per window, once an answer said so
        self._learned = False  # any answer with window headers yet?
        self._window_reset: float | None = None  # server time the current window ends
        self._ended_reset: float | None = None  # the end of the last window we saw end
        self._lowest_remaining: int | None = None  # in the current window
        self._gate_until = 0.0  # our time before which nothing is sent (after a 429)
        self._announced: float | None = None  # the last wait target logged at INFO
        self._generation = 0  # counts answers (and give-ups): what answer-waiters wait for
        self._answered = threading.Condition(self._lock)
        self._listeners: set[Callable[[], None]] = set()
        self._sent_at: dict[int, float] = {}  # our send time of each unanswered ticket
        # The Reset resolution (see the module docstring): does the server round ends down?
        self._truncates = False
        self._exact_end: float | None = None  # our time the current window ends, from a 429
        # (Reset, sent, answered) of the request whose answer first showed that window.
        self._opener: tuple[float, float, float] | None = None
        self._span: float | None = None  # the window's length, learned from a 429
        self._trip: float | None = None  # a recent round trip (moving average)
        self._trip_spread = 0.0  # and how much it varies (mean deviation), as TCP keeps
        # Until the Reset's resolution is known, the first request of a new window goes
        # alone (a probe): if the window has not really ended, one request is refused, not
        # a whole budget's worth. Windows whose probe went through count towards trusting
        # Reset as exact.
        self._probe_due = False
        self._probe: int | None = None
        self._exact_resets = 0
        self.waits = 0
        self.waited = 0.0

    def _share_left(self) -> int | None:
        """What this pacer's share of the window still allows (None: no share set, or the
        limit not known yet: the window's own Remaining is the only bound)."""
        if self._share >= 1 or self._limit is None:
            return None
        return max(1, math.floor(self._limit * self._share)) - self._sent_in_window

    def _window_end(self) -> float | None:
        """Our time from which requests may go for the next window: the window's end as
        late as it may be, less the way there where the end is known to the millisecond."""
        if self._window_reset is None:
            return None
        end = self._offset.to_local(self._window_reset)
        if end is None or not self._truncates:
            return end
        trip = self._trip or 0.0
        margin = PHASE_MARGIN + PHASE_MARGIN_SHARE * trip + 2 * self._trip_spread
        if self._exact_end is not None:  # late by the 429's way back: less the way there too
            return max(end, self._exact_end - trip + margin)
        latest = end + 1.0  # a Reset rounded down: the end is within the next second
        if self._span is not None and self._opener is not None:
            _, sent, answered = self._opener
            arrived = sent + (answered - sent) / 2
            latest = min(latest, arrived + self._span + margin - trip / 2)
        return max(end, latest)

    @property
    def _resolution_known(self) -> bool:
        return self._truncates or self._exact_resets >= EXACT_RESETS_TRUSTED

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
            window_end = self._window_end()
            if window_end is not None and now >= window_end:
                # A new window: its budget is the limit, less what is still in flight; its
                # end is known from the first answer sent in it.
                self._ended_reset, self._window_reset = self._window_reset, None
                self._exact_end = None
                window_end = None
                self._sent_in_window = len(self._in_flight)  # charged to this window
                share_left = self._share_left()
                self._budget = None if self._limit is None else self._limit - len(self._in_flight)
                if self._budget is not None and share_left is not None:
                    self._budget = min(self._budget, share_left)
                self._probe_due = not self._resolution_known
            if self._probe is not None and not force:
                return self._for_answer("a new window: waiting for its first answer")
            if not self._learned and self._in_flight and not force:
                return self._for_answer("waiting for the first answer")
            if not force and self._budget is not None and self._budget <= 0:
                if self._in_flight:  # their answers may show room left, or end the window
                    return self._for_answer("the window's budget is taken; waiting for answers")
                if window_end is not None:
                    return self._wait(window_end, now, "X-RateLimit-Remaining is 0")
            if self._budget is not None:
                self._budget -= 1
            self._sent_in_window += 1
            self._seq += 1
            self._in_flight.add(self._seq)
            self._sent_at[self._seq] = now
            if self._probe_due and not force:
                self._probe_due, self._probe = False, self._seq
            return Reservation(0.0, self._seq, "")

    def _for_answer(self, reason: str) -> Reservation:
        return Reservation(ANSWER_WAIT, -1, reason, for_answer=True, generation=self._generation)

    def _answer_arrived(self) -> list[Callable[[], None]]:
        """Called with the lock held; returns the listeners to call once it is released."""
        self._generation += 1
        self._answered.notify_all()
        return list(self._listeners)

    def wait_for_answer(self, generation: int, timeout: float) -> None:
        """Block this thread until an answer arrives after `generation`, or `timeout` passes."""
        with self._answered:
            self._answered.wait_for(lambda: self._generation != generation, timeout)

    def listen(self, generation: int, callback: Callable[[], None]) -> bool:
        """Call `callback` at the next answer (False, and no call, if one came already)."""
        with self._lock:
            if self._generation != generation:
                return False
            self._listeners.add(callback)
            return True

    def unlisten(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self._listeners.discard(callback)

    def record_wait(self, seconds: float) -> None:
        with self._lock:
            self.waits += 1
            self.waited += seconds

    def release(self, seq: int) -> None:
        """The request got no answer (a connection error): it holds no ticket any more."""
        with self._lock:
            self._in_flight.discard(seq)
            self._sent_at.pop(seq, None)
            if seq == self._probe:
                self._probe = None
            self._learned = True  # do not hold the others back for an answer that never came
            listeners = self._answer_arrived()
        for callback in listeners:
            callback()

    def observe(
        self, seq: int, status: int, headers: Mapping[str, str], body: bytes, now: float
    ) -> None:
        """Learn from an answer: the window (any status) and, for a 429, the gate."""
        with self._lock:
            self._learn(seq, status, headers, body, now)
            listeners = self._answer_arrived()
        for callback in listeners:
            callback()

    def _learn(
        self, seq: int, status: int, headers: Mapping[str, str], body: bytes, now: float
    ) -> None:
        self._in_flight.discard(seq)
        sent = self._sent_at.pop(seq, None)
        if sent is not None:
            trip = now - sent
            if self._trip is None:
                self._trip = trip
            else:
                self._trip_spread = 0.75 * self._trip_spread + 0.25 * abs(trip - self._trip)
                self._trip = 0.875 * self._trip + 0.125 * trip
        if seq == self._probe:
            self._probe = None
            if status != 429:
                self._exact_resets += 1
        self._learned = True  # any answer ends the wait for a first one
        date = _http_date(headers.get("date"))
        if date is not None:
            self._offset.observe(date, now)
        reset = _http_date(headers.get("x-ratelimit-reset"))
        if status == 429:
            exact = ms_before_next(body)
            if exact is not None and reset is not None:
                self._learn_phase(reset, now + exact, sent, now)
            wait = server_wait(headers, body, now=now)  # the one precedence (see _headers)
            if wait is not None and wait <= MAX_SERVER_DIRECTED_WAIT:
                self._gate_until = max(self._gate_until, now + wait)
            if self._window_reset is not None:
                self._budget = 0
        remaining = int_or_none(headers.get("x-ratelimit-remaining"))
        if remaining is None or reset is None or date is None:
            return  # not enough to pace by: leave the window as it is
        consumed = int_or_none(headers.get("x-ratelimit-consumed"))
        if consumed is not None and consumed >= 0 and remaining >= 0:
            self._limit = consumed + remaining
        if self._ended_reset is not None and reset <= self._ended_reset:
            return  # a late answer from a window already over: its budget means nothing now
        if self._window_reset is None or reset > self._window_reset:
            self._window_reset, self._lowest_remaining = reset, remaining
            self._exact_end = None
            # The answer that first shows a window: its request opened it (rolling windows).
            self._opener = None if sent is None else (reset, sent, now)
        elif reset < self._window_reset:
            return  # an answer from an earlier window
        lowest = (
            remaining if self._lowest_remaining is None else min(self._lowest_remaining, remaining)
        )
        self._lowest_remaining = lowest
        self._budget = lowest - len(self._in_flight)
        share_left = self._share_left()
        if share_left is not None:
            self._budget = min(self._budget, share_left)

    def _learn_phase(self, reset: float, end: float, sent: float | None, now: float) -> None:
        """A 429 says the window ends at our `end` (`msBeforeNext`; late by at most the
        answer's way back). Past its Reset, the server rounds ends down: note it, keep the
        end, and learn the window's length from the request that opened it."""
        reset_local = self._offset.to_local(reset)
        if reset_local is None:
            return
        # Rounded down, the end is within a second of Reset (and our view of it is late by
        # at most a round trip). A wait beyond that is something else (a penalty, a fault):
        # the gate covers it, and it says nothing about the Reset's resolution.
        slack = 1.0 + (self._trip or 0.0) + PHASE_MARGIN
        if not reset_local + 0.001 < end <= reset_local + slack:
            return
        self._truncates = True
        if self._window_reset is None or reset >= self._window_reset:
            self._window_reset = reset
            self._exact_end = end
            if self._opener is not None and self._opener[0] == reset:
                _, opened_sent, opened_answered = self._opener
                arrived = opened_sent + (opened_answered - opened_sent) / 2
                trip = 0.0 if sent is None else now - sent
                span = end - trip / 2 - arrived
                if span > 0:
                    self._span = span if self._span is None else max(self._span, span)


# -- one pacer per token in a process ---------------------------------------------------------

_SHARED: weakref.WeakValueDictionary[str, Pacer] = weakref.WeakValueDictionary()
_SHARED_LOCK = threading.Lock()


def shared_pacer(base_url: str, token: str, *, share: float = 1.0) -> Pacer:
    """The pacer of every client in this process with this API root, token and share.

    The rate limit is per token, so clients that share one must share what they know of its
    window: each alone would start every window believing the whole budget is its own. The
    registry is keyed by a SHA-256 of the three (never the token itself) and holds pacers
    weakly: the last client gone, its pacer goes too.
    """
    key = hashlib.sha256(f"{base_url}\n{token}\n{share!r}".encode()).hexdigest()
    with _SHARED_LOCK:
        pacer = _SHARED.get(key)
        if pacer is None:
            pacer = Pacer(rng=random.random, share=share)
            _SHARED[key] = pacer
        return pacer
