"""Pacing: the pure decisions on a fake clock, then many tasks and threads sharing one client
against the emulator's enforced limit over real HTTP (on a virtual clock: nothing really
sleeps but the one cancellation test, which is cancelled after a few milliseconds)."""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync, RateLimitError
from segment_profiles_sync._constants import (
    ARRIVAL_MARGIN,
    EXACT_RESETS_TRUSTED,
    JITTER_CAP,
    MAX_PACING_WAITS,
)
from segment_profiles_sync._pacing import ClockOffset, Pacer
from segment_profiles_sync.testing import ProfilesSyncEmulator, VirtualClock

from tests.payloads import SNOWFLAKE

T0 = 1_800_000_000.0  # a whole second, server time


def headers(
    *, remaining: int | None, reset: float | None, date: float | None, consumed: int | None = None
) -> dict[str, str]:
    out = {}
    if consumed is not None:
        out["x-ratelimit-consumed"] = str(consumed)
    if remaining is not None:
        out["x-ratelimit-remaining"] = str(remaining)
    if reset is not None:
        out["x-ratelimit-reset"] = formatdate(reset, usegmt=True)
    if date is not None:
        out["date"] = formatdate(date, usegmt=True)
    return out


def no_jitter() -> float:
    return 0.0


def answered(pacer: Pacer, now: float, **fields: float | None) -> None:
    """Send one request at `now` and have it answered with these headers."""
    ticket = pacer.reserve(now)
    assert ticket.wait == 0
    pacer.observe(ticket.seq, 200, headers(**fields), b"", now)  # type: ignore[arg-type]


# -- the pure pacer ------------------------------------------------------------------------------


@pytest.mark.parametrize("skew", [0.0, 3600.0, -86400.0, 0.4])
def test_remaining_zero_waits_for_the_reset_on_the_server_clock(skew: float) -> None:
    """The wait is Reset minus the server's Date, whatever our own clock says (for a client
    alone, and a moment more: a rolling window opened by that request would end then)."""
    pacer = Pacer(rng=no_jitter)
    local = T0 + skew  # our clock, off by `skew`
    answered(pacer, local, remaining=0, reset=T0 + 1, date=T0)
    reservation = pacer.reserve(local + 0.25)
    assert reservation.wait == pytest.approx(0.75 + ARRIVAL_MARGIN)
    assert reservation.first
    assert pacer.reserve(local + 1.0 + ARRIVAL_MARGIN).wait == 0  # the window reset: go


def test_the_budget_counts_down_and_discounts_unanswered_requests() -> None:
    """Remaining 3 with one request unanswered allows two more; then wait for its answer."""
    pacer = Pacer(rng=no_jitter)
    answered(pacer, T0, remaining=9, reset=T0 + 1, date=T0)  # the first answer
    first = pacer.reserve(T0)
    unanswered = pacer.reserve(T0)
    pacer.observe(first.seq, 200, headers(remaining=3, reset=T0 + 1, date=T0), b"", T0)
    assert [pacer.reserve(T0).wait, pacer.reserve(T0).wait] == [0, 0]
    waiting = pacer.reserve(T0)
    assert waiting.for_answer  # three requests are out: their answers will tell
    pacer.observe(unanswered.seq, 200, headers(remaining=4, reset=T0 + 1, date=T0), b"", T0)
    assert pacer.reserve(T0).wait == 0  # the lowest Remaining (3), less the 2 still out
    assert pacer.reserve(T0).for_answer


def test_with_nothing_unanswered_a_spent_window_waits_for_its_reset() -> None:
    """Budget 0 and no answer due: wait until Reset, read on the server's clock."""
    pacer = Pacer(rng=no_jitter)
    answered(pacer, T0, remaining=0, reset=T0 + 1, date=T0)
    reservation = pacer.reserve(T0 + 0.5)
    assert not reservation.for_answer
    assert reservation.wait == pytest.approx(0.5 + ARRIVAL_MARGIN)


def test_an_answer_from_an_earlier_window_is_ignored() -> None:
    """A late answer of the previous window does not undo the current window's count."""
    pacer = Pacer(rng=no_jitter)
    answered(pacer, T0, remaining=9, reset=T0 + 1, date=T0)
    old, new = pacer.reserve(T0 + 1), pacer.reserve(T0 + 1)
    pacer.observe(new.seq, 200, headers(remaining=0, reset=T0 + 2, date=T0 + 1), b"", T0 + 1)
    pacer.observe(old.seq, 200, headers(remaining=5, reset=T0 + 1, date=T0), b"", T0 + 1)
    assert pacer.reserve(T0 + 1.5).wait == pytest.approx(0.5 + ARRIVAL_MARGIN)


