"""How much of the token's window other clients take, and so how much is this client's.

The limit is per token. Clients in one process share a pacer; clients in other processes (or
machines) cannot be seen, only inferred: `X-RateLimit-Consumed` counts everyone's requests,
so what it shows beyond this client's own sends in the window is others'. Each window's
highest such excess is a sample (a lower bound: some of our sends may not be counted yet).
The first window is not sampled: it began before this client's first answer, and what it
counted then (a previous run of the same job, say) is not a share taken now.
The estimate follows a rise at once (refusals cost more than idle room) and halves towards a
fall (a process that stopped gives its part back within a few windows).

| explicit share | others seen per window | this client's cap per window            |
|----------------|------------------------|-----------------------------------------|
| none (1.0)     | none                   | None (the window's Remaining only)      |
| s < 1          | any                    | floor(limit * s), at least 1            |
| none           | x > 0                  | limit - ceil(x), at least 1             |
| s < 1          | x > 0                  | the lower of the two                    |
"""

from __future__ import annotations

import math


class ShareEstimate:
    """Others' requests per window (`others`) and this client's cap (`cap`)."""

    __slots__ = ("_peak", "_whole", "others", "share")

    def __init__(self, share: float = 1.0) -> None:
        self.share = share  # `budget_share=`: a token split on purpose
        self.others = 0.0
        self._peak = 0
        self._whole = False  # has a window begun since this client's first answer?

    def observe(self, consumed: int, own_sent: int) -> None:
        """An answer of the current window: `consumed` counted, `own_sent` of them ours."""
        self._peak = max(self._peak, consumed - own_sent)

    def close_window(self) -> None:
        sample, self._peak = self._peak, 0
        if not self._whole:
            self._whole = True
            return
        self.others = float(sample) if sample >= self.others else (self.others + sample) / 2

    def cap(self, limit: int | None) -> int | None:
        if limit is None:
            return None
        caps = []
        if self.share < 1:
            caps.append(max(1, math.floor(limit * self.share)))
        others = math.ceil(self.others - 0.25)  # a quarter request of decay is none
        if others > 0:
            caps.append(max(1, limit - others))
        return min(caps) if caps else None
