"""When to retry and how long to wait: pure functions, no I/O, no clock, no sleeping.

The transports in `_transport.py` ask `plan_retry()` after every attempt and do what it says, so
the façade methods and the generated `*_detailed` functions (called with `client.api_client`)
share one retry mechanism.

Why POST is special: Segment's API has no idempotency keys, so a create that is replayed after
the server processed it makes a second warehouse. A create is retried only when the server
provably did not process it: a 429, or a connection that failed before the request was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import httpx

from ._constants import (
    INITIAL_RETRY_DELAY,
    MAX_BACKOFF_EXPONENT,
    MAX_RETRY_DELAY,
    MAX_SERVER_DIRECTED_WAIT,
    RATE_LIMIT_PATIENCE,
)
from ._headers import server_wait

__all__ = [
    "RETRYABLE_STATUSES",
    "RetryPlan",
    "backoff_delay",
    "outcome_unknown",
    "plan_retry",
    "retry_reason",
]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Errors raised before any byte of the request reached the server: safe to retry a POST.
_NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
_NOT_IDEMPOTENT = frozenset({"POST"})


def retry_reason(
    method: str, *, status: int | None = None, error: BaseException | None = None
) -> str | None:
    """Why this outcome may be retried, or None if it must not be. The ordered table:

    1. 429 (any method): the server refused before processing.
    2. a connection that failed before sending (any method).
    3. POST: nothing else (the server may have processed it).
    4. other methods: 408, 500, 502, 503, 504, and every other transport error or timeout.
    """
    if status == 429:
        return "429 Too Many Requests"
    if error is not None and isinstance(error, _NOT_SENT_ERRORS):
        return f"{type(error).__name__} before the request was sent"
    if method.upper() in _NOT_IDEMPOTENT:
        return None
    if status is not None:
        return f"status {status}" if status in RETRYABLE_STATUSES else None
    if error is not None and isinstance(error, httpx.TransportError):
        return type(error).__name__
    return None


def outcome_unknown(*, status: int | None = None, error: BaseException | None = None) -> bool:
    """Whether a failed attempt may still have been applied by the server.

    A 5xx (or 408) can come after the write, and so can a connection lost after the request
    was sent; a 429 and a connection that never opened cannot. `remove_warehouse` uses this to
    read a 404 on a later attempt as "already removed by the earlier one".
    """
    if status is not None:
        return status == 408 or status >= 500
    return isinstance(error, httpx.TransportError) and not isinstance(error, _NOT_SENT_ERRORS)


def backoff_delay(retry_number: int, *, rng: Callable[[], float]) -> float:
    """Exponential backoff: 0.5 s doubling to 8 s, less up to 25 % jitter.

    `retry_number` is 1 for the first retry. The jitter only shortens the wait, so the cap
    holds, and spreads out clients that failed together.
    """
    exponent = min(max(retry_number - 1, 0), MAX_BACKOFF_EXPONENT)
    base = min(INITIAL_RETRY_DELAY * 2.0**exponent, MAX_RETRY_DELAY)
    return base * (1.0 - 0.25 * rng())


class RetryPlan(NamedTuple):
    """What to do after a failed attempt: wait `delay` seconds, then retry, because `reason`."""

    reason: str
    delay: float
    server_directed: bool


def plan_retry(
    method: str,
    *,
    attempt: int,
    max_retries: int,
    status: int | None = None,
    error: BaseException | None = None,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    now: float,
    rng: Callable[[], float],
) -> RetryPlan | None:
    """The retry to make after attempt number `attempt` (1-based), or None to stop.

    Stops when the outcome is not retryable, when retries are used up, or when the server asks
    for a wait above `MAX_SERVER_DIRECTED_WAIT` (the caller then surfaces the 429 at once, with
    `retry_after` set).
    """
    if attempt > max_retries:
        return None
    reason = retry_reason(method, status=status, error=error)
    if reason is None:
        return None
    wait = (
        server_wait(headers, body, now=now) if status is not None and headers is not None else None
    )
    if wait is not None:
        if wait > MAX_SERVER_DIRECTED_WAIT:
            return None
        return RetryPlan(reason=reason, delay=wait, server_directed=True)
    return RetryPlan(reason=reason, delay=backoff_delay(attempt, rng=rng), server_directed=False)


def is_free_retry(
    status: int | None,
    plan: RetryPlan,
    waited: float,
    max_retries: int,
    patience: float = RATE_LIMIT_PATIENCE,
) -> bool:
    """True when this retry does not count against `max_retries`: a 429 with a server-directed
    wait while the request's rate-limit waits stay within `patience` (the clients'
    `rate_limit_patience=`, default `RATE_LIMIT_PATIENCE`; and retries are on at all).
    `waited` is what such waits of this request have added up to so far."""
    return (
        status == 429
        and plan.server_directed
        and max_retries > 0
        and waited + plan.delay <= patience
    )