def test_a_429_gates_every_request() -> None:
    """msBeforeNext (else Retry-After) holds back every request of the client."""
    pacer = Pacer(rng=no_jitter)
    ticket = pacer.reserve(T0)
    body = json.dumps({"errors": [{"type": "x", "data": {"msBeforeNext": 1500}}]}).encode()
    pacer.observe(ticket.seq, 429, {"retry-after": "2"}, body, T0)
    waits = [pacer.reserve(T0 + 0.5) for _ in range(3)]
    assert [w.wait for w in waits] == [pytest.approx(1.0)] * 3
    assert [w.first for w in waits] == [True, False, False]
    assert pacer.reserve(T0 + 1.5).wait == 0
    other = Pacer(rng=no_jitter)
    ticket = other.reserve(T0)
    other.observe(ticket.seq, 429, {"retry-after": "2"}, b"", T0)
    assert other.reserve(T0).wait == pytest.approx(2.0)


def test_a_429_asking_for_minutes_does_not_gate() -> None:
    """Beyond 60 s the requests are not held (each surfaces its own RateLimitError)."""
    pacer = Pacer(rng=no_jitter)
    ticket = pacer.reserve(T0)
    pacer.observe(ticket.seq, 429, {"retry-after": "600"}, b"", T0)
    assert pacer.reserve(T0).wait == 0


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"x-ratelimit-remaining": "0"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "tomorrow", "date": "now"},
        {"x-ratelimit-remaining": "none", "x-ratelimit-reset": formatdate(T0 + 1), "date": "x"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": formatdate(T0 + 1)},  # no Date
    ],
)
def test_missing_or_garbage_headers_mean_no_pacing(fields: dict[str, str]) -> None:
    """Nothing readable to pace by: requests go, and nothing raises."""
    pacer = Pacer(rng=no_jitter)
    ticket = pacer.reserve(T0)
    pacer.observe(ticket.seq, 200, fields, b"", T0)
    pacer.observe(ticket.seq, 429, fields, b"not json", T0)
    assert pacer.reserve(T0).wait == 0


def test_waits_are_jittered_within_bounds() -> None:
    """A little random extra, never less than the server's wait, never more than the cap."""
    pacer = Pacer(rng=lambda: 1.0)
    answered(pacer, T0, remaining=0, reset=T0 + 10, date=T0)
    wait = pacer.reserve(T0).wait
    assert 10.0 < wait <= 10.0 + JITTER_CAP


def test_clock_offset_tightens_and_survives_a_step() -> None:
    """The Date lower bound rises as seconds tick; a stepped clock restarts the estimate."""
    offset = ClockOffset()
    offset.observe(T0, T0 + 0.9)  # server at T0.something, we read T0+0.9
    assert offset.estimate == pytest.approx(-0.9)
    offset.observe(T0 + 1, T0 + 1.05)  # the server's second just ticked
    assert offset.estimate == pytest.approx(-0.05)
    offset.observe(T0 - 100, T0 + 2)  # the server's clock went back 100 s
    assert offset.estimate == pytest.approx(-102)


def test_before_the_first_answer_one_request_goes_alone() -> None:
    """A burst starts with one request; the rest poll until it is answered."""
    pacer = Pacer(rng=no_jitter)
    first = pacer.reserve(T0)
    assert first.wait == 0
    assert pacer.reserve(T0).wait > 0
    pacer.observe(
        first.seq,
        200,
        {**headers(remaining=9, reset=T0 + 1, date=T0), "x-ratelimit-consumed": "1"},
        b"",
        T0,
    )
    assert [pacer.reserve(T0).wait for _ in range(9)] == [0.0] * 9
    assert pacer.reserve(T0).wait > 0  # the window is used up
    # A new window starts with the known limit (a second after the first request, and a
    # moment more: Reset is not known to be exact).
    assert pacer.reserve(T0 + 1 + ARRIVAL_MARGIN).wait == 0


