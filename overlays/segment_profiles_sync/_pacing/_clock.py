"""The server's clock against ours, from `Date` headers (whole seconds)."""

from __future__ import annotations


class ClockOffset:
    """The server's clock minus ours.

    A `Date` of D written at our time t (between the request's send time s and the answer's
    arrival) means the server's clock read between D and D + 1 then. So D - t is a lower
    bound of the offset; the largest one seen is kept, and it tightens each time the server's
    second ticks over. An observation whose upper bound (D + 1 - s) is below the estimate
    means a clock was stepped: start again from it.

    | seen so far                      | estimate                       |
    |----------------------------------|--------------------------------|
    | nothing                          | None (no server time converts) |
    | D - t above the estimate         | D - t (a tighter lower bound)  |
    | D + 1 - s below the estimate     | D - t (a clock was stepped)    |
    | otherwise                        | unchanged                      |

    The lowest upper bound is kept too (`upper`, reset with the estimate when a clock was
    stepped): between the two lies the true offset, so a server time's moment of ours is known
    to lie between `to_local_earliest` and `to_local`.
    """

    __slots__ = ("estimate", "upper")

    def __init__(self) -> None:
        self.estimate: float | None = None
        self.upper: float | None = None

    def observe(self, server_date: float, now: float, earliest: float | None = None) -> None:
        """`now`: our latest time the server can have written `server_date`; `earliest`
        (the request's send time, if known): the earliest. A wide round trip then does not
        pass for a stepped clock."""
        low = server_date - now
        high = server_date + 1.0 - (now if earliest is None else earliest)
        if self.estimate is None or high < self.estimate:
            self.estimate, self.upper = low, high
        else:
            self.estimate = max(self.estimate, low)
            self.upper = high if self.upper is None else min(self.upper, high)

    def to_local(self, server_time: float) -> float | None:
        """Our time for the server's `server_time` (None until a `Date` was seen)."""
        return None if self.estimate is None else server_time - self.estimate

    def to_local_earliest(self, server_time: float) -> float | None:
        """The earliest our time for the server's `server_time` can be (`to_local` is the
        latest)."""
        return None if self.upper is None else server_time - self.upper
