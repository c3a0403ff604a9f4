"""Pacing a server that sends no window headers: a window's worth of requests and the window's
length, learned from its 429s, and the requests spread evenly over it.

A proxy may strip `X-RateLimit-*`, and the documented 429 declares only `Retry-After`. The
answers still show the window: the successes before the first refusal are what one window
allows (the **limit**), and a refusal's wait says the window is over by its end. Until the
first refusal requests go freely; from then on the limit's requests go evenly over a
**pace** (the time `limit` requests take), the one after them opening the next window.

Why evenly, not at once at each window's start: a window aligned to the server's clock does
not start with our first request. A burst sent one round trip after a request that opened a
window can land in the next one, and a window that filled unseen makes the next burst a run
of refusals. Requests spread over a pace no shorter than the window never put more than the
limit in any window, aligned or rolling.

The pace is searched between two bounds, as a rate (`limit` per pace) is all that matters:

- the **period**, an upper bound: the time from a window's first request to the end of the
  wait that closed it (the server said the window was over by then), and the offset of a
  window's first request, when it went through, from the one before (**proven**: that pace
  held);
- the **floor**, a lower bound: a pace some request of which was refused (before any pace,
  the offset of a refused request from the window's first).

| what is known                                      | the next window's pace              |
|----------------------------------------------------|-------------------------------------|
| no refusal yet                                     | none: requests go freely            |
| the limit, no period (refused at an unproven one,  | none: one request at a time         |
| and no span since longer than the floor)           |                                     |
| the bounds within `PERIOD_CLOSE`                   | the period                          |
| the period on a whole second n (with the margin),  | the period: the window is n seconds |
| the floor >= n - 1                                 |                                     |
| a whole second n with n + margin at or past the    | n + margin (windows are whole       |
| quarter step below, and below the period           | seconds, as `Retry-After` is)       |
| otherwise                                          | a quarter of the way down from the  |
|                                                    | period to the floor (`PERIOD_STEP`) |

The margin is `PERIOD_CLOSE`: a rolling window ends a whole number of seconds after its first
request arrived, and the next window's first has to arrive after that, whatever the trip's
jitter.

| answer                                            | lesson                                |
|---------------------------------------------------|---------------------------------------|
| a window's first request, its trip longer than    | the window's start moves by as much   |
| usual                                             |                                       |
| a window's first request went through             | period = min(period, its offset from  |
|                                                   | the last window's first): proven      |
| refused, sent at a pace below the period (by more | floor = that pace                     |
| than `PERIOD_CLOSE`)                              |                                       |
| refused at the period, the period proven          | `BLIND_LIMIT_CUT` off the limit (the  |
|                                                   | pace held: the limit was counted from |
|                                                   | a burst that landed in two windows)   |
| refused at the period, the period unproven        | no period until the gate's end        |
| the gate passed                                   | the limit (once), and the period from |
|                                                   | the window's span if it is tighter    |

A miss costs a refusal and the wait that follows it (against one-second windows, a whole
window): the search steps towards faster paces only by a quarter of the way, or to the
next whole second. A period on a whole second stays there unless the second below was
refused: a window shorter than a second, or not a whole number of them, is paced a little
slow.
"""

from __future__ import annotations

import math

from .._constants import BLIND_LIMIT_CUT, PERIOD_CLOSE, PERIOD_STEP