def test_a_late_answer_from_an_ended_window_is_ignored() -> None:
    """After a window ends, an answer still carrying its Reset grants nothing."""
    pacer = Pacer(rng=no_jitter)
    late = pacer.reserve(T0)
    pacer.observe(
        late.seq,
        200,
        {**headers(remaining=0, reset=T0 + 1, date=T0), "x-ratelimit-consumed": "3"},
        b"",
        T0,
    )
    straggler = pacer.reserve(T0, force=True)
    # The new window: limit 3, less the straggler still in flight. Its first request goes
    # alone (the Reset's resolution is not known yet), the second after that one's answer.
    probe = pacer.reserve(T0 + 1 + ARRIVAL_MARGIN)
    assert probe.wait == 0
    assert pacer.reserve(T0 + 1).for_answer
    pacer.observe(probe.seq, 200, headers(remaining=2, reset=T0 + 2, date=T0 + 1), b"", T0 + 1)
    assert pacer.reserve(T0 + 1).wait == 0
    pacer.observe(straggler.seq, 200, headers(remaining=0, reset=T0 + 1, date=T0), b"", T0 + 1)
    assert pacer.reserve(T0 + 1.1).wait > 0  # the new window is used up: no second grant


def refusal(ms: int, consumed: int = 3) -> bytes:
    return json.dumps(
        {"errors": [{"type": "too-many-requests", "message": "Too many requests",
                     "data": {"msBeforeNext": ms, "consumedPoints": consumed}}]}
    ).encode()  # fmt: skip


def rolling_answer(
    pacer: Pacer, sent: float, trip: float, *, reset: float, remaining: int, status: int = 200,
    body: bytes = b"", consumed: int | None = None,
) -> None:  # fmt: skip
    """Send at `sent`; the answer (dated on the server's whole second) comes `trip` later.
    Consumed is `consumed`, else what a limit of 3 leaves."""
    ticket = pacer.reserve(sent, force=True)
    consumed = 3 - remaining if consumed is None else consumed
    answer = {**headers(remaining=remaining, reset=reset, date=int(sent + trip)),
              "x-ratelimit-consumed": str(consumed)}  # fmt: skip
    pacer.observe(ticket.seq, status, answer, body, sent + trip)


def synced(pacer: Pacer) -> None:
    """A first answer, dated T0 and received at T0 after a 0.1 s round trip: from it the
    clocks agree and round trips take 0.1 s."""
    ticket = pacer.reserve(T0 - 0.1)
    pacer.observe(ticket.seq, 200, headers(remaining=None, reset=None, date=T0), b"", T0)


def test_a_window_outlasting_its_reset_is_learned_from_msbeforenext() -> None:
    """Reset is whole seconds. A 429 after Reset whose msBeforeNext points past it shows the
    server rounds ends down; the window's length is learned from it and from the request that
    opened the window, and a later window ends near its opener's arrival plus that length:
    not at its Reset (too early) nor a second after it (too late)."""
    pacer = Pacer(rng=no_jitter)
    synced(pacer)
    # Windows are not known to last whole seconds (as after a request sent a second after an
    # opener was refused): even alone on the token, the client probes at Reset.
    pacer._resolution.whole_refuted = True
    # A window opened by a request reaching the server at T0 + 0.4: it ends at T0 + 1.4, and
    # Reset says T0 + 1 (rounded down).
    rolling_answer(pacer, T0 + 0.35, 0.1, reset=T0 + 1, remaining=2)
    rolling_answer(pacer, T0 + 0.5, 0.1, reset=T0 + 1, remaining=0)
    # Used up: wait for Reset. The clock offset reads `Date` as written halfway through the
    # first round trip (plus a margin), so the server is taken to be up to 30 ms ahead; and a
    # request sent half a trip before Reset (less a 30 ms margin) arrives after it.
    assert pacer.reserve(T0 + 0.7).wait == pytest.approx(0.3 - 0.02, abs=0.031)
    # At Reset one request goes alone (is Reset exact?) ...
    probe = pacer.reserve(T0 + 1.05)
    assert probe.wait == 0
    assert pacer.reserve(T0 + 1.05).for_answer
    # ... and is refused: the window really ends 300 ms after the server answered.
    body = refusal(300)
    pacer.observe(probe.seq, 429, headers(remaining=0, reset=T0 + 1, date=T0 + 1), body, T0 + 1.15)
    assert pacer.reserve(T0 + 1.15).wait == pytest.approx(0.3)
    # Its length: the end (T0 + 1.45, less half the 429's way back) less the opener's arrival.
    assert pacer._resolution.span == pytest.approx(1.0)
    # The next window opens when a request sent then reaches the server (T0 + 1.51) and ends
    # at T0 + 2.51; its Reset says T0 + 2.
    ticket = pacer.reserve(T0 + 1.46)
    assert ticket.wait == 0
    answer = {**headers(remaining=0, reset=T0 + 2, date=T0 + 1), "x-ratelimit-consumed": "3"}
    pacer.observe(ticket.seq, 200, answer, b"", T0 + 1.56)
    assert pacer.reserve(T0 + 2.1).wait > 0.3
    assert pacer.reserve(T0 + 2.6).wait == 0


