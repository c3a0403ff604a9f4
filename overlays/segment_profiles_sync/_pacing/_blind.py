"""Pacing a server that sends no window headers: the limit and the window's length learned
from its 429s.

A proxy may strip `X-RateLimit-*`, and the documented 429 declares only `Retry-After`. The
answers still show the window: the successes counted between two refusals are what one window
allows, and a refusal's wait is when the window ends (the pacer's gate holds everyone until
then). So each window may send the limit learned from the last window that ended in a
refusal. Past it one request goes at a time, and not at once: `Retry-After` is whole seconds,
so a refusal can cost up to a second more than the window had left (against one-second windows,
a whole window). The next window is expected a **period** after this one's first request:

- at most the time from a window's first request to the end of the gate that closed it (the
  server said the window was over by then), and at most the offset of a request past the
  limit that went through (it opened a new window);
- at least the offset of any request that was refused (the window was not over when it
  arrived); a refusal at or past the upper bound shows that bound wrong, and it is learned
  again from the next gate.

The request past the limit goes at a quarter of the way down from the upper bound to the lower
(the upper bound once they are within `PERIOD_CLOSE` of each other): a miss costs a refusal, a
success tightens the bound and starts the next window, with its first request.

| state                                   | may send                                    |
|-----------------------------------------|---------------------------------------------|
| no refusal yet                          | freely                                      |
| a limit learned, sent < limit           | yes                                         |
| sent >= limit, no period known          | one at a time, now                          |
| sent >= limit, a period known           | one at a time, from the window's first      |
|                                         | request + the period's next try             |
| a refusal                               | nothing until the gate (its wait) passes;   |
|                                         | then a new window, the limit = its successes|
| a success past the limit                | a new window began with it                  |
"""

from __future__ import annotations

from .._constants import PERIOD_CLOSE, PERIOD_STEP


class BlindLimit:
    """Successes per window and the window's period, learned from refusals (see the module
    doc)."""

    __slots__ = (
        "floor",
        "limit",
        "opened",
        "period",
        "probe",
        "refused_in",
        "sent",
        "succeeded",
        "window",
    )

    def __init__(self) -> None:
        self.limit: int | None = None
        self.window = 0  # counts windows; each ticket remembers the one it was sent in
        self.sent = 0  # tickets of the current window
        self.succeeded = 0  # answers other than 429 to tickets of the current window
        self.refused_in: int | None = None  # the window a refusal ended
        self.opened: float | None = None  # our time the current window's first request went
        self.period: float | None = None  # the next window comes at most this long after
        self.floor = 0.0  # ... and at least this long (from refused requests past the limit)
        self.probe: float | None = None  # the send time of the request past the limit

    @property
    def past_limit(self) -> bool:
        return self.limit is not None and self.sent >= self.limit

    def may_send(self, in_flight: int) -> bool:
        return not self.past_limit or in_flight == 0

    def probe_at(self) -> float | None:
        """Our time from which the request past the limit may go (None: now)."""
        if self.opened is None or self.period is None:
            return None
        gap = self.period - self.floor
        if gap <= PERIOD_CLOSE:
            return self.opened + self.period
        return self.opened + self.period - PERIOD_STEP * gap

    def sending(self, now: float) -> None:
        """A request goes in the current window."""
        if self.opened is None:
            self.opened = now
        if self.past_limit:
            self.probe = now
        self.sent += 1

    def answered(self, window: int, refused: bool, sent: float) -> None:
        if window != self.window:
            return  # a late answer from an earlier window
        probe, self.probe = (sent == self.probe), (None if sent == self.probe else self.probe)
        offset = None if self.opened is None else sent - self.opened
        if refused:
            self.refused_in = self.window
            if offset is not None:  # the window had not ended when this request arrived
                if self.period is not None and offset >= self.period:
                    self.period = None  # the bound was wrong (others, or the server changed)
                self.floor = max(self.floor, offset)
            return
        self.succeeded += 1
        if probe and offset is not None and offset > 0:
            # The window was over: a new one began with this request.
            self.period = offset if self.period is None else min(self.period, offset)
            self.window += 1
            self.opened, self.sent, self.succeeded = sent, 1, 1

    @property
    def ending(self) -> bool:
        """A refusal ended the current window (the next starts when the gate passes)."""
        return self.refused_in == self.window

    def next_window(self, in_flight: int, now: float) -> None:
        """The gate passed: the ended window's successes are the limit, and it lasted at most
        from its first request until now."""
        if self.succeeded > 0:
            self.limit = self.succeeded
        if self.opened is not None and now - self.opened > self.floor:
            span = now - self.opened
            self.period = span if self.period is None else min(self.period, span)
        self.window += 1
        self.sent, self.succeeded = in_flight, 0
        self.opened = None  # set by the window's first request
        self.probe = None
