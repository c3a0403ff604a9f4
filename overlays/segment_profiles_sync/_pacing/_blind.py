"""Pacing a server that sends no window headers: the limit learned from its 429s.

A proxy may strip `X-RateLimit-*`, and the documented 429 declares only `Retry-After`. The
answers still show the window: the successes counted between two refusals are what one window
allows, and a refusal's wait is when the window ends (the pacer's gate holds everyone until
then). So each window (from the end of one gate) may send the limit learned from the last
window that ended in a refusal; past it, requests go one at a time (the next refusal ends the
window at the cost of one 429; a success says the limit was low, and it grows).

| state                                   | may send                                    |
|-----------------------------------------|---------------------------------------------|
| no refusal yet                          | freely                                      |
| a limit learned, sent < limit           | yes                                         |
| a limit learned, sent >= limit          | only with nothing in flight (one at a time) |
| a refusal                               | nothing until the gate (its wait) passes;   |
|                                         | then a new window, the limit = its successes|
"""

from __future__ import annotations


class BlindLimit:
    """Successes per window, learned from refusals (see the module doc)."""

    __slots__ = ("limit", "refused_in", "sent", "succeeded", "window")

    def __init__(self) -> None:
        self.limit: int | None = None
        self.window = 0  # counts windows; each ticket remembers the one it was sent in
        self.sent = 0  # tickets of the current window
        self.succeeded = 0  # answers other than 429 to tickets of the current window
        self.refused_in: int | None = None  # the window a refusal ended

    def may_send(self, in_flight: int) -> bool:
        if self.limit is None or self.sent < self.limit:
            return True
        return in_flight == 0

    def answered(self, window: int, refused: bool) -> None:
        if window != self.window:
            return  # a late answer from an earlier window
        if refused:
            self.refused_in = self.window
        else:
            self.succeeded += 1

    @property
    def ending(self) -> bool:
        """A refusal ended the current window (the next starts when the gate passes)."""
        return self.refused_in == self.window

    def next_window(self, in_flight: int) -> None:
        """The gate passed: the ended window's successes are the limit."""
        if self.succeeded > 0:
            self.limit = self.succeeded
        self.window += 1
        self.sent, self.succeeded = in_flight, 0