def test_a_rounded_down_reset_and_its_opener_pin_a_whole_second_length() -> None:
    """When the server is known to round ends down but its 429s never say when a window ends
    (no msBeforeNext), a window opened at a known moment ends a whole number of seconds later:
    the one its Reset allows. A request sent on that length and refused refutes it: windows
    are probed at Reset again."""
    pacer = Pacer(rng=no_jitter)
    synced(pacer)
    first = pacer.reserve(T0 + 0.2)
    body = refusal(1300)  # refused at once: no opener known, so no length learned
    pacer.observe(first.seq, 429, headers(remaining=0, reset=T0 + 1, date=T0), body, T0 + 0.3)
    reset = T0 + 1
    probe = pacer.reserve(reset + 0.61)  # no opener: the probe goes at Reset
    assert probe.wait == 0
    refused = {**headers(remaining=0, reset=reset, date=reset), "retry-after": "0"}
    pacer.observe(probe.seq, 429, refused, b"", reset + 0.71)
    # The next window is opened by a request that arrives at Reset + 0.85 (sent 0.8, answered
    # 0.9; the first it counted); its Reset says 2: one second long (not two, nor none), so it
    # ends at 2.85.
    reset += 1
    rolling_answer(pacer, reset - 0.2, 0.1, reset=reset, remaining=0, consumed=1)
    early = pacer.reserve(reset + 0.61)
    # From 2.83: the arrival, plus the margin (0.03), less half a trip (it arrives after it).
    assert early.wait == pytest.approx(0.85 + 0.03 - 0.05 - 0.61, abs=1e-5)
    sent_on_it = pacer.reserve(reset + 0.831)
    assert sent_on_it.wait == 0
    # Refused: windows are not one second long after all.
    refused = {**headers(remaining=0, reset=reset, date=reset), "retry-after": "0"}
    pacer.observe(sent_on_it.seq, 429, refused, b"", reset + 0.93)
    reset += 1
    rolling_answer(pacer, reset - 0.2, 0.1, reset=reset, remaining=0)
    # The length is unknown again: the next window starts with a probe at its Reset.
    assert pacer.reserve(reset - 0.06).wait > 0
    assert pacer.reserve(reset - 0.04).wait == 0
    assert pacer.reserve(reset - 0.04).for_answer


def test_windows_through_at_reset_make_it_trusted() -> None:
    """A server whose Reset is exact is probed at EXACT_RESETS_TRUSTED (two) window starts,
    then trusted: the whole budget goes at Reset."""
    assert EXACT_RESETS_TRUSTED == 2
    pacer = Pacer(rng=no_jitter)
    for n in range(4):
        start = T0 + n * (1 + 2 * ARRIVAL_MARGIN) + 0.5  # a second after the last, and more
        ticket = pacer.reserve(start)
        assert ticket.wait == 0
        follower = pacer.reserve(start)
        if n < 3:  # the first request of all, then two probes
            assert follower.for_answer  # the rest wait for the first answer
        else:
            assert follower.wait == 0  # trusted
            pacer.release(follower.seq)
        # One request counted of three: Consumed beyond our sends would be another client's.
        answer = {**headers(remaining=2, reset=T0 + n + 1, date=T0 + n),
                  "x-ratelimit-consumed": "1"}  # fmt: skip
        pacer.observe(ticket.seq, 200, answer, b"", start)


def test_force_takes_a_ticket_whatever_the_window() -> None:
    """After too many waits the transport sends anyway (a clock that does not move)."""
    pacer = Pacer(rng=no_jitter)
    answered(pacer, T0, remaining=0, reset=T0 + 1, date=T0)
    assert pacer.reserve(T0).wait > 0
    assert pacer.reserve(T0, force=True).wait == 0


