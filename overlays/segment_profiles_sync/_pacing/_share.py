"""How much of the token's window other clients take, and so what to leave them.

The limit is per token. Clients in one process share a pacer; clients in other processes (or
machines) cannot be seen, only inferred: `X-RateLimit-Consumed` counts everyone's requests,
so what it rises by beyond this client's own sends in a window is others'. Each window's
highest such excess is a sample (a lower bound: some of our sends may not be counted yet,
and others' counted after our last answer are not seen); the estimate is the highest of the
last `SHARE_MEMORY` samples. The first window began before this client's first answer: what
it had counted then (a previous run of the same job) is not a share taken now, so only its
rise beyond that first excess is sampled.

The budget leaves a **reserve** for the others: what they are expected to take in the window
(the estimate) less what they have taken so far in it. A window does not start with the
whole budget, so clients sharing a token do not each send a window's worth at its start.
When the others' count stops rising for `QUIET_TRIPS` round trips, they are done with this
window (or gone): the reserve is released, so a process that stopped does not leave its part
idle for the windows its estimate takes to age.

| others seen | reserve                                                  |
|-------------|----------------------------------------------------------|
| none        | 0                                                        |
| x per window| x - their rise so far this window; 0 once it has stalled |

`budget_share=` is separate: a hard cap of floor(limit * share) (at least 1) per window.
"""

from __future__ import annotations

import math
from collections import deque

from .._constants import QUIET_TRIPS, SHARE_MEMORY


class ShareEstimate:
    """Others' requests per window (`others`), the `reserve` left for them, the `cap`."""

    __slots__ = ("_baseline", "_before", "_peak", "_rose", "_samples", "others", "share")

    def __init__(self, share: float = 1.0) -> None:
        self.share = share  # `budget_share=`: a token split on purpose
        self.others = 0.0
        self._peak = 0  # others' rise so far in the current window
        self._rose: float | None = None  # our time it last rose (or the window began)
        self._samples: deque[int] = deque(maxlen=SHARE_MEMORY)
        self._baseline: int | None = None  # the first answer's excess (first window only)
        # The state before the last close, for a window that turns out to have gone on.
        self._before: tuple[int, float | None, int | None, list[int], float] | None = None

    def observe(self, consumed: int, own_sent: int, now: float) -> None:
        """An answer of the current window: `consumed` counted, `own_sent` of them ours."""
        excess = consumed - own_sent
        if self._baseline is None:
            self._baseline = excess
        if excess - self._baseline > self._peak:
            self._peak, self._rose = excess - self._baseline, now

    def close_window(self, own: int, now: float) -> None:
        """The window ended with `own` of our requests in it; the next began at `now`."""
        self._before = (self._peak, self._rose, self._baseline, list(self._samples), self.others)
        sample, self._peak, self._rose = self._peak, 0, now
        self._baseline = 0  # windows from now on began in this client's sight
        if own <= 0 and sample <= 0:
            return  # nothing sent, nothing seen (a window closed before its first answer)
        self._samples.append(sample)
        self.others = float(max(self._samples))

    def reopen(self) -> None:
        """The window last closed went on: as if it had not closed."""
        if self._before is not None:
            self._peak, self._rose, self._baseline, samples, self.others = self._before
            self._samples = deque(samples, maxlen=SHARE_MEMORY)
            self._before = None

    def reserve(self, now: float, trip: float) -> int:
        """Requests to leave for the others in the rest of the current window."""
        expected = math.ceil(self.others) - self._peak
        if expected <= 0:
            return 0
        if self._rose is not None and now - self._rose >= QUIET_TRIPS * trip:
            return 0  # their count has stalled: done with this window, or gone
        return expected

    def released(self, trip: float) -> float | None:
        """When a pending reserve is released if the others' count does not rise again."""
        if self._rose is None or math.ceil(self.others) - self._peak <= 0:
            return None
        return self._rose + QUIET_TRIPS * trip

    def cap(self, limit: int | None) -> int | None:
        """The `budget_share=` part of a window of `limit` (None: no share set, or no limit)."""
        if limit is None or self.share >= 1:
            return None
        return max(1, math.floor(limit * self.share))
