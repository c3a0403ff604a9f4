"""When the server's window really ends, given its `X-RateLimit-Reset` (whole seconds).

A server whose windows end between whole seconds may send the end rounded down (an HTTP date
is truncated). This model holds what the answers showed about that resolution and turns a
Reset into the moment requests may go for the next window:

| what is known                                      | the window ends (our time)            |
|----------------------------------------------------|---------------------------------------|
| Reset not known to be rounded (or not yet known)   | Reset, less half a trip (less margin) |
| ... for a client alone on the token                | never before its opener was sent + the|
|                                                    | least whole second the openers allow  |
| not yet known, but the window went on past its end | Reset + 1 s                           |
| rounded down, length unknown, early probes left    | as the first row (a probe: its 429    |
|                                                    | teaches both)                         |
| rounded down, a 429's `msBeforeNext` this window   | that end, less the way there, plus a  |
|                                                    | margin (never before Reset)           |
| rounded down, the window's length and its opener   | opener's arrival + length + margin    |
| (rolling windows: they start at the first request; | - half a trip, at most Reset + 1 s    |
| the length from a 429, else the whole seconds the  |                                       |
| openers allow, else their bound)                   |                                       |
| rounded down, nothing more                         | Reset + 1 s                           |

A client alone cannot tell an exact Reset from a rounded-down one while its windows' openers
arrive just after a Reset: an aligned window then ends at the next Reset, a rolling one (it
starts at its first request) a moment later, a second after its opener. A probe sent for Reset
goes through either way once our clock reads the server's late (as it does until a `Date`
ticks over just after a request), and opens the next window at its own arrival: the next
probe, sent for Reset on a clock now read better, reaches a rolling window a few milliseconds
early and is refused (a `Retry-After` of 1 s costs a tenth of a ten-window job). So until
rounding is proven, a client alone starts no window before a whole second (the least the
openers allow) after the request that opened the current one: clock-free (requests sent a
second apart arrive a second apart), and against an exact Reset it costs only what the opener
was sent after Reset. Measured on the simulation over 20 phases of the server's second, as
`make bench` counts the limit's share: aligned 1 s windows lost 0.4-0.6 points; the documented
429 with rolling 1 s windows at 0.3 s round trips went from 86.6 % on average (81 % in the 7
phases with a refusal) to 91.2 % (89.7 % at worst), with no refusal. With others on the
token the opener may be someone else's, and their refusals prove less: there Reset stands.

The whole-second length: a window opened by a request that arrived at a (the first it
counted: `Consumed` 1), with Reset R (rounded down), is between R - a and R + 1 - a long;
with our clock's uncertainty and the arrival's (between send and answer), a little more than
a second wide, and narrowed by every window, and by every answer that narrows the clock (the
openers' bounds are kept free of it and taken again). Rate limiters count per second or per
minute, so when one whole number of seconds lies in it, that is the length (the Reset alone
gives no finer phase). A request sent on it and refused in the window it was sent after
refutes it for good.

Proof of rounding down: a 429 whose `msBeforeNext` ends the window after its Reset (within a
second and a round trip: more is a penalty, not rounding); or, in two windows, a 429 whose
`Date` is at or after the current window's Reset and whose own Reset (if any) is not a later
one (with others on the token, one with none only if it reached the server at that Reset),
or a request sent after the end reckoned for its window, counted in it and stamped at or
after its Reset (the window has not ended, though Reset says so). (A successful answer with
room left whose Reset was at or before its own `Date` was a proof too. Once the rules for
processes against the documented 429 were in, it bought nothing: simulated, one client alone
on rolling 1 s windows at 0.3 s round trips took 93.4 % of the limit without it and 91.0 %
with it, the mean of ten phases, no refusal either way; processes on 1, 5 and 60 s windows
were unchanged within noise. It was dropped.) Until the resolution is known, the
first request of each window goes alone (a probe); windows whose probe went through count
towards trusting Reset as exact, unless it went after the window went on past Reset (no
test of it), or, with others on the token, reached the server past Reset (`past_reset`).
A single rounding proof sets that count back to none.
"""