class BlindLimit:
    """A window's worth of requests and the pace to send them at, learned from refusals (see
    the module doc)."""

    __slots__ = (
        "floor",
        "limit",
        "opened",
        "opener",
        "pace",
        "paces",
        "period",
        "proven",
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
        self.pace: float | None = None  # the current window's limit goes over this long
        self.paces: dict[int, float] = {}  # the pace of this window and the one before
        self.opener: tuple[float, float] | None = None  # its first request: sent, offset
        self.period: float | None = None  # the limit needs at most this long
        self.proven = False  # ... and a window's first request went through at it
        self.floor = 0.0  # ... and more than this long (a pace that was refused)

    @property
    def past_limit(self) -> bool:
        return self.limit is not None and self.sent >= self.limit

    def may_send(self, in_flight: int) -> bool:
        """Whether a request may go as far as the limit is concerned (`next_at` says when)."""
        return self.limit is None or self.period is not None or in_flight == 0

    def next_pace(self) -> float | None:
        """The pace for the next window (the module doc's first table). A whole second is
        tried with `PERIOD_CLOSE` to spare: a rolling window ends a whole second after its
        first request arrived, and the next window's first has to arrive after that,
        whatever the round trip's jitter."""
        if self.period is None:
            return None
        gap = self.period - self.floor
        if gap <= PERIOD_CLOSE:
            return self.period
        whole = round(self.period - PERIOD_CLOSE)
        if abs(self.period - PERIOD_CLOSE - whole) <= PERIOD_CLOSE and self.floor >= whole - 1:
            return self.period  # a whole second held, and the one below was refused
        step = self.period - PERIOD_STEP * gap
        first = math.ceil(step - PERIOD_CLOSE)  # with its margin, at or past the step (> floor)
        if first + PERIOD_CLOSE < self.period - PERIOD_CLOSE:
            return first + PERIOD_CLOSE
        return step

    def next_at(self) -> float | None:
        """Our time from which the next request may go (None: now)."""
        if self.opened is None or self.pace is None or self.limit is None:
            return None
        return self.opened + self.sent * self.pace / self.limit

    def sending(self, now: float) -> None:
        """A request goes: the current window's first, one of its limit, or the next one's
        first."""
        if self.opened is None:
            self._open(now)
        elif self.past_limit and self.pace is not None:
            offset = now - self.opened
            self.window += 1
            self.sent = self.succeeded = 0
            self._open(now)
            self.opener = (now, offset)
        self.sent += 1

    def _open(self, now: float) -> None:
        self.opened = now
        self.paces = {w: p for w, p in self.paces.items() if w == self.window - 1}
        self._set_pace()

    def _set_pace(self) -> None:
        self.pace = self.next_pace()
        if self.pace is not None:
            self.paces[self.window] = self.pace

    def _repace(self) -> None:
        """The current window's pace again, from the proof that just came: its first
        request's answer proved the last pace one round trip into it, and waiting for the
        next window to use it would take two windows a step."""
        self._set_pace()

    def answered(self, window: int, refused: bool, sent: float, late: float = 0.0) -> None:
        """An answer to a request of `window`, sent at `sent`, its round trip `late` past the
        usual (the module doc's second table)."""
        if window == self.window and sent == self.opened:
            # The window's first request: a rolling window it opened began on its arrival,
            # as late as its trip was long (a new connection's handshake, after a long gate).
            self.opened += late
        if refused:
            self._refused(window, sent)
            return
        if window != self.window:
            return  # a late answer from an earlier window
        self.succeeded += 1
        if self.opener is not None and self.opener[0] == sent:
            offset = self.opener[1]
            self.opener = None
            if self.period is None or offset < self.period:
                self.period = offset
            self.proven = True
            self._repace()

    def _refused(self, window: int, sent: float) -> None:
        self.refused_in = self.window
        pace = self.paces.get(window)
        if pace is None:  # no pace yet: the window had not ended when this request arrived
            if window != self.window or self.opened is None:
                return
            pace = sent - self.opened
        if self.period is not None and pace >= self.period - PERIOD_CLOSE:
            if self.proven and self.limit is not None and self.limit > 1:
                self.limit -= max(1, round(self.limit * BLIND_LIMIT_CUT))
                return
            self.period = None
        self.floor = max(self.floor, pace)

    @property
    def ending(self) -> bool:
        """A refusal ended the current window (the next starts when the gate passes)."""
        return self.refused_in == self.window

    def next_window(self, in_flight: int, now: float) -> None:
        """The gate passed: the first time, the ended window's successes are the limit; it
        lasted at most from its first request until now."""
        if self.succeeded > 0 and self.limit is None:
            self.limit = self.succeeded
        if self.opened is not None and now - self.opened > self.floor:
            span = now - self.opened
            if self.period is None or span < self.period:
                self.period, self.proven = span, False
        self.window += 1
        self.sent, self.succeeded = in_flight, 0
        self.opened = None  # set by the window's first request
        self.opener = None