# -- many callers, one client, a real limit ------------------------------------------------------


def _limited(vclock: VirtualClock, limit: int = 10) -> ProfilesSyncEmulator:
    return ProfilesSyncEmulator(rate_limit=limit, rate_window=1.0, clock=vclock.time)


async def test_concurrent_tasks_stay_within_the_limit() -> None:
    """40 tasks sharing one AsyncProfilesSync: no surfaced 429, the limit held per window."""
    vclock = VirtualClock()
    emulator = _limited(vclock)
    space = emulator.add_space()
    with emulator.serve() as server:
        async with AsyncProfilesSync(
            emulator.token, base_url=server.base_url, sleep=vclock.async_sleep, clock=vclock.time
        ) as aps:
            created = await asyncio.gather(
                *(
                    aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
                    for _ in range(60)
                )
            )
            waited = aps.rate_limit
    assert len(created) == 60
    assert max(emulator.stats.by_window.values()) <= 10
    assert emulator.stats.rate_limited <= 2
    assert waited is not None
    assert waited.waits > 0
    assert waited.waited > 0


def test_threads_sharing_a_client_stay_within_the_limit() -> None:
    """8 threads sharing one ProfilesSync: the same, with the blocking client."""
    vclock = VirtualClock()
    emulator = _limited(vclock)
    space = emulator.add_space()
    errors: list[BaseException] = []
    with (
        emulator.serve() as server,
        ProfilesSync(
            emulator.token, base_url=server.base_url, sleep=vclock.sleep, clock=vclock.time
        ) as ps,
    ):

        def create(_: int) -> None:
            try:
                ps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
            except BaseException as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(create, range(40)))
    assert errors == []
    assert len(emulator.warehouses(space)) == 40
    assert emulator.stats.rate_limited <= 2


# The emulator's time stands still mid-window: a test's requests never straddle two windows,
# whatever the real clock does meanwhile (no flaky boundary crossings).
MID_WINDOW = T0 + 0.25


async def test_without_pacing_the_429s_reach_the_server() -> None:
    """pace_requests=False behaves as before: each request meets the limit on its own."""
    vclock = VirtualClock()
    emulator = ProfilesSyncEmulator(
        rate_limit=5, rate_window=1.0, clock=VirtualClock(frozen_at=MID_WINDOW).time
    )
    space = emulator.add_space()
    with emulator.serve() as server:
        async with AsyncProfilesSync(
            emulator.token,
            base_url=server.base_url,
            sleep=vclock.async_sleep,
            clock=vclock.time,
            pace_requests=False,
            max_retries=0,
        ) as aps:
            results = await asyncio.gather(
                *(
                    aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
                    for _ in range(12)
                ),
                return_exceptions=True,
            )
            assert aps.rate_limit is not None
            assert aps.rate_limit.waits == 0
    refused = [r for r in results if isinstance(r, RateLimitError)]
    assert len(refused) == 7
    assert emulator.stats.rate_limited == 7


async def test_cancelling_a_pacing_wait_is_prompt() -> None:
    """A task waiting for the window to reset ends at once when cancelled (real sleep)."""
    emulator = ProfilesSyncEmulator(
        rate_limit=1, rate_window=30.0, clock=VirtualClock(frozen_at=MID_WINDOW).time
    )
    space = emulator.add_space()
    with emulator.serve() as server:
        async with AsyncProfilesSync(emulator.token, base_url=server.base_url) as aps:
            await aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
            task = asyncio.ensure_future(
                aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
            )
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            assert time.perf_counter() - started < 0.5
    assert len(emulator.requests) == 1  # the second never left


def test_a_clock_that_never_moves_cannot_hang_a_call() -> None:
    """A sleep that does not pass time: after a bounded number of waits the request goes."""
    emulator = ProfilesSyncEmulator(
        rate_limit=1, rate_window=60.0, clock=VirtualClock(frozen_at=MID_WINDOW).time
    )
    space = emulator.add_space()
    slept: list[float] = []
    with ProfilesSync(
        emulator.token, transport=emulator.transport(), sleep=slept.append, max_retries=0
    ) as ps:
        ps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
        with pytest.raises(RateLimitError):
            ps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
    assert 1 <= len(slept) <= MAX_PACING_WAITS


