"""What the retrying transports share: settings, the response slot, logging and pacing glue.

The transports themselves are `_async_transport.AsyncRetryTransport` and its blocking twin
`_sync_transport.RetryTransport`, derived from it by `scripts/unasync.py`. They sit under the
httpx client the overlay builds, so every request made with
`ProfilesSync.api_client` (the façade's and a power user's `*_detailed` calls alike) gets the
same retries, logging and rate-limit tracking. The decisions come from `retry.plan_retry()`;
these classes only do the I/O and the waiting, with `sleep`, `clock` and `rng` injectable so
tests never really sleep.

They also own the client's lifetime: once closed they refuse every request (nothing is sent),
and the asyncio one refuses a second event loop, whose connections would fail later with
`RuntimeError: Event loop is closed`.
"""

from __future__ import annotations

import contextvars
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from ._constants import LOGGER_NAME, RATE_LIMIT_PATIENCE
from ._headers import RateLimit, parse_rate_limit
from ._pacing import Pacer, Reservation
from .errors import ClientClosedError
from .retry import RetryPlan, plan_retry

logger = logging.getLogger(LOGGER_NAME)


class ResponseSlot:
    """Where the transport leaves the raw answer of one façade call.

    The generated parsers lose the raw response when they fail, and the façade needs it to
    raise the right error. A façade call puts a fresh slot in `current_slot` for its own
    context (thread or asyncio task) and removes it afterwards, so concurrent calls never see
    each other's answers and nothing (request headers included) outlives the call.
    `after_unknown_outcome` says that an earlier attempt of this request may have been applied
    (a 5xx or a connection lost after sending) before the answer in `response`.
    """

    __slots__ = ("after_unknown_outcome", "response")

    def __init__(self) -> None:
        self.response: httpx.Response | None = None
        self.after_unknown_outcome = False


current_slot: contextvars.ContextVar[ResponseSlot | None] = contextvars.ContextVar(
    "segment_profiles_sync_response_slot", default=None
)


def hand_up(response: httpx.Response, unknown: bool) -> httpx.Response:
    slot = current_slot.get()
    if slot is not None:
        slot.response = response
        slot.after_unknown_outcome = unknown
    return response


def check_loop(transport: Any, request: httpx.Request) -> None:
    """Pooled connections belong to the event loop that opened them: refuse any other loop
    (the asyncio transport calls this; `transport._loop` remembers the first loop)."""
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not asyncio (trio under anyio): nothing to compare
        return
    if transport._loop is None:
        transport._loop = loop
    elif loop is not transport._loop:
        raise ClientClosedError(
            f"this AsyncProfilesSync was first used in another event loop; {request.method} "
            f"{request.url} was not sent. Build one client per event loop (for example "
            "inside the coroutine that asyncio.run() runs)."
        )


def no_loop_to_check(transport: Any, request: httpx.Request) -> None:
    """The blocking twin of `check_loop`: a blocking client has no event loop to hold to."""


def default_async_sleep() -> Callable[[float], Awaitable[None]]:
    import asyncio  # here, not at module level: sync-only users never pay for asyncio

    return asyncio.sleep


def default_sleep() -> Callable[[float], None]:
    """The blocking twin of `default_async_sleep`."""
    return time.sleep


def closed_error(request: httpx.Request) -> ClientClosedError:
    return ClientClosedError(
        f"the client is closed; {request.method} {request.url} was not sent (build a new client)"
    )


class RetrySettings:
    """The knobs shared by the sync and async transports."""

    __slots__ = ("clock", "max_retries", "pacer", "patience", "rng")

    def __init__(
        self,
        max_retries: int,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        pacer: Pacer | None = None,
        patience: float = RATE_LIMIT_PATIENCE,
    ) -> None:
        self.max_retries, self.clock, self.rng = max_retries, clock, rng
        self.pacer = pacer
        self.patience = patience  # how long server-directed 429 waits may add up for free


class RateLimitTracker:
    """Holds the rate-limit window of the latest response that reported one, and counts
    the answers received (every attempt's, retries included)."""

    __slots__ = ("answers", "latest")

    def __init__(self) -> None:
        self.latest: RateLimit | None = None
        self.answers = 0

    def observe(self, response: httpx.Response) -> None:
        self.answers += 1
        parsed = parse_rate_limit(response.headers)
        if parsed is not None:
            self.latest = parsed


def log_attempt(
    request: httpx.Request, outcome: str, started: float, attempt: int, total: int
) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %s (%.1f ms, attempt %d/%d)",
            request.method,
            request.url,
            outcome,
            (time.perf_counter() - started) * 1000.0,
            attempt,
            total,
        )


def log_pacing(request: httpx.Request, reservation: Reservation) -> None:
    level = logging.INFO if reservation.first else logging.DEBUG
    if logger.isEnabledFor(level):
        logger.log(
            level,
            "Pacing: %s %s waits %.2f s (%s)",
            request.method,
            request.url,
            reservation.wait,
            reservation.reason,
        )


def observe(settings: RetrySettings, seq: int, response: httpx.Response) -> None:
    """Tell the pacer what this answer says (the body is read only for statuses we retry)."""
    if settings.pacer is not None:
        body = response.content if response.is_stream_consumed else b""
        settings.pacer.observe(seq, response.status_code, response.headers, body, settings.clock())


def wait_for_answer(pacer: Pacer, reservation: Reservation) -> None:
    """Block this thread until the pacer's next answer, or the reservation's timeout."""
    pacer.wait_for_answer(reservation.generation, reservation.wait)


async def async_wait_for_answer(pacer: Pacer, reservation: Reservation) -> None:
    """Wait, without blocking the loop, for the pacer's next answer or the timeout."""
    import asyncio

    loop = asyncio.get_running_loop()
    arrived = loop.create_future()

    def settle() -> None:
        if not arrived.done():
            arrived.set_result(None)

    def wake() -> None:  # called by whoever observed the answer: hand it to our loop
        loop.call_soon_threadsafe(settle)

    if not pacer.listen(reservation.generation, wake):
        return
    try:
        await asyncio.wait_for(arrived, reservation.wait)
    except TimeoutError:
        pass
    finally:
        pacer.unlisten(wake)


def release(settings: RetrySettings, seq: int) -> None:
    if settings.pacer is not None:
        settings.pacer.release(seq)


def log_retry(request: httpx.Request, plan: RetryPlan, attempt: int, total: int) -> None:
    logger.info(
        "Retrying %s %s in %.2f s (%s; attempt %d/%d failed%s)",
        request.method,
        request.url,
        plan.delay,
        plan.reason,
        attempt,
        total,
        ", server-directed wait" if plan.server_directed else "",
    )


def plan_after_response(
    request: httpx.Request, response: httpx.Response, attempt: int, settings: RetrySettings
) -> RetryPlan | None:
    return plan_retry(
        request.method,
        attempt=attempt,
        max_retries=settings.max_retries,
        status=response.status_code,
        headers=response.headers,
        body=response.content,
        now=settings.clock(),
        rng=settings.rng,
    )


def plan_after_error(
    request: httpx.Request, error: httpx.TransportError, attempt: int, settings: RetrySettings
) -> RetryPlan | None:
    return plan_retry(
        request.method,
        attempt=attempt,
        max_retries=settings.max_retries,
        error=error,
        now=settings.clock(),
        rng=settings.rng,
    )
