"""How long a round trip takes: a smoothed mean and deviation, as TCP keeps (RFC 6298).

The pacer needs it twice: a window end known to the millisecond is late by the answer's way
back, and a margin for latency that varies is a share of the mean plus twice the deviation.
"""

from __future__ import annotations

# RFC 6298 section 2: SRTT <- (1 - alpha) SRTT + alpha R', RTTVAR <- (1 - beta) RTTVAR +
# beta |SRTT - R'|, with alpha = 1/8 and beta = 1/4.
ALPHA = 1 / 8
BETA = 1 / 4


def arrived(sent: float, answered: float) -> float:
    """Our time a request sent at `sent` and answered at `answered` reached the server:
    halfway through its trip (the ways there and back taken as equal)."""
    return sent + (answered - sent) / 2


class RoundTrip:
    """`mean` (SRTT, 0 until a sample) and `spread` (RTTVAR) of the round trips seen.

    | samples             | mean                          | spread                            |
    |---------------------|-------------------------------|-----------------------------------|
    | none                | 0.0                           | 0.0                               |
    | first R             | R                             | 0.0 (RFC: R/2; the margin adds it |
    |                     |                               | once variation is seen instead)   |
    | next R'             | (1 - ALPHA) mean + ALPHA R'   | (1 - BETA) spread + BETA |mean-R'||
    """

    __slots__ = ("mean", "seen", "spread")

    def __init__(self) -> None:
        self.mean = 0.0
        self.spread = 0.0
        self.seen = False

    def excess(self, trip: float) -> float:
        """How much longer than the mean `trip` took (0 before any sample): a request that
        opened a connection, or met a slow way there, arrived that much later."""
        return max(0.0, trip - self.mean) if self.seen else 0.0

    def observe(self, trip: float) -> None:
        if not self.seen:
            self.mean, self.seen = trip, True
            return
        self.spread = (1 - BETA) * self.spread + BETA * abs(self.mean - trip)
        self.mean = (1 - ALPHA) * self.mean + ALPHA * trip
