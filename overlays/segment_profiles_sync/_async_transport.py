"""`AsyncRetryTransport`: retries, pacing and logging under the asyncio httpx client.

`_sync_transport.py` (the blocking twin) is derived from this file by `scripts/unasync.py`;
edit this one. What both share (settings, logging, the response slot) is in `_transport.py`.
Once closed, a transport refuses every request (nothing is sent), and the asyncio one also
refuses a second event loop, whose connections would fail later with `RuntimeError: Event
loop is closed`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import httpx

from ._constants import MAX_ANSWER_WAITS, MAX_PACING_WAITS
from ._stop import Stopped, raise_if_stopped
from ._transport import (
    RateLimitTracker,
    RetrySettings,
    async_wait_for_answer,
    check_loop,
    closed_error,
    default_async_sleep,
    hand_up,
    log_attempt,
    log_pacing,
    log_retry,
    observe,
    plan_after_error,
    plan_after_response,
    release,
)
from .retry import RETRYABLE_STATUSES, is_free_retry, outcome_unknown

__all__ = ["AsyncRetryTransport"]


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps another transport with retries, pacing, DEBUG/INFO logging and rate-limit
    tracking; the decisions are pure (`retry.plan_retry`, `_pacing.Pacer`), this only waits."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        settings: RetrySettings,
        tracker: RateLimitTracker,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self._inner = inner
        self._settings = settings
        self._tracker = tracker
        self._sleep = default_async_sleep() if sleep is None else sleep
        self.closed = False
        self._loop: object = None  # the event loop of the first request

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        check_loop(self, request)
        total = self._settings.max_retries + 1
        attempt = 1
        rate_limited = 0.0  # server-directed 429 waits so far (see is_free_retry)
        unknown = False
        while True:
            raise_if_stopped()  # a blocking worker whose caller was interrupted sends nothing
            if self.closed:
                raise closed_error(request)
            seq = await self._pace(request)
            try:
                raise_if_stopped()  # the pacing wait may have outlasted the caller's patience
            except Stopped:
                release(self._settings, seq)
                raise
            started = time.perf_counter()
            status: int | None = None
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                release(self._settings, seq)
                log_attempt(request, type(error).__name__, started, attempt, total)
                plan = plan_after_error(request, error, attempt, self._settings)
                if plan is None:
                    raise
                unknown |= outcome_unknown(error=error)
            else:
                status = response.status_code
                log_attempt(request, str(status), started, attempt, total)
                self._tracker.observe(response)
                plan = None
                if response.status_code in RETRYABLE_STATUSES:
                    await response.aread()
                    plan = plan_after_response(request, response, attempt, self._settings)
                observe(self._settings, seq, response)
                if plan is None:
                    return hand_up(response, unknown)
                unknown |= outcome_unknown(status=response.status_code)
                await response.aclose()
            log_retry(request, plan, attempt, total)
            await self._sleep(plan.delay)
            settings = self._settings
            if is_free_retry(status, plan, rate_limited, settings.max_retries, settings.patience):
                rate_limited += plan.delay  # "not yet": the same attempt, once more
            else:
                attempt += 1

    async def _pace(self, request: httpx.Request) -> int:
        """Wait until the shared pacer lets this request go; its ticket (-1: not pacing)."""
        pacer = self._settings.pacer
        if pacer is None:
            return -1
        timed = answered = 0
        # Both kinds of wait are bounded: sleeps after which the clock has not moved (an
        # injected sleep that does not pass time would loop forever) and answer waits (each
        # ends with an answer or after ANSWER_WAIT).
        while timed < MAX_PACING_WAITS and answered < MAX_ANSWER_WAITS:
            reservation = pacer.reserve(self._settings.clock())
            if reservation.wait <= 0:
                return reservation.seq
            log_pacing(request, reservation)
            if reservation.for_answer:
                answered += 1
                await async_wait_for_answer(pacer, reservation)
            else:
                pacer.record_wait(reservation.wait)
                before = self._settings.clock()
                await self._sleep(reservation.wait)
                if self._settings.clock() - before < reservation.wait / 2:
                    timed += 1  # the clock did not move with the sleep
            if self.closed:
                raise closed_error(request)
        return pacer.reserve(self._settings.clock(), force=True).seq

    async def aclose(self) -> None:
        self.closed = True
        await self._inner.aclose()
