"""The current window's budget: what the headers said, less what is still unanswered.

| event                          | budget                                                    |
|--------------------------------|-----------------------------------------------------------|
| nothing known                  | None: send freely                                         |
| an answer of this window       | lowest Remaining seen in it - in flight, within the cap   |
| an answer of an ended window   | unchanged (its budget means nothing now)                  |
| a send                         | one less                                                  |
| a 429 (window known)           | 0                                                         |
| the window ends                | limit - in flight (they are charged to the new window),   |
|                                | within the cap                                            |

The server's count only grows within a window, so the lowest Remaining is the truest; a
request still unanswered may not be counted yet (answers come back in any order), so each one
is taken off. The cap is this client's part of a window shared with others (`cap`), counted
against the requests it sent in the window.
"""

from __future__ import annotations


class Window:
    """Limit, Reset, lowest Remaining and the budget they leave (see the module doc)."""

    __slots__ = ("budget", "ended", "limit", "lowest", "reset", "sent")

    def __init__(self) -> None:
        self.limit: int | None = None  # requests per window, once an answer said so
        self.reset: float | None = None  # server time the current window ends
        self.ended: float | None = None  # the Reset of the last window seen end
        self.lowest: int | None = None  # the lowest Remaining in the current window
        self.budget: int | None = None  # None: unknown, send freely
        self.sent = 0  # requests sent since the current window began (in flight included)

    def _within(self, cap: int | None) -> None:
        if cap is not None and self.budget is not None:
            self.budget = min(self.budget, cap - self.sent)

    def roll_over(self, in_flight: int, cap: int | None) -> None:
        """The window ended: the next one's budget is the limit less what is in flight."""
        self.ended, self.reset = self.reset, None
        self.sent = in_flight
        self.budget = None if self.limit is None else self.limit - in_flight
        self._within(cap)

    def take(self) -> None:
        if self.budget is not None:
            self.budget -= 1
        self.sent += 1

    def refused(self) -> None:
        if self.reset is not None:
            self.budget = 0

    def stale(self, reset: float) -> bool:
        """An answer from a window that already ended, or from one before the current."""
        if self.ended is not None and reset <= self.ended:
            return True
        return self.reset is not None and reset < self.reset

    def count(self, consumed: int | None, remaining: int) -> None:
        """Any answer's Consumed + Remaining is the limit (a late one's too)."""
        if consumed is not None and consumed >= 0 and remaining >= 0:
            self.limit = consumed + remaining

    def observe(self, remaining: int, reset: float, in_flight: int, cap: int | None) -> bool:
        """An answer's headers (not `stale`); True when they show a new window."""
        opened = self.reset is None or reset > self.reset
        if opened:
            self.reset, self.lowest = reset, remaining
        self.lowest = remaining if self.lowest is None else min(self.lowest, remaining)
        self.budget = self.lowest - in_flight
        self._within(cap)
        return opened