# -- the emulator's limit ----------------------------------------------------------------------


def test_emulator_headers_tell_the_truth_on_every_answer() -> None:
    """Aligned windows, Reset at the window's end, Date from the emulator's clock; 429s carry
    the headers, msBeforeNext and (optionally) Retry-After; stats count it all."""
    now = [T0 + 0.25]
    emulator = ProfilesSyncEmulator(
        rate_limit=2, rate_window=1.0, clock=lambda: now[0], rate_limit_retry_after=False
    )
    space = emulator.add_space()
    path = f"/spaces/{space}/profiles-warehouses"
    auth = {"authorization": f"Bearer {emulator.token}"}
    first = emulator.handle("GET", path, auth, b"")
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert first.headers["X-RateLimit-Reset"] == formatdate(T0 + 1, usegmt=True)
    assert first.headers["Date"] == formatdate(T0 + 0.25, usegmt=True)
    missing = emulator.handle("GET", "/spaces/nope/profiles-warehouses", auth, b"")
    assert missing.status == 404
    assert missing.headers["X-RateLimit-Remaining"] == "0"
    now[0] = T0 + 0.75
    refused = emulator.handle("GET", path, auth, b"")
    assert refused.status == 429
    assert "Retry-After" not in refused.headers
    assert refused.headers["X-RateLimit-Consumed"] == "2"
    assert refused.json()["errors"][0]["data"]["msBeforeNext"] == 250
    now[0] = T0 + 1.0
    assert emulator.handle("GET", path, auth, b"").status == 200
    assert emulator.stats.served == 3
    assert emulator.stats.rate_limited == 1
    assert emulator.stats.by_window == {T0: 2, T0 + 1: 1}


SHARING_CHILD = """
import asyncio, json, sys
from segment_profiles_sync import AsyncProfilesSync

from tests.payloads import SNOWFLAKE

async def main(url, space, count):
    errors = []
    async with AsyncProfilesSync("shared", base_url=url) as aps:
        gate = asyncio.Semaphore(20)

        async def one(n):
            async with gate:
                try:
                    await aps.create_warehouse(
                        space, metadata_id="CCIl4HLQPz", settings={"a": 1}, name=f"w{n}"
                    )
                except Exception as error:
                    errors.append(type(error).__name__)

        await asyncio.gather(*(one(n) for n in range(count)))
    print(json.dumps(errors))

asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
"""


@pytest.mark.slow
def test_two_processes_sharing_a_token_surface_no_429() -> None:
    """Two processes, one token, one limit (real time, real HTTP, a little latency): they
    learn each other's part of the window from X-RateLimit-Consumed, refusals (if any) are
    waited out; neither surfaces a RateLimitError, and every create lands."""
    import subprocess
    import sys

    emulator = ProfilesSyncEmulator(token="shared", rate_limit=20, rate_window=0.5, latency=0.02)
    spaces = [emulator.add_space() for _ in range(2)]
    with emulator.serve() as server:
        children = [
            subprocess.Popen(
                [sys.executable, "-c", SHARING_CHILD, server.base_url, space, "100"],
                stdout=subprocess.PIPE,
                text=True,
            )
            for space in spaces
        ]
        outputs = [child.communicate(timeout=120)[0] for child in children]
    assert [json.loads(out) for out in outputs] == [[], []]
    assert [len(emulator.warehouses(s)) for s in spaces] == [100, 100]
    assert sum(emulator.stats.by_window.values()) == 200
    # How few refusals sharing leaves is a count for the deterministic simulations
    # (test_pacing_simulations.py) and `make bench`: in real time, with half-second
    # windows, a busy machine moves it (0 to 25 of 225 seen).


def test_a_frozen_virtual_clock_moves_only_when_slept() -> None:
    """`VirtualClock(frozen_at=…)`: real time does not move it; sleeps do, to their end."""
    clock = VirtualClock(frozen_at=T0)
    time.sleep(0.01)
    assert clock.time() == T0
    clock.sleep(2.5)
    assert clock.time() == T0 + 2.5
    assert clock.slept == [2.5]
    assert asyncio.run(_async_slept(clock)) == T0 + 3.0


async def _async_slept(clock: VirtualClock) -> float:
    await clock.async_sleep(0.5)
    return clock.time()
