"""How much of the token's window other clients take, and so what to leave them.

The limit is per token. Clients in one process share a pacer; clients in other processes (or
machines) cannot be seen, only inferred: `X-RateLimit-Consumed` counts everyone's requests,
so what it rises by beyond this client's own sends in a window is others'. Each window's
highest such excess (a lower bound: some of our sends may not be counted yet, and others'
counted after our last answer are not seen) is sampled as a **part**: of the requests the
window carried, theirs and ours, the share that was theirs. The estimate is the highest of
the last `SHARE_MEMORY` parts, times the limit; a window whose look was answered (its last
request, sent once our answers were back: `Pacer._looks_late`) saw their part as it is, and
its part replaces the older ones. A part, not a count: in a window that was
not full (each client held back for the others), counts understate everyone, each client
then takes the limit less a low count, and the budgets add up past the limit; parts of the
same window add up to one. (Simulated, three processes on 1 s windows: 8.3 refusals per 100
on average over four phases at 0.3 s round trips with counts, 4.5 with parts.) The first
window began before this client's first answer: what it had counted then (a previous run of
the same job) is not a share taken now, so only its rise beyond that first excess is sampled.

The budget leaves a **reserve** for the others: what they are expected to take in the window
(the estimate) less what they have taken so far in it. A window does not start with the whole
budget, so clients sharing a token do not each send a window's worth at its start. When the
others' count stops rising for `QUIET_TRIPS` round trips, they are done with this window (or
gone): the reserve is released, so a process that stopped does not leave its part idle for the
windows its estimate takes to age; unless a 429 showed the last window full (`filled`): their
count then stalls because the window is full. In a first window (no estimate yet), what the
others sent in the last round trip, still in flight, is left to them: processes started
together each see the same Remaining and would each send into it. However little is left of the
window: processes started late in an aligned window burst into it together (simulated, three
processes on 5 s windows started at five points of one: 2.1 -> 0.8 refusals per 100; on 1 s
windows, the mean over four phases of the server's second at 0.1 and 0.3 s round trips, aligned
4.9 -> 4.3 and 4.4 -> 2.4, rolling 4.9 -> 5.1 and 2.7 -> 3.2, with the rule only while more
than `PACE_TRIPS` round trips were left and without that limit). In windows of more than
`PACE_TRIPS` round trips, to their end, what is left to the others is no more than their pace
of late takes by the window's end: once one process of three is done, the two left each hold
back the departed one's part, and each one's "is it released?" request keeps the other's count
from stalling. (Simulated, three processes, 5 s windows of 100, 0.2 s round trips, five
starting points in the window: 90.2 -> 93.8 % of the limit aligned and 83.5 -> 85.9 % rolling,
by the `make bench` measure, with the cap ending 12 round trips before the end and with it
not.)

| others seen  | reserve                                                          |
|--------------|------------------------------------------------------------------|
| none         | 0                                                                |
| first window | their rise over the last round trip                              |
| part p       | p * limit - their rise so far this window, at most what their    |
|              | pace takes by the end (long windows); 0 once it has stalled      |
|              | (not after a window a 429 showed full)                           |
|              | (a long window: one of more than `PACE_TRIPS` round trips)       |

`budget_share=` is separate: a hard cap of floor(limit * share) (at least 1) per window.
"""

from __future__ import annotations

import math
from collections import deque
from typing import NamedTuple

from .._constants import PACE_TRIPS, QUIET_TRIPS, SHARE_MEMORY


def part(sample: int, own: int, limit: int | None) -> float:
    """Others' part of a window that carried `sample` of theirs and `own` of ours. A window
    none of our requests counted in says nothing of what they would leave us: their part is
    then their count, of the limit."""
    return sample / (sample + own if own > 0 else (limit or sample))


class _State(NamedTuple):
    """What closing a window changed, kept until the next close (see `reopen`)."""

    peak: int
    rose: float | None
    baseline: int | None
    began: float | None
    samples: list[float]
    others: float
    rises: list[tuple[float, int]]
    filled: bool
    kept: bool