from __future__ import annotations

import math

from .._constants import (
    ARRIVAL_MARGIN,
    EARLY_PROBES,
    EXACT_RESETS_TRUSTED,
    PHASE_MARGIN,
    PHASE_MARGIN_SHARE,
    ROUNDING_PROOFS,
)
from ._trip import RoundTrip, arrived


def lead(trip: float, margin: float) -> float:
    """How long before a window's end a request for the next may go: half a round trip (it
    reaches the server then), less the margin."""
    return max(0.0, trip / 2 - margin)


def end_margin(trip: RoundTrip) -> float:
    """What a window's end learned to the millisecond allows for latency that varies."""
    return PHASE_MARGIN + PHASE_MARGIN_SHARE * trip.mean + 2 * trip.spread


def past_reset(at: float, reset_local: float, trip: RoundTrip) -> bool:
    """Whether a request that reached the server at `at` (our time) came later than one
    sent for the Reset at `reset_local` would: past twice the margin such a request arrives
    after it. A request that late tests nothing about Reset: a window whose end was rounded
    down may have ended in between, and one exactly at Reset may have been filled by others."""
    return at >= reset_local + 2 * end_margin(trip)


class ResetResolution:
    """What the answers showed about the Reset's resolution and the current window's phase."""

    __slots__ = (
        "_clock",
        "_proofs",
        "_whole_keys",
        "early_probes",
        "exact_end",
        "exact_resets",
        "opener",
        "span",
        "span_bound",
        "truncates",
        "whole_refuted",
        "whole_within",
    )

    def __init__(self) -> None:
        self.truncates = False  # does the server round window ends down?
        self.exact_resets = 0  # windows whose probe went through at Reset
        self.exact_end: float | None = None  # our time the current window ends, from a 429
        # (Reset, sent, answered) of the request whose answer first showed the window.
        self.opener: tuple[float, float, float] | None = None
        self.span: float | None = None  # the window's length, learned from a 429
        self.span_bound: float | None = None  # at most this long, from windows' openers
        self.early_probes = 0  # windows probed at Reset to learn the length
        # The length lies in [low, high), from every window's opener and Reset (see `opened`);
        # if a request sent on the whole number of seconds in it was refused, it is not used.
        self.whole_within: tuple[float, float] | None = None
        self.whole_refuted = False
        # What the openers showed, free of the clock: the largest Reset - answer and the least
        # Reset + 1 - send (server time less ours), so `whole_within` is re-derived each time
        # the clock offset narrows (`reclock`); and the offset's bounds it was derived with.
        self._whole_keys: tuple[float, float] | None = None
        self._clock: tuple[float, float] | None = None
        self._proofs: set[float] = set()  # Resets a successful answer outlived

    @property
    def known(self) -> bool:
        """Whether windows can start without a probe: Reset trusted as exact, or rounding
        known with the window's length (from a 429 or the whole seconds the openers allow;
        or the early probes that could teach it spent)."""
        if self.truncates:
            return (
                self.span is not None
                or self._whole_span() is not None
                or self.early_probes >= EARLY_PROBES
            )
        return self.exact_resets >= EXACT_RESETS_TRUSTED

    def new_window(self) -> None:
        if self.truncates and not self.known:
            self.early_probes += 1  # this window's probe goes at Reset (see `end`)
        self.exact_end = None

    def opened(
        self, reset: float, reset_local: float | None, sent: float | None, answered: float,
        reset_earliest: float | None = None, *, first: bool = True,
    ) -> None:  # fmt: skip
        """The answer that first shows a window: its request opened it (rolling windows).

        A window opened by a request that arrived at a, with Reset R (rounded down), is at
        most R + 1 - a long: each window bounds the length from above, and windows opened
        at different points of a second narrow it, with no 429 needed. Only if it was the
        `first` request the window counted: a window another client opened began earlier,
        and R + 1 - a, for a request that arrived well into it, is less than its length
        (simulated: such bounds took windows to be shorter than they are, and bursts went
        into windows still full; with the documented 429, the mean of six phases at 0.1 and
        0.3 s, two processes on rolling 1 s windows had 13.3 refusals per 100, now 4.0;
        three, 16.1 -> 7.3; two on 5 s windows, 4.7 -> 1.6)."""
        self.exact_end = None
        self.opener = None if sent is None else (reset, sent, answered)
        if sent is None or reset_local is None or not first:
            return
        bound = reset_local + 1.0 - arrived(sent, answered)
        if bound > 0:
            self.span_bound = bound if self.span_bound is None else min(self.span_bound, bound)
        # Reset (rounded down) is the second the window's end falls in: the length is at
        # least Reset's earliest moment less the latest arrival, and less than a second more
        # than Reset's latest moment less the earliest arrival. Every window narrows it.
        keys = (reset - answered, reset + 1.0 - sent)
        if self._whole_keys is not None:
            keys = (max(keys[0], self._whole_keys[0]), min(keys[1], self._whole_keys[1]))
        self._whole_keys = keys
        offset = reset - reset_local
        self.reclock(offset, offset if reset_earliest is None else reset - reset_earliest)

    def reclock(self, offset: float, upper: float) -> None:
        """The clock offset (server less ours) is now known to lie in [offset, upper]: the
        openers' bounds on the length, taken again with it. The offset narrows as the server's
        second ticks over, most in the first windows: a window's length read with the clock
        as it was at its opener would stay a second and more wide, two whole numbers in it.
        A lower offset than before means a clock was stepped: what the openers showed is
        dropped."""
        if self._clock is not None and offset < self._clock[0]:
            self._whole_keys, self.whole_within = None, None
        self._clock = (offset, upper)
        if self._whole_keys is not None:
            late, early = self._whole_keys
            self.whole_within = (late - upper, early - offset)

    def _whole_span(self) -> int | None:
        """The length, if windows last whole seconds (rate limiters count per second or
        minute): the one whole number of seconds the openers allow (None: none, two, or
        refuted)."""
        if self.whole_refuted or self.whole_within is None:
            return None
        low, high = self.whole_within
        whole = math.ceil(high) - 1  # the largest below `high` ...
        least = max(low, 1.0)  # ... and the only one from `low` (0 s is no length)
        return whole if least <= whole < least + 1 else None

    def refused_after_end(self) -> None:
        """A request sent after the window's reckoned end was refused in it: if that end came
        from a whole number of seconds, windows are not that long (it is not used again). Not
        when it came from the least whole second a client alone waits after an opener: a
        refusal then shows only that windows are longer than that least (a 5 s window probed
        at Reset is refused while four seconds fit its openers too), not that no whole number
        of seconds is their length."""
        if self._on_whole() is not None:
            self.whole_refuted = True

    def outlived(self, reset: float, date: float) -> None:
        """A 429 stamped at or after the current window's Reset (the documented 429 carries
        `Date` but no window headers), or a request sent after the end reckoned for its
        window yet counted in it: the window had not ended though Reset said so (when the
        `Date` is at or past it). A proof per window: a new window already filled by others
        can refuse at its start once, not window after window. One proof undoes the trust in
        Reset as exact: probes through at Reset may have been lucky, and a window whose
        Reset is rounded down by a steady amount lets every probe that arrives later than
        that through, while each window's budget sent at Reset is refused. (Simulated,
        processes on one token with the documented 429, the mean of six phases at 0.1 and
        0.3 s: on rolling 5 s windows, two processes' worst case 4.6 -> 2.1 refusals per 100
        and three's 8.4 -> 6.5; on rolling 1 s, two processes' 10.0 -> 6.1.)"""
        if reset <= date and not self.truncates:
            self._proofs.add(reset)
            self.truncates = len(self._proofs) >= ROUNDING_PROOFS
            self.exact_resets = 0

    def refused(
        self, reset: float, reset_local: float, end: float, *, trip: float, current: bool,
        sent: float | None, now: float,
    ) -> bool:  # fmt: skip
        """A 429 says the window ends at our `end` (`msBeforeNext`; late by at most the
        answer's way back). True when that shows rounding down; then, if it is the `current`
        window (or a later one), the end is kept and the window's length learned from its
        opener. The test takes the way back off (half the request's trip): a wait counted
        when the server answered ends that much before `now` plus it, and against an exact
        Reset that much past it read as rounding. (Traced: three processes on aligned 1 s
        windows at 0.3 s round trips, one took Reset as rounded down after its first 429,
        started every window 0.2 s after the others, and met their bursts: 6.7 -> 3.5
        refusals per 100, 87 -> 96 % of the limit; over eight phases at 0.1 and 0.3 s, with
        window headers on 429s, two and three processes within noise, one client
        unchanged.)"""
        slack = 1.0 + trip + PHASE_MARGIN
        told = end if sent is None else end - (now - sent) / 2  # when the server answered
        if not reset_local + 0.001 < told <= reset_local + slack:
            return False  # before Reset: nothing new; far past it: a penalty, not rounding
        self.truncates = True
        if not current:
            return True
        self.exact_end = end
        if self.opener is not None and self.opener[0] == reset:
            _, opened_sent, opened_answered = self.opener
            span = told - arrived(opened_sent, opened_answered)
            if span > 0:
                self.span = span if self.span is None else max(self.span, span)
        return True

    def end(
        self, reset_local: float, trip: RoundTrip, *, went_on: bool = False, alone: bool = True
    ) -> float:
        """Our time from which requests may go for the next window (the table above).
        `went_on`: the window counted a request sent after the end first reckoned for it."""
        if went_on and not self.known:
            return reset_local + 1.0  # past Reset, though it said so: at most a second more
        margin = end_margin(trip)
        if not self.truncates or not self.known:
            # Rounding proven by `Date`s alone teaches no length: a probe at Reset does
            # (its 429's msBeforeNext), at the cost of one refusal. A request sent half a
            # round trip (less the margin) before Reset arrives after it.
            at = reset_local - lead(trip.mean, margin)
            if alone and not self.truncates:
                at = max(at, self._a_second_after_opener(trip))
            return at
        if self.exact_end is not None:  # late by the 429's way back: less the way there too
            return max(reset_local, self.exact_end - trip.mean + margin)
        span = self.span if self.span is not None else self._on_whole()
        span = span if span is not None else self.span_bound
        return max(reset_local, self._after_opener(reset_local, span, trip, margin))

    def _a_second_after_opener(self, trip: RoundTrip) -> float:
        """A whole second (the least the openers allow) after the current window's opener was
        sent, and a little more: where a rolling window would end (see the module doc). An
        opener whose trip was longer than the mean (a job's first request opens a connection)
        may have arrived that much later, and so began its window later: the excess is added.
        No opener, or whole seconds refuted: no bound."""
        if self.opener is None or self.whole_refuted:
            return -math.inf
        low = 1.0 if self.whole_within is None else max(1.0, math.ceil(self.whole_within[0]))
        _, sent, answered = self.opener
        return sent + trip.excess(answered - sent) + low + 2 * trip.spread + ARRIVAL_MARGIN

    def _on_whole(self) -> int | None:
        """The whole-second length `end` reckons with now (None: it uses another, or none):
        once rounding is known and no 429 taught the length. (Before, a client alone that saw
        one window go on past Reset used it too; since a client alone waits a second after
        its openers, that bought nothing in any simulated case, and was dropped.)"""
        whole = self._whole_span()
        if not self.truncates or self.span is not None or self.exact_end is not None:
            return None
        return whole

    def _after_opener(
        self, reset_local: float, span: float | None, trip: RoundTrip, margin: float
    ) -> float:
        """`span` after the window's opener arrived (a request sent then arrives after it),
        at most a second after Reset."""
        latest = reset_local + 1.0
        if span is not None and self.opener is not None:
            _, sent, answered = self.opener
            latest = min(latest, arrived(sent, answered) + span + margin - trip.mean / 2)
        return latest
