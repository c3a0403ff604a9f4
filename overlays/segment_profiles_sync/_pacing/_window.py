"""The current window's budget: what the headers said, less what is still unanswered.

| event                          | budget                                                     |
|--------------------------------|------------------------------------------------------------|
| nothing known                  | None: send freely                                          |
| an answer of this window       | lowest Remaining seen in it - in flight - reserve, in cap  |
| an answer of an ended window   | unchanged (its budget means nothing now), unless its       |
|                                | request went after the end: the window went on (`reopen`)  |
| a send                         | one less                                                   |
| a 429 (window known)           | 0 (and the refused request is not one of ours counted)     |
| the window ends                | limit - reserve, within the cap                            |

The server's count only grows within a window, so the lowest Remaining is the truest; a
request still unanswered may not be counted yet (answers come back in any order), so each one
is taken off, in the window it was sent in. `reserve` is what other clients on the token are
expected to take still (0 alone; see `_share`), and `cap` a hard split (`budget_share=`),
counted against the requests this client sent in the window. The budget is recomputed only
from an answer of the window (or at its start): between answers, nothing new is known.
"""

from __future__ import annotations


class Window:
    """Limit, Reset, lowest Remaining and the budget they leave (see the module doc)."""

    __slots__ = ("_sent_before", "budget", "ended", "limit", "lowest", "reserved", "reset", "sent")

    def __init__(self) -> None:
        self.limit: int | None = None  # requests per window, once an answer said so
        self.reset: float | None = None  # server time the current window ends
        self.ended: float | None = None  # the Reset of the last window seen end
        self.lowest: int | None = None  # the lowest Remaining in the current window
        self.budget: int | None = None  # None: unknown, send freely
        self.sent = 0  # requests sent since the current window began (in flight included)
        self.reserved = 0  # what the budget left for other clients when last set
        self._sent_before = 0  # `sent` when the window was last taken to have ended

    @property
    def unreserved(self) -> int:
        """The budget if nothing were left for other clients (0 when unknown)."""
        return 0 if self.budget is None else self.budget + self.reserved

    def _set(self, room: int, in_flight: int, reserve: int, cap: int | None) -> None:
        self.reserved = reserve
        self.budget = room - reserve - in_flight
        if cap is not None:
            self.budget = min(self.budget, cap - self.sent)

    def roll_over(self, reserve: int = 0, cap: int | None = None) -> None:
        """The window ended: the next one's budget is the limit (less the reserve).

        Requests still unanswered at the end are not charged to the next window: the
        ablation in BENCHMARKS.md found that rule bought nothing in any simulated case (twice:
        before and after held requests began to wake at the window's end), so it went."""
        self.ended, self.reset = self.reset, None
        self._sent_before, self.sent = self.sent, 0
        self.budget = None
        if self.limit is not None:
            self._set(self.limit, 0, reserve, cap)

    def reopen(
        self, reset: float, remaining: int, in_flight: int, reserve: int = 0,
        cap: int | None = None,
    ) -> None:  # fmt: skip
        """A request sent after the window was taken to have ended was counted in it: the
        window went on (its Reset was rounded down). It is the current window again, with
        every request sent in it."""
        self.reset, self.ended, self.lowest = reset, None, remaining
        self.sent += self._sent_before
        self._set(remaining, in_flight, reserve, cap)

    def take(self) -> None:
        if self.budget is not None:
            self.budget -= 1
        self.sent += 1

    def refused(self) -> None:
        """A 429: the window is spent; the refused request was not counted, so it is not
        this client's part of the window either."""
        if self.reset is not None:
            self.budget, self.reserved = 0, 0
        self.sent = max(0, self.sent - 1)

    def stale(self, reset: float) -> bool:
        """An answer from a window that already ended, or from one before the current."""
        if self.ended is not None and reset <= self.ended:
            return True
        return self.reset is not None and reset < self.reset

    def count(self, consumed: int | None, remaining: int) -> None:
        """Any answer's Consumed + Remaining is the limit (a late one's too)."""
        if consumed is not None and consumed >= 0 and remaining >= 0:
            self.limit = consumed + remaining

    def observe(
        self, remaining: int, reset: float, in_flight: int, reserve: int = 0,
        cap: int | None = None,
    ) -> bool:  # fmt: skip
        """An answer's headers (not `stale`); True when they show a new window."""
        opened = self.reset is None or reset > self.reset
        if opened and self.reset is not None:  # a window we did not see begin: count afresh
            self.ended, self.sent = self.reset, in_flight
        if opened:
            self.reset, self.lowest = reset, remaining
        self.lowest = remaining if self.lowest is None else min(self.lowest, remaining)
        self._set(self.lowest, in_flight, reserve, cap)
        return opened
