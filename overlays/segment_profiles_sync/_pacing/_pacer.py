"""Pacing: every request of one token in this process shares what the server says about its
rate-limit window.

Without it each request handles its own 429: twenty tasks in flight all hit the limit, all
sleep, all wake together and hit it again. `Pacer` is the coordinator (the shape of botocore's
adaptive limiter): it keeps the lock, the tickets and the signal that an answer arrived, and
asks small pure models what each answer means:

- `ClockOffset` (`_clock`): the server's clock against ours, from `Date`, so a client whose
  clock is off still waits the right time;
- `RoundTrip` (`_trip`): the round trip's mean and spread (RFC 6298 gains);
- `ResetResolution` (`_reset`): whether Reset is rounded down, and so when a window really
  ends (its docstring has the table);
- `Window` (`_window`): the limit, Reset, lowest Remaining and the budget they leave,
  requests in flight charged;
- `ShareEstimate` (`_share`): what others on the token take per window (from
  `X-RateLimit-Consumed` beyond our sends), and the explicit `budget_share=`;
- `BlindLimit` (`_blind`): when answers carry no window headers (only `Retry-After`), a
  window's worth learned from refusals and the pace it is spread over.

Around them the coordinator adds: a **gate** after a 429 (every request waits out the
server's wait, `_headers.server_wait`'s one precedence, not only the one refused; a
`Retry-After` rounded up to a whole second ends at the refused window's end when that is
known); before the first answer one request goes first and the others wait for what it
learns (an event, not time: `wait_for_answer` / `listen`); and, until the Reset's resolution
is known, each window's first request goes alone (a probe), as does the first after a gate
that a 429 naming no window set, with others on the token; with others on the token, a
window's last request waits for our answers in flight, so that its answer shows everyone's
part (`_looks_late`). Waits carry a little random extra
so a fleet of clients does not wake in step. A missing or unreadable header means no pacing
from it, never an error. Everything here is pure state and arithmetic on an injected clock;
the transports do the sleeping.
"""

from __future__ import annotations

import hashlib
import random
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import NamedTuple

from .._constants import (
    ANSWER_WAIT,
    JITTER_CAP,
    JITTER_SHARE,
    MAX_SERVER_DIRECTED_WAIT,
    PHASE_MARGIN,
    SPREAD_OVER_TRIPS,
    SPREAD_TRIPS,
)
from .._headers import http_date_or_none, int_or_none, ms_before_next, server_wait
from ._blind import BlindLimit
from ._clock import ClockOffset
from ._reset import ResetResolution, past_reset
from ._share import ShareEstimate
from ._trip import RoundTrip, arrived
from ._window import Window

# Why a request waits: logged (the first of each wait at INFO), and told to the caller.
PROBING = "a new window: waiting for its first answer"
FIRST_ANSWER = "waiting for the first answer"
RAMPING = "the first window: one more in flight per answer"
BLIND = "past the limit learned from 429s: one at a time"
BLIND_PERIOD = "paced to the limit learned from 429s"
SPREAD = "others on the token: the window's budget spread over it"
LOOKING = "others on the token: the window's last request waits to see everyone's part"
BUDGET_TAKEN = "the window's budget is taken; waiting for answers"
LEFT_TO_OTHERS = "left for other clients of the token"
WINDOW_SPENT = "X-RateLimit-Remaining is 0"
GATED = "after a 429"


def _http_date(value: str | None) -> float | None:
    when = http_date_or_none(value)  # cached there: Reset repeats through a whole window
    return None if when is None else when.timestamp()


def _counted_first(consumed: int | None) -> bool:
    """Whether the answer showing `consumed` came to the first request its window counted
    (that request opened a rolling window); with no `Consumed`, taken to be."""
    return consumed is None or consumed <= 1


