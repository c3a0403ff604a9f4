"""The emulator's rate limit: one window per token, aligned or rolling (pure but for its clock).

Headers tell the truth about the window on every answer, refusals included: `Consumed` and
`Remaining` after this request, `Reset` the window's end (aligned: rounded up to a whole
second, so a client that waits for it never wakes early; rolling: truncated, as an HTTP date
is, which is what real limiters whose windows start at the first request look like).
With `headers=False` answers carry none of them and a 429 only `Retry-After` (no
`msBeforeNext` either): a server, or a proxy, that tells a client nothing it can plan with.
With `refusal_headers=False` successful answers carry them and a 429 only `Retry-After`:
what the documented contract promises, and no more.
"""

from __future__ import annotations

import math
from email.utils import formatdate
from typing import Any

__all__ = ["UNLIMITED", "RateLimited", "RateWindows"]

# Without a configured limit the emulator still sends truthful-looking headers, for a limit
# so large that no test or benchmark reaches it.
UNLIMITED = 1_000_000


class RateLimited(Exception):  # noqa: N818 - an answer (429), not a failure of the emulator
    """The request is over the limit: answer 429 with these headers and error data."""

    def __init__(self, headers: dict[str, str], data: dict[str, Any]) -> None:
        super().__init__("Too many requests")
        self.headers, self.data = headers, data


class RateWindows:
    """`limit` requests per `window` seconds and token (`limit=None`: unlimited)."""

    def __init__(
        self, limit: int | None, window: float, *, mode: str, retry_after: bool,
        headers: bool = True, refusal_headers: bool = True,
    ) -> None:  # fmt: skip
        if limit is not None and limit < 1:
            raise ValueError("rate_limit must be at least 1")
        if not window > 0:
            raise ValueError("rate_window must be positive")
        if mode not in {"aligned", "rolling"}:
            raise ValueError("rate_window_mode must be 'aligned' or 'rolling'")
        if not retry_after and not (headers and refusal_headers):
            raise ValueError("a 429 needs Retry-After when the window headers are off")
        self.limit, self.window, self.mode, self.retry_after = limit, window, mode, retry_after
        self.headers, self.refusal_headers = headers, refusal_headers
        self._windows: dict[str, tuple[float, int]] = {}  # token -> (window start, consumed)

    def clear(self) -> None:
        self._windows.clear()

    def _current(self, token: str, now: float) -> tuple[float, int, float]:
        """(start, consumed so far, Reset) of the token's window at `now`."""
        window = self.window
        if self.mode == "rolling":
            began, consumed = self._windows.get(token, (now, 0))
            if now >= began + window:
                began, consumed = now, 0
            return began, consumed, math.floor(began + window)  # an HTTP date: truncated
        start = math.floor(now / window) * window
        began, consumed = self._windows.get(token, (start, 0))
        if began != start:
            began, consumed = start, 0
        return began, consumed, math.ceil(began + window)

    def consume(self, token: str, now: float, by_window: dict[float, int]) -> dict[str, str]:
        """Count one request in the token's window and return the headers; `RateLimited`
        past the limit. `by_window` counts the requests served per window start."""
        began, consumed, reset = self._current(token, now)
        limit = self.limit if self.limit is not None else UNLIMITED
        refused = consumed >= limit
        if not refused:
            consumed += 1
            by_window[began] = by_window.get(began, 0) + 1
        self._windows[token] = (began, consumed)
        headers = {}
        if self.headers:
            headers = {
                "X-RateLimit-Consumed": str(consumed),
                "X-RateLimit-Remaining": str(max(0, limit - consumed)),
                "X-RateLimit-Reset": formatdate(reset, usegmt=True),
            }
        if not refused:
            return headers
        if not self.refusal_headers:
            headers = {}
        wait = max(0.0, began + self.window - now)
        if self.retry_after:
            headers["Retry-After"] = str(max(1, math.ceil(wait)))
        data: dict[str, Any] = {}
        if self.headers and self.refusal_headers:
            data = {"msBeforeNext": math.ceil(wait * 1000), "remainingPoints": 0,
                    "consumedPoints": consumed}  # fmt: skip
        raise RateLimited(headers, data)
