"""The retry decisions and the server-hint parsing, as pure functions (no I/O, no clock)."""

from __future__ import annotations

from email.utils import formatdate
from typing import Any

import httpx
import pytest
from segment_profiles_sync._headers import (
    ms_before_next,
    parse_rate_limit,
    parse_retry_after,
    server_wait,
)
from segment_profiles_sync.retry import (
    RetryPlan,
    backoff_delay,
    is_free_retry,
    outcome_unknown,
    plan_retry,
    retry_reason,
)

NOW = 1_800_000_000.0
REQUEST = httpx.Request("GET", "https://api.segmentapis.com/")


def no_jitter() -> float:
    return 0.0


def full_jitter() -> float:
    return 1.0


@pytest.mark.parametrize(
    ("method", "status", "retried"),
    [
        *[(m, s, True) for m in ("GET", "PATCH", "DELETE") for s in (408, 429, 500, 502, 503, 504)],
        *[
            (m, s, False)
            for m in ("GET", "PATCH", "DELETE")
            for s in (400, 401, 404, 409, 422, 501)
        ],
        ("POST", 429, True),
        *[("POST", s, False) for s in (408, 500, 502, 503, 504, 422)],
    ],
)
def test_status_table(method: str, status: int, retried: bool) -> None:
    """Which statuses are retried for which methods."""
    assert (retry_reason(method, status=status) is not None) is retried


@pytest.mark.parametrize(
    ("error", "get_retried", "post_retried"),
    [
        (httpx.ConnectError("refused"), True, True),
        (httpx.ConnectTimeout("slow connect"), True, True),
        (httpx.PoolTimeout("pool"), True, True),
        (httpx.ReadTimeout("slow read"), True, False),
        (httpx.WriteTimeout("slow write"), True, False),
        (httpx.ReadError("reset"), True, False),
        (httpx.RemoteProtocolError("dropped"), True, False),
        (ValueError("not a transport error"), False, False),
    ],
)
def test_error_table(error: Exception, get_retried: bool, post_retried: bool) -> None:
    """POST is retried only for errors raised before the request was sent."""
    assert (retry_reason("GET", error=error) is not None) is get_retried
    assert (retry_reason("post", error=error) is not None) is post_retried


def test_backoff_doubles_to_cap_with_jitter_below() -> None:
    """0.5, 1, 2, 4, 8, 8 … seconds; jitter only shortens, by at most 25 %."""
    assert [backoff_delay(n, rng=no_jitter) for n in range(1, 7)] == [0.5, 1, 2, 4, 8, 8]
    assert backoff_delay(1, rng=full_jitter) == 0.375
    assert backoff_delay(9, rng=full_jitter) == 6.0


def _plan(**kw: Any) -> RetryPlan | None:
    defaults: dict[str, Any] = {"attempt": 1, "max_retries": 2, "now": NOW, "rng": no_jitter}
    return plan_retry("GET", **{**defaults, **kw})


def test_plan_uses_ms_before_next_then_retry_after_then_backoff() -> None:
    """The delay order (one precedence, `server_wait`, shared with the pacer's gate):
    msBeforeNext, Retry-After, exponential backoff."""
    body = b'{"errors":[{"type":"x","data":{"msBeforeNext":1450}}]}'
    both = _plan(status=429, headers=httpx.Headers({"Retry-After": "3"}), body=body)
    only_ms = _plan(status=429, headers=httpx.Headers(), body=body)
    only_header = _plan(status=429, headers=httpx.Headers({"Retry-After": "3"}), body=b"")
    neither = _plan(status=503, headers=httpx.Headers(), body=b"")
    assert both is not None
    assert only_ms is not None
    assert only_header is not None
    assert neither is not None
    assert both.delay == 1.45
    assert only_header.delay == 3.0
    assert both.server_directed
    assert only_ms.delay == 1.45
    assert neither.delay == 0.5
    assert not neither.server_directed


def test_plan_stops_when_retries_are_used_up() -> None:
    """Attempt 3 of max_retries=2 is the last; max_retries=0 never retries."""
    assert _plan(status=503, headers=httpx.Headers(), attempt=2) is not None
    assert _plan(status=503, headers=httpx.Headers(), attempt=3) is None
    assert _plan(status=503, headers=httpx.Headers(), max_retries=0) is None


def test_plan_refuses_server_waits_over_60s() -> None:
    """A 429 asking for more than a minute is surfaced, not slept."""
    assert _plan(status=429, headers=httpx.Headers({"Retry-After": "60"})) is not None
    assert _plan(status=429, headers=httpx.Headers({"Retry-After": "61"})) is None


def test_retry_after_forms() -> None:
    """Seconds, HTTP dates (past means now), and junk ignored."""
    assert parse_retry_after("2", now=NOW) == 2.0
    assert parse_retry_after(" 1.5 ", now=NOW) == 1.5
    assert parse_retry_after(formatdate(NOW + 30, usegmt=True), now=NOW) == 30.0
    assert parse_retry_after(formatdate(NOW - 30, usegmt=True), now=NOW) == 0.0
    for junk in (None, "", "soon", "-1", "nan", "inf"):
        assert parse_retry_after(junk, now=NOW) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"errors":[{"data":{"msBeforeNext":250}}]}', 0.25),
        (b'{"errors":[{"data":null},{"data":{"msBeforeNext":1000}}]}', 1.0),
        (b'{"errors":[{"data":{"msBeforeNext":"250"}}]}', None),
        (b'{"errors":[{"data":{"msBeforeNext":true}}]}', None),
        (b'{"errors":"nope"}', None),
        (b"[]", None),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_ms_before_next(body: bytes, expected: float | None) -> None:
    """Only a numeric msBeforeNext inside the envelope counts."""
    assert ms_before_next(body) == expected