def _stamped(sent: float | None, now: float) -> float:
    """Our time when the server wrote `Date`: as it answered, halfway there and back (the
    answer's arrival would make every window look a way back later than it is), plus a
    margin for a way back a little shorter than the way there."""
    if sent is None:
        return now
    return min(now, arrived(sent, now) + PHASE_MARGIN)


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
    """Shared pacing state for one token; thread-safe, and never blocks (no I/O, no sleep)."""

    def __init__(self, *, rng: Callable[[], float], share: float = 1.0) -> None:
        self._rng = rng
        self._lock = threading.Lock()
        self._answered = threading.Condition(self._lock)
        # In the order they began waiting (a dict: a set's order would vary run to run).
        self._listeners: dict[Callable[[], None], None] = {}
        self._generation = 0  # counts answers (and give-ups): what answer-waiters wait for
        # The models (see the module doc).
        self._offset = ClockOffset()
        self._trip = RoundTrip()
        self._resolution = ResetResolution()
        self._window = Window()
        self._share = ShareEstimate(share)
        self._blind = BlindLimit()
        # The tickets: our send time and the blind window of each unanswered one.
        self._seq = 0
        self._sent_at: dict[int, tuple[float, int]] = {}
        self._learned = False  # any answer yet?
        self._headers_seen = False  # any answer with window headers yet?
        self._gate_until = 0.0  # our time before which nothing is sent (after a 429)
        self._gated_unplaced = False  # the gate is a 429's that named no window
        self._announced: float | None = None  # the last wait target logged at INFO
        self._probe_due = False
        self._probe: int | None = None
        self._probe_through = False  # the probe just answered was not refused
        self._rolled_at: float | None = None  # our time the current window was taken to begin
        # Ours counted in the current window though sent before it was taken to begin (not in
        # `Window.sent`): answers to them of this window, and from when they count.
        self._carried = 0
        self._carried_before: float | None = None
        # Our time the last request went (a window's end is unknown until its first answer,
        # so a spread window never spaces from the one before).
        self._last_send: float | None = None
        self._reopened = False  # the current window went on past the end reckoned for it
        # When the first answer shows others on the token (Consumed beyond our sends), the
        # rest of the first window grows requests in flight by one per answer (TCP's slow
        # start): the others show in Consumed before a burst meets them. Alone, no ramp.
        self._ramp: int | None = 1
        self._ramp_decided = False
        # The window's look (`_looks_late`): held for our answers in flight, then its ticket
        # (tickets are never reused: an answered one needs no clearing).
        self._look_held = False
        self._look: int | None = None
        self.waits = 0
        self.waited = 0.0

    @property
    def share(self) -> float:
        return self._share.share

    def _window_end(self) -> float | None:
        """Our time from which requests may go for the next window (None: not known)."""
        if self._window.reset is None:
            return None
        reset_local = self._offset.to_local(self._window.reset)
        if reset_local is None:
            return None
        alone = self._alone() and not self._share.seen  # (others shown this window count)
        return self._resolution.end(reset_local, self._trip, went_on=self._reopened, alone=alone)

    def _reclock(self) -> None:
        """The clock offset may have narrowed: the openers' bounds on a window's length are
        taken again with it (see `ResetResolution.reclock`)."""
        offset, upper = self._offset.estimate, self._offset.upper
        if offset is not None and upper is not None:
            self._resolution.reclock(offset, upper)

    def _alone(self) -> bool:
        """No one else's requests seen on the token in recent windows (a second after each
        opener, before rounding is proven, is for a client alone: see `ResetResolution`)."""
        return self._share.others <= 0

    def _wait(self, until: float, now: float, reason: str, *, announce: bool = True) -> Reservation:
        """Wait until `until`; the first request told so is logged at INFO (`announce`:
        False for the routine spacing of a spread window, all at DEBUG)."""
        first = announce and self._announced != until
        self._announced = until if announce else self._announced
        wait = until - now
        return Reservation(
            wait + min(JITTER_CAP, wait * JITTER_SHARE) * self._rng(), -1, reason, first
        )

    def _roll_over(self, now: float) -> None:
        """The window ended: its budget is the limit (less what is left to others); its end is
        known from the first answer sent in it."""
        self._close_share(now)
        self._rolled_at = now  # (`_reopened` is set again by the next window's first answer)
        self._carried, self._carried_before = 0, now
        self._window.roll_over(self._reserve(now), self._cap())
        self._ramp = None  # the first window is over
        self._look_held, self._look = False, None  # a look is for the window it waited in
        # A window whose end was reckoned without knowing the resolution starts with a probe,
        # even when the probe this counts is the one that makes it known.
        self._probe_due = not self._resolution.known
        self._resolution.new_window()

    def _close_share(self, now: float) -> None:
        self._share.close_window(self._window.sent, now, self._window.limit)

    def _held(self, now: float) -> Reservation | None:
        """Why a request may not go now (None: it may)."""
        if self._probe is not None:
            return self._for_answer(PROBING)
        if not self._learned and self._sent_at:
            return self._for_answer(FIRST_ANSWER)
        if self._ramp is not None and len(self._sent_at) >= self._ramp:
            return self._for_answer(RAMPING)
        budget = self._window.budget
        if budget is not None and budget <= 0:
            spent = self._spent(now)
            if spent is not None:
                return spent
        if not self._headers_seen:
            return self._blindly(now)
        if self._looks_late(budget):
            self._look_held = True
            return self._for_answer(LOOKING)
        return self._spread(now)

    def _looks_late(self, budget: int | None) -> bool:
        """Whether the window's last request waits for the answers of ours in flight (a
        **look**), with others on the token. Answers to a window's first requests show the
        others' count only as far as it had got when ours arrived: where every process sends
        its budget at a window's start (windows of a few round trips, too short to spread
        over), which requests arrive first is chance, and a process whose requests came first
        saw a small part of the others', took a larger budget the next window and, with the
        others, overshot. Sent once our answers are back, the look arrives after everyone's
        start, and its answer shows their part as it is (`ShareEstimate.observe`). Not in a
        first window (its ramp waits for answers already). (Simulated on 1 s windows, eight
        phases of the server's second at 0.1 and 0.3 s, window headers on 429s: three
        processes, cases missing the goal 12 -> 1 of 32, refusals 5.3 -> 3.3 per 100 aligned
        and 4.0 -> 3.0 rolling; against the documented 429, two processes on rolling windows
        6 -> 1 of 16. 5 s windows within noise.)"""
        return (
            budget == 1
            and bool(self._sent_at)
            and self._rolled_at is not None
            and not self._alone()
        )

    def _spread(self, now: float) -> Reservation | None:
        """With others on the token, the budget left goes over the first quarter of what is
        left of the window, evenly (at most one request per 1/(4 * budget + 1) of it), or
        over `SPREAD_OVER_TRIPS` round trips if that is shorter.

        Processes that each send their budget at a window's start land together: the first
        to answer sees none of the others' part and takes too much, and the bursts overshoot.
        Spread, every process's answers come through the start of the window, so each sees
        the others' count rise and their estimates agree. A quarter, not the whole window: a
        job's last window ends when its last request goes (measured: spread over half, two
        processes on 5 s windows took 9 points less of the limit in `make bench`, at the
        same refusals). Nor a quarter of a long window: a few round trips of answers are
        enough to agree on, and a quarter of 5 or 60 s, as the others finish and release
        what was left to them, ran on, the last window most. (Simulated, by the time jobs
        took, as `make bench` counts it, 8 phases at 0.1 and 0.3 s: processes on 5 s
        windows of 100, 86-90 -> 88-93 % of the limit, of 60, 87-95 -> 87-96 %; on 60 s
        windows of 150, 82-84 -> 90-96 %; refusals within 0.3 per 100; 1 s windows, whose
        quarter is about as short, unchanged.) Not within `SPREAD_TRIPS` round trips of the
        end: there a spread request's answer would come too late to re-plan."""
        budget = self._window.budget
        if self._alone() or budget is None or budget <= 0 or self._last_send is None:
            return None
        end = self._window_end()
        if end is None or end - now <= SPREAD_TRIPS * self._trip.mean:
            return None
        over = min(end - self._last_send, 4 * SPREAD_OVER_TRIPS * self._trip.mean)
        at = self._last_send + over / (4 * budget + 1)
        if now < at:
            return self._wait(at, now, SPREAD, announce=False)
        return None

    def _blindly(self, now: float) -> Reservation | None:
        """No window headers: the limit learned from 429s, spread evenly over the learned
        pace (one at a time while there is no pace)."""
        if not self._blind.may_send(len(self._sent_at)):
            return self._for_answer(BLIND)
        at = self._blind.next_at()
        if at is not None and now < at:
            return self._wait(at, now, BLIND_PERIOD, announce=False)
        return None

    def _spent(self, now: float) -> Reservation | None:
        """The budget is taken: wait for answers, for what was left to others to be released,
        or for the window's end (None: one request may go, whose answer re-plans)."""
        window_end = self._window_end()
        if self._sent_at:  # their answers may show room left, or end the window
            # ... or the window ends first: then wake at its end, not at the next answer.
            return self._for_answer(BUDGET_TAKEN, self._answer_wait(window_end, now))
        release = self._share.released(self._trip.mean)
        if release is not None and (window_end is None or release < window_end):
            if now < release:
                return self._wait(release, now, LEFT_TO_OTHERS)
            if self._window.unreserved > 0:
                return None  # their count stalled: one request goes; its answer re-plans
        if window_end is not None:
            return self._wait(window_end, now, WINDOW_SPENT)
        return None

    def reserve(self, now: float, *, force: bool = False) -> Reservation:
        """Take a ticket to send now, or say how long to wait before asking again (`force`:
        take one whatever the window says)."""
        with self._lock:
            if now < self._gate_until and not force:
                return self._wait(self._gate_until, now, GATED)
            window_end = self._window_end()
            if window_end is not None and now >= window_end:
                self._roll_over(now)
            if self._blind.ending and now >= self._gate_until:
                self._blind.next_window(len(self._sent_at), now)
            held = None if force else self._held(now)
            if held is not None:
                return held
            self._window.take()
            self._last_send = now
            self._blind.sending(now)
            self._seq += 1
            self._sent_at[self._seq] = (now, self._blind.window)
            if self._look_held:
                self._look_held, self._look = False, self._seq
            if (self._probe_due or self._window_lost()) and not force:
                self._probe_due, self._probe = False, self._seq
            self._gated_unplaced = False
            return Reservation(0.0, self._seq, "")

    def _window_lost(self) -> bool:
        """Whether where the token's window stands is lost: the gate just passed was a 429's
        that named no window (the documented 429: only `Retry-After`), with others on the
        token. Then the first request goes alone, and its answer shows the window: the
        others may have opened one while we waited, and a budget sent into it at once is
        refused. (Simulated on 1 s windows, 24 phases of the server's second at 0.1 and 0.3 s
        round trips, with the later rules for the documented 429 in: aligned, two processes
        3.1 -> 2.4 refusals per 100 and three 6.0 -> 5.5, cases missing the goal 9 -> 2 and
        34 -> 24 of 48; rolling, it costs a little: two 3.2 -> 3.5 and 85 -> 84 % of the
        limit, three 84 -> 82 %. When it came, before them: rolling, two 7.3 -> 4.0, three
        9.6 -> 7.3.)"""
        return self._gated_unplaced and not self._alone()

    def _answer_wait(self, window_end: float | None, now: float) -> float:
        """How long requests held for answers wait: until the window's end if that comes
        first and is Reset itself (a rounded-down Reset's end is a reckoning: answers are
        surer)."""
        if window_end is None or self._resolution.truncates:
            return ANSWER_WAIT
        return min(ANSWER_WAIT, window_end - now)

    def _for_answer(self, reason: str, wait: float = ANSWER_WAIT) -> Reservation:
        """Wait for the next answer, at most `wait` seconds."""
        return Reservation(wait, -1, reason, for_answer=True, generation=self._generation)

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
            self._listeners[callback] = None
            return True

    def unlisten(self, callback: Callable[[], None]) -> None:
        with self._lock:
            self._listeners.pop(callback, None)

    def record_wait(self, seconds: float) -> None:
        with self._lock:
            self.waits += 1
            self.waited += seconds

    def release(self, seq: int) -> None:
        """The request got no answer (a connection error): it holds no ticket any more."""
        with self._lock:
            self._sent_at.pop(seq, None)
            if seq == self._probe:
                self._probe = None
            self._learned = True  # do not hold the others back for an answer that never came
            self._decide_ramp(None)  # nor ramp up on what it did not show
            listeners = self._answer_arrived()
        for callback in listeners:
            callback()

    def observe(
        self, seq: int, status: int, headers: Mapping[str, str], body: bytes, now: float
    ) -> None:
        """Learn from an answer: the window (any status) and, for a 429, the gate."""
        with self._lock:
            looked = seq == self._look
            sent = self._ticket_answered(seq, status, now)
            date = _http_date(headers.get("date"))
            if date is not None:
                self._offset.observe(date, _stamped(sent, now), earliest=sent)
                self._reclock()
            reset = _http_date(headers.get("x-ratelimit-reset"))
            if self._probe_through:
                self._probe_answered(reset, sent, now)
            if status == 429:
                self._refused(reset, date, sent, headers, body, now)
            remaining = int_or_none(headers.get("x-ratelimit-remaining"))
            if remaining is not None and reset is not None and date is not None:
                self._learn_window(remaining, reset, date, headers, sent, now, looked=looked)
            else:
                self._decide_ramp(None)
            listeners = self._answer_arrived()
        for callback in listeners:
            callback()

    def _ticket_answered(self, seq: int, status: int, now: float) -> float | None:
        """The ticket's own lessons: its round trip, its probe, its blind window."""
        self._learned = True  # any answer ends the wait for a first one
        ticket = self._sent_at.pop(seq, None)
        if seq == self._probe:
            self._probe = None
            self._probe_through = status != 429  # exact, if its answer shows a new window
        if ticket is None:
            return None
        sent, blind_window = ticket
        if self._ramp is not None and status != 429:
            self._ramp += 1
        # A trip longer than usual (a new connection after a long wait) may have arrived
        # late: a rolling window it opened began that much later.
        late = self._trip.excess(now - sent)
        self._trip.observe(now - sent)
        self._blind.answered(blind_window, refused=status == 429, sent=sent, late=late)
        return sent

    def _probe_answered(self, reset: float | None, sent: float | None, now: float) -> None:
        """The probe went through at Reset: Reset was exact if its answer shows a new window
        (not the one taken to have ended: that one went on)."""
        self._probe_through = False
        if self._reopened or not self._probe_tested(sent, now):
            return  # sent after its window went on, or late: no test
        ended = self._window.ended
        if reset is None or ended is None or reset > ended:
            self._resolution.exact_resets += 1

    def _probe_tested(self, sent: float | None, now: float) -> bool:
        """Whether the probe tested the Reset of the window taken to have ended. With others
        on the token, only if it reached the server at that Reset: one sent late (after a
        gate) goes through a rounded-down Reset's window that has ended meanwhile, and two
        such by chance made Reset trusted as exact, after which every window's budget went
        at Reset and was refused (simulated, rolling 5 s windows and the documented 429, the
        mean of six phases at 0.1 and 0.3 s: two processes 4.1 -> 1.6 refusals per 100,
        three 7.7 -> 3.6). Alone, a probe waits a second after its window's opener until
        rounding is proven, so trust by chance costs nothing."""
        ended = self._window.ended
        return ended is None or self._tells_of(ended, sent, now)

    def _tells_of(self, reset: float, sent: float | None, now: float) -> bool:
        """Whether the answer to a request sent at `sent` tells of the window whose Reset is
        `reset`: alone on the token, yes; with others, only if it reached the server at that
        Reset (later, they may have filled the next window, or a rounded-down one ended)."""
        return self._alone() or not self._past(reset, sent, now)

    def _past(self, reset: float, sent: float | None, now: float) -> bool:
        """Whether the request sent at `sent` and answered at `now` reached the server later
        than one sent for `reset` would (see `past_reset`; False when unknown)."""
        local = self._offset.to_local(reset)
        if local is None or sent is None:
            return False
        return past_reset(arrived(sent, now), local, self._trip)

    def _refused(
        self, reset: float | None, date: float | None, sent: float | None,
        headers: Mapping[str, str], body: bytes, now: float,
    ) -> None:  # fmt: skip
        """A 429: when the window really ends (rounding), and the gate for everyone."""
        exact = ms_before_next(body)
        reset_local = None if reset is None else self._offset.to_local(reset)
        if exact is not None and reset is not None and reset_local is not None:
            current = self._window.reset is None or reset >= self._window.reset
            shown = self._resolution.refused(
                reset, reset_local, now + exact, trip=self._trip.mean, current=current,
                sent=sent, now=now,
            )  # fmt: skip
            if shown and current:
                self._window.reset = reset
        wait = server_wait(headers, body, now=now)  # the one precedence (see _headers)
        if wait is not None and wait <= MAX_SERVER_DIRECTED_WAIT:
            until = now + wait
            if exact is None:  # `Retry-After`'s: whole seconds, rounded up
                until = self._rounded_up(until, reset, sent, now)
            self._gate_until = max(self._gate_until, until)
            self._gated_unplaced = reset is None
        if (
            self._window.reset is None
            and self._sent_after_end(sent)
            and self._from_ended(reset, sent, now)
        ):
            # the window it was sent after went on (its end reckoned as when it passed)
            self._resolution.refused_after_end()
        self._window.refused()
        if reset is None:
            self._filled(sent, now)
        # Refused past the Reset of the current window (or, at its start, the last), and in
        # it (not in a later one: one others filled, or a penalty): it went on.
        last = self._window.ended if self._window.reset is None else self._window.reset
        if date is not None and last is not None and self._refused_in(last, reset, sent, now):
            self._resolution.outlived(last, date)

    def _from_ended(self, reset: float | None, sent: float | None, now: float) -> bool:
        """Whether a 429 to a request sent after the current window was taken to have ended
        (before any answer of the next) came from that window, so that it went on: as for
        any 429 (`_refused_in`), by its own Reset; naming none (the documented 429), alone,
        or with others on the token if it reached the server by that window's Reset. Later,
        it may come from the next window, which they filled: taken as the old one going on,
        it refuted the whole-second length, and every window after was taken to end a second
        after its Reset. (Simulated, rolling 1 s windows and the documented 429, 24 phases
        of the server's second: such a refutation came in 7 of the 24 runs of two processes
        at 0.1 s round trips, 8 of three; without it, cases missing the goal 10 -> 6 and
        15 -> 11 at 0.1 s, and three processes 81 -> 83 % of the limit over both round
        trips.)"""
        ended = self._window.ended
        return ended is not None and self._refused_in(ended, reset, sent, now)

    def _in_current(self, sent: float | None, now: float) -> bool:
        """Whether a request sent at `sent` reached the server in the current window: by its
        Reset (as one sent for it would: see `past_reset`); with Reset known to be rounded
        down the window goes on past it, and a request sent before the end reckoned for it
        (`_window_end`, when requests for the next may go) arrives in it. (By Reset alone,
        rolling 1 s windows, whose Resets are rounded down, lost both rules that use this:
        simulated, twelve phases at 0.1 and 0.3 s and the documented 429, two processes
        82 -> 84 % of the limit and 3.9 -> 3.3 refusals per 100; three 80 -> 83 % and 6.4 ->
        5.1.)"""
        current = self._window.reset
        if current is None or sent is None:
            return False
        if self._resolution.truncates:
            end = self._window_end()
            return end is not None and sent < end
        return not self._past(current, sent, now)

    def _rounded_up(
        self, until: float, reset: float | None, sent: float | None, now: float
    ) -> float:
        """When the gate of a 429 whose wait is `Retry-After`'s ends. `Retry-After` is whole
        seconds, rounded up: refused in the current window, and that window's end known (the
        Reset's resolution is), an end in the second before `until` (reaching back a round
        trip more: `_rounded_from`) is the wait it rounds, and the gate ends there. On 1 s
        windows `Retry-After: 1` otherwise sits a process out of the next window as well,
        while the others fill it. (Simulated with `_filled`, two processes on aligned 1 s
        windows and the documented 429, twelve phases of the server's second at 0.1 and
        0.3 s: 90 -> 96 % of the limit, 4.5 -> 3.0 refusals per 100 on average, phases
        missing the goal 9 -> 2 of 24.)"""
        if reset not in (None, self._window.reset) or not self._resolution.known:
            return until  # a later window's 429, or one whose end is not known
        end = self._window_end() if self._in_current(sent, now) else None
        if end is None or not self._rounded_from(until) < end < until:
            return until
        return end

    def _rounded_from(self, until: float) -> float:
        """After what a window's end may be the one a `Retry-After` ending at `until` rounds up.
        Its second is counted from the refusal, half a round trip before the answer, and the
        end is when a request for the next window may go, half a trip before that window
        begins: so the second before `until` reaches a round trip earlier. An end already
        past when the answer came (a refusal late in its window) ends the gate at once; taken
        from `until - 1`, it held the process a whole window out. (Simulated, rolling 1 s
        windows, 16 phases at 0.1 and 0.3 s, 900 creates: three processes 85 -> 87 % of the
        limit, cases missing the goal 16 -> 10 of 32; two, 9 -> 5.)"""
        return until - 1 - self._trip.mean

    def _filled(self, sent: float | None, now: float) -> None:
        """A 429 naming no window (the documented 429: no `Consumed`), refused in the current
        window, shows it full: everyone's count is the limit, so what that is beyond ours is
        the others'. Without it a process refused in a window the others filled learns
        nothing of their part from it, and starts the next window with its whole budget
        again. Only with others on the token: alone, a refusal in the window is a miscount
        of our own (a rounded Reset), not someone else's requests. (Simulated, the mean of
        twelve phases of the server's second at 0.1 and 0.3 s on 1 s windows and the
        documented 429, with `_rounded_up`: two processes, aligned, 4.6 -> 3.0 refusals per
        100; three, aligned 7.4 -> 5.9 and rolling 7.6 -> 6.4.)"""
        limit = self._window.limit
        if limit is not None and not self._alone() and self._in_current(sent, now):
            self._share.observe(limit, self._counted_own(sent), now)
            self._share.filled()

    def _refused_in(self, last: float, reset: float | None, sent: float | None, now: float) -> bool:
        """Whether a 429 came from the window whose Reset is `last`: by its own Reset; with
        none (the documented 429), alone, or with others on the token if it reached the
        server at that Reset. Later, the others may have filled the next window, exact at
        its Reset: taken as rounding, that sent a process's windows a second past Reset
        (simulated, two processes on aligned 1 s windows and the documented 429: 80 -> 90 %
        of the limit, the mean of six phases at 0.1 and 0.3 s, at the same refusals)."""
        if reset is not None:
            return reset <= last
        return self._tells_of(last, sent, now)

    def _learn_window(
        self, remaining: int, reset: float, date: float,
        headers: Mapping[str, str], sent: float | None, now: float, *, looked: bool,
    ) -> None:  # fmt: skip
        """An answer with window headers: the limit, the budget, others' share, rounding
        (`looked`: the answer to the window's look)."""
        self._headers_seen = True
        consumed = int_or_none(headers.get("x-ratelimit-consumed"))
        self._decide_ramp(consumed)
        self._window.count(consumed, remaining)
        if self._window.stale(reset):
            if self._went_on(reset, sent):
                self._reopen(remaining, reset, date, now)
            return  # a late answer from a window already over: its budget means nothing now
        if self._window.reset is not None and reset > self._window.reset:
            self._close_share(now)  # a new window we did not see begin: ours in it are
            self._window.sent = len(self._sent_at)  # those in flight, and this one
            self._carried, self._carried_before = 1, None
        elif sent is not None and self._carried_before is not None and sent < self._carried_before:
            self._carried += 1  # one of ours sent before this window began, counted in it
        if consumed is not None:
            self._share.observe(consumed, self._counted_own(sent), now, looked=looked)
        if self._window.observe(
            remaining, reset, len(self._sent_at), self._reserve(now), self._cap()
        ):
            self._reopened = False  # a new window: its end is reckoned afresh
            self._resolution.opened(
                reset, self._offset.to_local(reset), sent, now,
                self._offset.to_local_earliest(reset), first=_counted_first(consumed),
            )  # fmt: skip

    def _counted_own(self, sent: float | None) -> int:
        """Our requests the server had counted in this window when it answered one sent at
        `sent`: those sent in it, less the ones still unanswered that went after it (they
        reach it later; counting them would hide as many of the others' from `Consumed`);
        plus ours sent before the window began that it counted: answered in it (`_carried`),
        or unanswered and sent before the one answered (they reached it first)."""
        if sent is None:
            return self._window.sent + self._carried
        after = sent + PHASE_MARGIN  # sent just after it, on another connection, may overtake it
        began = self._carried_before
        own = self._window.sent + self._carried
        for at, _ in self._sent_at.values():
            if began is not None and at < began:
                own += at <= after  # sent before the window began: not in `Window.sent`
            else:
                own -= at > after
        return own

    def _went_on(self, reset: float, sent: float | None) -> bool:
        """Whether an answer of the window taken to have ended came to a request sent after
        that end, before any answer of the next: then the window went on."""
        return (
            self._window.reset is None
            and reset == self._window.ended
            and self._sent_after_end(sent)
        )

    def _sent_after_end(self, sent: float | None) -> bool:
        return sent is not None and self._rolled_at is not None and sent >= self._rolled_at

    def _reopen(self, remaining: int, reset: float, date: float, now: float) -> None:
        """The window went on past the end reckoned for it (a rounded-down Reset): it is the
        current one again, and ends at most a second after Reset until the rounding is known."""
        self._reopened = True
        self._resolution.outlived(reset, date)  # counted (or refused) in it, though sent late
        self._share.reopen()
        self._window.reopen(reset, remaining, len(self._sent_at), self._reserve(now), self._cap())

    def _decide_ramp(self, consumed: int | None) -> None:
        """At the first answer: ramp up only if it shows others on the token."""
        if not self._ramp_decided:
            self._ramp_decided = True
            if consumed is None or consumed <= self._window.sent:
                self._ramp = None

    def _reserve(self, now: float) -> int:
        return self._share.reserve(now, self._trip.mean, self._window_end())

    def _cap(self) -> int | None:
        return self._share.cap(self._window.limit)


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
