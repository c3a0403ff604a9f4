"""The server's clock against ours, from `Date` headers (whole seconds)."""

from __future__ import annotations


class ClockOffset:
    """The server's clock minus ours.

    A `Date` of D received at our time t means the server's clock read between D and D + 1
    when it answered, a moment before t. So D - t is (nearly) a lower bound of the offset; the
    largest one seen is kept, and it tightens each time the server's second ticks over. An
    observation whose upper bound (D + 1 - t) is below the estimate means a clock was stepped:
    start again from it.

    | seen so far                      | estimate                       |
    |----------------------------------|--------------------------------|
    | nothing                          | None (no server time converts) |
    | D - t above the estimate         | D - t (a tighter lower bound)  |
    | D + 1 - t below the estimate     | D - t (a clock was stepped)    |
    | otherwise                        | unchanged                      |
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
        """Our time for the server's `server_time` (None until a `Date` was seen)."""
        return None if self.estimate is None else server_time - self.estimate