class ShareEstimate:
    """Others' requests per window (`others`), the `reserve` left for them, the `cap`."""

    __slots__ = (
        "_baseline", "_before", "_began", "_filled", "_kept", "_looked", "_peak", "_rises",
        "_rose", "_samples", "others", "share",
    )  # fmt: skip

    def __init__(self, share: float = 1.0) -> None:
        self.share = share  # `budget_share=`: a token split on purpose
        self.others = 0.0
        self._peak = 0  # others' rise so far in the current window
        self._rose: float | None = None  # our time it last rose (or the window began)
        # (our time, peak) at the window's start (in sight) and at each rise since.
        self._rises: deque[tuple[float, int]] = deque()
        self._samples: deque[float] = deque(maxlen=SHARE_MEMORY)  # others' parts
        self._baseline: int | None = None  # the first answer's excess (first window only)
        self._began: float | None = None  # our time the current window began (or was seen)
        # The state before the last close, for a window that turns out to have gone on.
        self._before: _State | None = None
        self._filled = False  # a 429 showed the current window full (`filled`)
        self._kept = False  # the last window did: this one's reserve is not released
        self._looked = False  # the window's look was answered in it (`observe`)

    def observe(self, consumed: int, own_sent: int, now: float, *, looked: bool = False) -> None:
        """An answer of the current window: `consumed` counted, `own_sent` of them ours
        (`looked`: the answer to the window's look, `Pacer._looks_late`).

        A window's sample is a lower bound on the others' part: what their count had reached
        when our requests arrived. The highest of the last `SHARE_MEMORY` samples makes up
        for a window whose requests all arrived early; but a window whose look was answered
        saw everyone's start counted, so its sample is their part as it is, and it replaces
        the older ones. Without that, a process that left (its job done) kept its part for
        `SHARE_MEMORY` windows, and one whose requests happened to arrive first took a larger
        budget the next window."""
        self._looked = self._looked or looked
        excess = consumed - own_sent
        if self._baseline is None:
            self._baseline, self._began = excess, now
            self._rises.append((now, 0))
        if excess - self._baseline > self._peak:
            self._peak, self._rose = excess - self._baseline, now
            self._rises.append((now, self._peak))

    def filled(self) -> None:
        """A 429 showed the current window full (`Pacer._filled`): the next window keeps its
        reserve to the end. The others' count stalls when they are done with their part, and
        by then the window may be full: a request sent on their stall is refused, window
        after window, by whichever process sends it. (Simulated on 1 s windows and the
        documented 429, 24 phases of the server's second at 0.1 and 0.3 s: three processes,
        aligned, 6.0 -> 5.5 refusals per 100, cases missing the goal 37 -> 24 of 48; two,
        aligned, 3.1 -> 2.4; about a point of the limit less. On 5 s windows, 0.2-0.7 fewer
        refusals per 100.)"""
        self._filled = True

    @property
    def seen(self) -> bool:
        """Whether others' requests showed in `Consumed` in this window (before it closes and
        `others` counts them): the first answer's excess, in a first window, or a rise."""
        return self._peak > 0 or (self._baseline or 0) > 0

    def close_window(self, own: int, now: float, limit: int | None = None) -> None:
        """The window ended with `own` of our requests in it; the next began at `now`. The
        estimate is in requests of a window of `limit` (unknown: of what this one carried)."""
        self._before = _State(
            self._peak, self._rose, self._baseline, self._began, list(self._samples),
            self.others, list(self._rises), self._filled, self._kept,
        )  # fmt: skip
        self._kept, self._filled = self._filled, False
        looked, self._looked = self._looked, False
        sample, self._peak, self._rose, self._began = self._peak, 0, now, now
        self._rises = deque([(now, 0)])
        self._baseline = 0  # windows from now on began in this client's sight
        if own <= 0 and sample <= 0:
            return  # nothing sent, nothing seen (a window closed before its first answer)
        if looked:
            self._samples.clear()  # everyone's part as it is (see `observe`)
        self._samples.append(part(sample, own, limit))
        self.others = max(self._samples) * (limit or sample + max(own, 0))

    def reopen(self) -> None:
        """The window last closed went on: as if it had not closed, but for its look, which
        is not kept (`_State` has no place for it): ours sent for the next window arrived in
        it, late, and its part is a lower bound again. (Simulated, kept, on rolling 1 s
        windows and the documented 429, eight phases at 0.1 and 0.3 s: three processes 5.2 ->
        6.2 refusals per 100, two missed the goal in 1 -> 3 of 16 cases.)"""
        if self._before is not None:
            before, self._before = self._before, None
            self._peak, self._rose, self._baseline = before.peak, before.rose, before.baseline
            self._began = before.began
            self._samples = deque(before.samples, maxlen=SHARE_MEMORY)
            self.others, self._rises = before.others, deque(before.rises)
            self._filled, self._kept = before.filled, before.kept

    def reserve(self, now: float, trip: float, end: float | None = None) -> int:
        """Requests to leave for the others in the rest of the current window (`end`: our
        time it ends, when known)."""
        quiet = QUIET_TRIPS * trip
        while len(self._rises) > 1 and self._rises[1][0] <= now - quiet:
            self._rises.popleft()  # older than any question asked of them from now on
        left = 0.0 if end is None else end - now
        expected = math.ceil(self.others) - self._peak
        if left > 0 and not self._samples:
            expected = max(expected, self._in_flight(now, trip))
        if expected <= 0:
            return 0
        if self._rose is not None and now - self._rose >= quiet and not self._kept:
            return 0  # their count has stalled: done with this window, or gone
        paced = self._at_their_pace(now, quiet, left) if self._long(trip, end) else None
        return expected if paced is None else min(expected, paced)

    def _long(self, trip: float, end: float | None) -> bool:
        """Whether the current window lasts more than `PACE_TRIPS` round trips, from when it
        began (or was first seen) to `end` (see PACE_TRIPS: short windows go without)."""
        if end is None or self._began is None:
            return False
        return end - self._began > PACE_TRIPS * trip

    def _in_flight(self, now: float, trip: float) -> int:
        """No estimate yet (a first window): their rise over the last round trip is about
        what they have in flight, not counted yet. Processes started together each see the
        same Remaining and, without this, each sends into it."""
        return self._peak - self._peak_at(now - trip)

    def _at_their_pace(self, now: float, quiet: float, left: float) -> int | None:
        """What their pace of the last `quiet` seconds takes in the `left` of the window.
        Clients that each hold back for the other and send one request now and then (to see
        whether it is released) keep each other's count from stalling: without this cap they
        would leave the window idle. A window younger than `quiet` has no pace yet (None)."""
        if not self._rises or self._rises[0][0] > now - quiet:
            return None
        return math.ceil((self._peak - self._peak_at(now - quiet)) / quiet * left)

    def _peak_at(self, when: float) -> int:
        """Others' rise so far at our time `when` (0 before anything was seen)."""
        for at, peak in reversed(self._rises):
            if at <= when:
                return peak
        return 0

    def released(self, trip: float) -> float | None:
        """When a pending reserve is released if the others' count does not rise again."""
        if self._rose is None or math.ceil(self.others) - self._peak <= 0 or self._kept:
            return None
        return self._rose + QUIET_TRIPS * trip

    def cap(self, limit: int | None) -> int | None:
        """The `budget_share=` part of a window of `limit` (None: no share set, or no limit)."""
        if limit is None or self.share >= 1:
            return None
        return max(1, math.floor(limit * self.share))
