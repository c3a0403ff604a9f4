"""Pure parsing of what the server says about rate limits and waits.

Kept apart from I/O so the retry decisions and the error objects read the same numbers, and so
each rule is tested as a plain function.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import NamedTuple

from ._wire import error_entries


class RateLimit(NamedTuple):
    """The rate-limit window as of the latest response (`X-RateLimit-*` headers).

    Any field the server did not send, or sent unreadably, is None. On `client.rate_limit`,
    `waits` and `waited` count the pacing waits this client made and their total seconds (0
    on errors' `rate_limit` and with `pace_requests=False`). (A NamedTuple rather than an
    attrs class: this module loads with `import segment_profiles_sync`, which stays free of
    attrs until a client is built.)
    """

    consumed: int | None
    remaining: int | None
    reset: datetime | None
    waits: int = 0
    waited: float = 0.0


def int_or_none(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def http_date_or_none(value: str | None) -> datetime | None:
    """An RFC 5322 date (`Date`, `X-RateLimit-Reset`, `Retry-After`), or None if unreadable."""
    return _parse_http_date(value) if value else None


@lru_cache(maxsize=64)
def _parse_http_date(value: str) -> datetime | None:
    """Cached: `X-RateLimit-Reset` repeats on every answer of a window (datetimes are
    immutable, so sharing one is safe)."""
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse_rate_limit(headers: Mapping[str, str]) -> RateLimit | None:
    """Read `X-RateLimit-Consumed/Remaining/Reset`; None when none of them is present."""
    consumed = headers.get("x-ratelimit-consumed")
    remaining = headers.get("x-ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset")
    if consumed is None and remaining is None and reset is None:
        return None
    return RateLimit(int_or_none(consumed), int_or_none(remaining), http_date_or_none(reset))


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a `Retry-After` value: whole seconds or an HTTP date.

    `now` is the wall clock (seconds since the epoch), injected so tests control time. A date in
    the past means "retry now" (0). Unreadable values are ignored (None), never fatal.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        when = http_date_or_none(value)
        if when is None:
            return None
        return max(0.0, when.timestamp() - now)
    if math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        return None
    return seconds


def ms_before_next(body: bytes) -> float | None:
    """Seconds from `errors[].data.msBeforeNext` of a 429 body, if any error carries one."""
    for error in error_entries(body):
        data = error.get("data")
        ms = data.get("msBeforeNext") if isinstance(data, dict) else None
        if isinstance(ms, int | float) and not isinstance(ms, bool) and 0 <= ms < math.inf:
            return float(ms) / 1000.0
    return None


def server_wait(headers: Mapping[str, str], body: bytes, *, now: float) -> float | None:
    """The wait the server asks for, with one precedence for every caller (retries, the
    pacer's gate, `RateLimitError.retry_after`): `msBeforeNext` first (milliseconds, from the
    limiter itself), else `Retry-After` (whole seconds, rounded up)."""
    wait = ms_before_next(body)
    if wait is not None:
        return wait
    return parse_retry_after(headers.get("retry-after"), now=now)