def test_server_wait_prefers_the_limiter_s_milliseconds() -> None:
    """`msBeforeNext` (exact) wins over `Retry-After` (whole seconds); the header when alone."""
    body = b'{"errors":[{"data":{"msBeforeNext":9000}}]}'
    assert server_wait(httpx.Headers({"retry-after": "1"}), body, now=NOW) == 9.0
    assert server_wait(httpx.Headers({"retry-after": "1"}), b"", now=NOW) == 1.0


def test_rate_limit_headers() -> None:
    """X-RateLimit-* parse into numbers and a datetime; absent headers give None."""
    parsed = parse_rate_limit(
        httpx.Headers(
            {
                "X-RateLimit-Consumed": "3",
                "X-RateLimit-Remaining": "57",
                "X-RateLimit-Reset": "Thu, 26 Nov 2026 12:00:00 GMT",
            }
        )
    )
    assert parsed is not None
    assert (parsed.consumed, parsed.remaining) == (3, 57)
    assert parsed.reset is not None
    assert parsed.reset.hour == 12
    assert parse_rate_limit(httpx.Headers()) is None
    partial = parse_rate_limit(httpx.Headers({"X-RateLimit-Remaining": "lots"}))
    assert partial is not None
    assert partial.remaining is None


@pytest.mark.parametrize("retry_number", [1026, 10**6])
def test_backoff_never_overflows(retry_number: int) -> None:
    """A huge retry number gives the capped delay instead of OverflowError."""
    assert backoff_delay(retry_number, rng=lambda: 0.0) == 8.0


# -- the rest of retry.py's table, edge by edge ---------------------------------------------------


@pytest.mark.parametrize(
    ("method", "status", "error", "reason"),
    [
        ("GET", 429, None, "429 Too Many Requests"),
        ("POST", None, httpx.ConnectError("x"), "ConnectError before the request was sent"),
        ("GET", None, httpx.ReadTimeout("x"), "ReadTimeout"),
        ("GET", 503, None, "status 503"),
        ("GET", 501, None, None),
        ("POST", 503, None, None),
        ("GET", None, ValueError("x"), None),
        ("GET", None, None, None),
    ],
)
def test_retry_reasons_name_what_happened(
    method: str, status: int | None, error: BaseException | None, reason: str | None
) -> None:
    assert retry_reason(method, status=status, error=error) == reason


@pytest.mark.parametrize(
    ("status", "error", "unknown"),
    [
        (408, None, True),
        (409, None, False),
        (499, None, False),
        (500, None, True),
        (503, None, True),
        (429, None, False),
        (None, httpx.ReadTimeout("x"), True),  # sent, answer lost
        (None, httpx.ConnectError("x"), False),  # never sent
        (None, ValueError("x"), False),
        (None, None, False),
    ],
)
def test_whether_a_failed_attempt_may_have_been_applied(
    status: int | None, error: BaseException | None, unknown: bool
) -> None:
    assert outcome_unknown(status=status, error=error) is unknown


@pytest.mark.parametrize(
    ("status", "directed", "waited", "delay", "max_retries", "free"),
    [
        (429, True, 0.0, 1.0, 3, True),
        (429, True, 119.0, 1.0, 3, True),  # exactly at the patience: still free
        (429, True, 119.5, 1.0, 3, False),  # past it: counts
        (429, True, 0.0, 1.0, 0, False),  # retries off
        (429, True, 0.0, 1.0, 1, True),
        (429, False, 0.0, 1.0, 3, False),  # a backoff, not the server's wait
        (503, True, 0.0, 1.0, 3, False),
    ],
)
def test_which_retries_are_free(
    status: int, directed: bool, waited: float, delay: float, max_retries: int, free: bool
) -> None:
    plan = RetryPlan(reason="r", delay=delay, server_directed=directed)
    assert is_free_retry(status, plan, waited, max_retries, patience=120.0) is free


def test_a_plan_carries_its_reason_and_whose_wait_it_is() -> None:
    headers = {"retry-after": "2"}
    directed = plan_retry(
        "GET", attempt=1, max_retries=3, status=429, headers=headers, now=NOW, rng=no_jitter
    )
    assert directed == RetryPlan(reason="429 Too Many Requests", delay=2.0, server_directed=True)
    backoff = plan_retry("GET", attempt=1, max_retries=3, status=503, now=NOW, rng=no_jitter)
    assert backoff is not None
    assert (backoff.reason, backoff.server_directed) == ("status 503", False)
    # Headers are read only with a status: an error's (made-up) headers are not a wait.
    lost = plan_retry(
        "GET", attempt=1, max_retries=3, error=httpx.ReadTimeout("x"), headers=headers,
        now=NOW, rng=no_jitter,
    )  # fmt: skip
    assert lost is not None
    assert lost.server_directed is False
    # Without headers a 429 backs off.
    bare = plan_retry("GET", attempt=1, max_retries=3, status=429, now=NOW, rng=no_jitter)
    assert bare is not None
    assert bare.server_directed is False
    # The wait is computed against `now` (an HTTP date in Retry-After).
    dated = {"retry-after": formatdate(NOW + 5, usegmt=True)}
    later = plan_retry(
        "GET", attempt=1, max_retries=3, status=429, headers=dated, now=NOW, rng=no_jitter
    )
    assert later is not None
    assert later.delay == pytest.approx(5.0)
