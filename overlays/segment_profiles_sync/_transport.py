"""httpx transports that retry, log and remember the latest answer.

They sit under the httpx client the overlay builds, so every request made with
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

import httpx

from ._constants import LOGGER_NAME, MAX_ANSWER_WAITS, MAX_PACING_WAITS
from ._headers import RateLimit, parse_rate_limit
from ._pacing import Pacer, Reservation
from .errors import ClientClosedError
from .retry import RETRYABLE_STATUSES, RetryPlan, is_free_retry, outcome_unknown, plan_retry

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


def _hand_up(response: httpx.Response, unknown: bool) -> httpx.Response:
    slot = current_slot.get()
    if slot is not None:
        slot.response = response
        slot.after_unknown_outcome = unknown
    return response


def _closed_error(request: httpx.Request) -> ClientClosedError:
    return ClientClosedError(
        f"the client is closed; {request.method} {request.url} was not sent (build a new client)"
    )


class RetrySettings:
    """The knobs shared by the sync and async transports."""

    __slots__ = ("clock", "max_retries", "pacer", "rng")

    def __init__(
        self,
        max_retries: int,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        pacer: Pacer | None = None,
    ) -> None:
        self.max_retries, self.clock, self.rng = max_retries, clock, rng
        self.pacer = pacer


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


def _log_attempt(
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


def _log_pacing(request: httpx.Request, reservation: Reservation) -> None:
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


def _observe(settings: RetrySettings, seq: int, response: httpx.Response) -> None:
    """Tell the pacer what this answer says (the body is read only for statuses we retry)."""
    if settings.pacer is not None:
        body = response.content if response.is_stream_consumed else b""
        settings.pacer.observe(seq, response.status_code, response.headers, body, settings.clock())


async def _answer_or_timeout(pacer: Pacer, reservation: Reservation) -> None:
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


def _release(settings: RetrySettings, seq: int) -> None:
    if settings.pacer is not None:
        settings.pacer.release(seq)


def _log_retry(request: httpx.Request, plan: RetryPlan, attempt: int, total: int) -> None:
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


def _plan_after_response(
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


def _plan_after_error(
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


class RetryTransport(httpx.BaseTransport):
    """Wraps another sync transport with retries, DEBUG/INFO logging and rate-limit tracking."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        settings: RetrySettings,
        tracker: RateLimitTracker,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner
        self._settings = settings
        self._tracker = tracker
        self._sleep = sleep
        self.closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        total = self._settings.max_retries + 1
        attempt = 1
        rate_limited = 0.0  # server-directed 429 waits so far (see is_free_retry)
        unknown = False
        while True:
            if self.closed:
                raise _closed_error(request)
            seq = self._pace(request)
            started = time.perf_counter()
            status: int | None = None
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as error:
                _release(self._settings, seq)
                _log_attempt(request, type(error).__name__, started, attempt, total)
                plan = _plan_after_error(request, error, attempt, self._settings)
                if plan is None:
                    raise
                unknown |= outcome_unknown(error=error)
            else:
                status = response.status_code
                _log_attempt(request, str(status), started, attempt, total)
                self._tracker.observe(response)
                plan = None
                if response.status_code in RETRYABLE_STATUSES:
                    response.read()  # a small error body, read for msBeforeNext
                    plan = _plan_after_response(request, response, attempt, self._settings)
                _observe(self._settings, seq, response)
                if plan is None:
                    return _hand_up(response, unknown)
                unknown |= outcome_unknown(status=response.status_code)
                response.close()
            _log_retry(request, plan, attempt, total)
            self._sleep(plan.delay)
            if is_free_retry(status, plan, rate_limited, self._settings.max_retries):
                rate_limited += plan.delay  # "not yet": the same attempt, once more
            else:
                attempt += 1

    def _pace(self, request: httpx.Request) -> int:
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
            _log_pacing(request, reservation)
            if reservation.for_answer:
                answered += 1
                pacer.wait_for_answer(reservation.generation, reservation.wait)
            else:
                pacer.record_wait(reservation.wait)
                before = self._settings.clock()
                self._sleep(reservation.wait)
                if self._settings.clock() - before < reservation.wait / 2:
                    timed += 1  # the clock did not move with the sleep
            if self.closed:
                raise _closed_error(request)
        return pacer.reserve(self._settings.clock(), force=True).seq

    def close(self) -> None:
        self.closed = True
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asyncio twin of `RetryTransport`; waits with an awaitable sleep."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        settings: RetrySettings,
        tracker: RateLimitTracker,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if sleep is None:
            import asyncio  # here, not at module level: sync-only users never pay for asyncio

            sleep = asyncio.sleep
        self._inner = inner
        self._settings = settings
        self._tracker = tracker
        self._sleep = sleep
        self.closed = False
        self._loop: object = None

    def _check_loop(self, request: httpx.Request) -> None:
        """Pooled connections belong to the loop that opened them: refuse any other loop."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not asyncio (trio under anyio): nothing to compare
            return
        if self._loop is None:
            self._loop = loop
        elif loop is not self._loop:
            raise ClientClosedError(
                f"this AsyncProfilesSync was first used in another event loop; {request.method} "
                f"{request.url} was not sent. Build one client per event loop (for example "
                "inside the coroutine that asyncio.run() runs)."
            )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check_loop(request)
        total = self._settings.max_retries + 1
        attempt = 1
        rate_limited = 0.0  # server-directed 429 waits so far (see is_free_retry)
        unknown = False
        while True:
            if self.closed:
                raise _closed_error(request)
            seq = await self._pace(request)
            started = time.perf_counter()
            status: int | None = None
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as error:
                _release(self._settings, seq)
                _log_attempt(request, type(error).__name__, started, attempt, total)
                plan = _plan_after_error(request, error, attempt, self._settings)
                if plan is None:
                    raise
                unknown |= outcome_unknown(error=error)
            else:
                status = response.status_code
                _log_attempt(request, str(status), started, attempt, total)
                self._tracker.observe(response)
                plan = None
                if response.status_code in RETRYABLE_STATUSES:
                    await response.aread()
                    plan = _plan_after_response(request, response, attempt, self._settings)
                _observe(self._settings, seq, response)
                if plan is None:
                    return _hand_up(response, unknown)
                unknown |= outcome_unknown(status=response.status_code)
                await response.aclose()
            _log_retry(request, plan, attempt, total)
            await self._sleep(plan.delay)
            if is_free_retry(status, plan, rate_limited, self._settings.max_retries):
                rate_limited += plan.delay  # "not yet": the same attempt, once more
            else:
                attempt += 1

    async def _pace(self, request: httpx.Request) -> int:
        """The asyncio twin of `RetryTransport._pace`: waits never block the event loop."""
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
            _log_pacing(request, reservation)
            if reservation.for_answer:
                answered += 1
                await _answer_or_timeout(pacer, reservation)
            else:
                pacer.record_wait(reservation.wait)
                before = self._settings.clock()
                await self._sleep(reservation.wait)
                if self._settings.clock() - before < reservation.wait / 2:
                    timed += 1  # the clock did not move with the sleep
            if self.closed:
                raise _closed_error(request)
        return pacer.reserve(self._settings.clock(), force=True).seq

    async def aclose(self) -> None:
        self.closed = True
        await self._inner.aclose()
