"""Pacing goals, asserted as counts on deterministic simulations (tests/simulation.py).

Real clients and the real emulator on virtual time: windows of 1, 5 and 60 s, aligned and
rolling (starting off whole seconds), round trips of 0.1, 0.3 and 0.5 s, one to three
processes on one token, and a server that sends only `Retry-After`. The goals are issue #26's,
asserted in every case here (the phases of the server's second that still miss them are named
in docs/client.md).
"""

from __future__ import annotations

import asyncio
import itertools

import pytest
from segment_profiles_sync.testing._simulation import (
    Outcome,
    VirtualTimeLoop,
    share_of_windows,
    simulate,
)

LIMITS = {1.0: 30, 5.0: 60, 60.0: 150}  # requests per window: 20 in flight fill a window
WINDOWS = list(LIMITS)
MODES = ["aligned", "rolling"]


def run(window: float, mode: str, trip: float, **options: object) -> Outcome:
    return simulate(window=window, limit=LIMITS[window], mode=mode, trip=trip, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("trip", [0.1, 0.3])
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("window", WINDOWS)
def test_one_client_uses_the_limit_and_is_almost_never_refused(
    window: float, mode: str, trip: float
) -> None:
    """Goal: at most 2 refusals per 100 requests, at least 85 % of the limit."""
    outcome = run(window, mode, trip)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= 0.85


@pytest.mark.parametrize("window", WINDOWS)
def test_half_second_round_trips_with_aligned_windows(window: float) -> None:
    """Goal: at least 80 % of the limit (requests sent at a window's end arrive in the next:
    the clock offset is read halfway through the trip, so the pacer knows)."""
    outcome = run(window, "aligned", 0.5)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= 0.80


def cases(*extra: tuple[object, ...]) -> list[tuple[object, ...]]:
    """Every window length and mode at round trips of 0.1 and 0.3 s (and each of `extra`)."""
    return list(itertools.product(WINDOWS, MODES, (0.1, 0.3), *extra))


@pytest.mark.parametrize(("window", "mode", "trip"), cases())
def test_one_client_against_the_documented_429_uses_the_limit(
    window: float, mode: str, trip: float
) -> None:
    """The contract as documented: window headers on successes, a 429 with `Retry-After`
    alone (`--bare-429`). Goal: as for one client, at most 2 refusals per 100 and at least
    85 % of the limit."""
    outcome = run(window, mode, trip, refusal_headers=False)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= 0.85


@pytest.mark.parametrize("phase", [0.05, 0.2, 0.5, 0.65, 0.8, 0.9])
@pytest.mark.parametrize("trip", [0.1, 0.3])
def test_the_documented_429_with_rolling_windows_wherever_the_server_s_second_falls(
    trip: float, phase: float
) -> None:
    """Rolling 1 s windows, Reset rounded down and 429s without `msBeforeNext`: the length is
    the whole number of seconds the openers' Resets allow, wherever the server's second
    falls (it moves the Resets against the openers)."""
    outcome = run(1.0, "rolling", trip, refusal_headers=False, phase=phase)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= 0.85


@pytest.mark.parametrize("phase", [0.013, 0.163, 0.363, 0.563, 0.863])
@pytest.mark.parametrize("trip", [0.1, 0.3])
def test_a_client_alone_is_not_refused_by_the_documented_429_with_rolling_windows(
    trip: float, phase: float
) -> None:
    """`make bench`'s case (40 a second, 400 creates, 20 in flight): not one refusal, so no
    `Retry-After` second lost. A probe sent for Reset on a clock read late goes through by
    chance and opens the next window at its own arrival; the next, sent for Reset on a
    clock read better, would reach that window milliseconds early. A client alone starts no
    window before a second after the last one's opener (one refusal in 15 of 20 phases at
    0.1 s round trips, and in 7 at 0.3 s, before)."""
    outcome = simulate(
        window=1.0, limit=40, mode="rolling", trip=trip, refusal_headers=False, phase=phase
    )
    assert outcome.errors == 0
    assert outcome.refused == 0


def test_a_probe_refused_at_reset_refutes_no_whole_length() -> None:
    """Rolling 5 s windows, the documented 429: the openers allow four or five seconds, so a
    client alone waits at least four after an opener, and probes at Reset, which a window
    still going refuses. That refusal shows the window is longer than four seconds, not that
    no whole number of seconds is its length: five is learned, and it is the only refusal
    (taking it as a refutation, the client probed at Reset, and was refused, every window)."""
    outcome = simulate(
        window=5.0, limit=60, mode="rolling", trip=0.3, refusal_headers=False, phase=0.363
    )
    assert outcome.errors == 0
    assert outcome.refused == 1


@pytest.mark.parametrize("phase", [0.05, 0.5, 0.65, 0.9])
@pytest.mark.parametrize(("mode", "trip"), [("aligned", 0.1), ("aligned", 0.5), ("rolling", 0.3)])
def test_one_client_wherever_the_server_s_second_falls(
    mode: str, trip: float, phase: float
) -> None:
    """The same goals wherever in a second of ours the server's seconds begin (its `Date`
    says only whole seconds): at most 2 refusals per 100, at least 85 % of the limit (80 %
    at 0.5 s round trips)."""
    outcome = run(1.0, mode, trip, phase=phase)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= (0.80 if trip == 0.5 else 0.85)


@pytest.mark.parametrize(("window", "mode", "trip", "processes"), cases((2, 3)))
def test_processes_sharing_a_token_share_its_window(
    window: float, mode: str, trip: float, processes: int
) -> None:
    """Goal: two or three processes (each its own pacer) on one token, together at most 5
    refusals per 100, at least 85 % of the limit, and no error surfaced."""
    outcome = run(window, mode, trip, clients=processes, requests=600)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# The goal for three processes wherever the server's second falls, at 5 s windows (before
# others' share was taken as a part of the window: 3.8-4.5 refusals per 100 at every phase).
# At 1 s windows some phases miss (docs/client.md has the figures; the misses at the default
# phase are marked above): 1 s windows give the others' reserve only a few round trips.
@pytest.mark.parametrize(
    ("window", "mode", "trip", "phase"),
    list(itertools.product((5.0,), MODES, (0.1, 0.3), (0.1, 0.6, 0.85))),
)
def test_three_processes_share_a_token_wherever_the_server_s_second_falls(
    window: float, mode: str, trip: float, phase: float
) -> None:
    """The goal for processes on one token, with windows that do not start on our seconds."""
    outcome = run(window, mode, trip, clients=3, requests=600, phase=phase)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# Three processes on 1 s windows, window headers on 429s too. Each sent its budget at a
# window's start, and which arrived first was chance: a process whose requests came first saw
# little of the others' and took more the next window; two sharing 15 and 15 were refused
# on each other's stall every window (still: 3.7-4.9 per 100 at 0.1 s). Three of these 16
# cases missed the goal before the window's look (`Pacer._looks_late`); of eight phases of
# the server's second, 12 of 32 cases then (up to 11.6 refusals per 100), none now (aligned,
# 0.3 s, phase 0.18 missed with 6.7 per 100 until a 429's `msBeforeNext` stopped proving
# rounding by its way back: `ResetResolution.refused`).
@pytest.mark.parametrize(
    ("mode", "trip", "phase"),
    [(m, t, p) for m in MODES for t in (0.1, 0.3) for p in (0.013, 0.263, 0.68, 0.93)],
)
def test_three_processes_share_1s_windows_wherever_the_server_s_second_falls(
    mode: str, trip: float, phase: float
) -> None:
    """The goal for processes on one token, in windows a few round trips long."""
    outcome = run(1.0, mode, trip, clients=3, requests=600, phase=phase)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# Against the documented 429 (only `Retry-After`, no window headers) a process cannot tell a
# window that went on past Reset from one the others filled. Two processes on 5 s rolling
# windows met the goal in none of these cases before five rules (docs/client.md, sharing a
# token), 3.5-14 refusals per 100; every case now. At 1 s windows some phases still miss.
@pytest.mark.parametrize(
    ("trip", "phase"), list(itertools.product((0.1, 0.3), (0.013, 0.18, 0.346)))
)
def test_two_processes_share_rolling_windows_against_the_documented_429(
    trip: float, phase: float
) -> None:
    """The goal for processes on one token, with refusals that name no window."""
    outcome = run(5.0, "rolling", trip, clients=2, requests=600, phase=phase, refusal_headers=False)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# On aligned 1 s windows a documented 429's `Retry-After: 1` used to sit a process out of the
# next window as well, and told it nothing of the others' part: four of these eight cases
# missed the goal (up to 7.7 refusals per 100, 79 % of the limit). The gate now ends at the
# window's known end, and such a 429 shows the window full (`Pacer._rounded_up`, `_filled`).
# Over twelve phases of the server's second, 0.93 at 0.3 s still misses (5.8 per 100).
@pytest.mark.parametrize(
    ("trip", "phase"), list(itertools.product((0.1, 0.3), (0.013, 0.346, 0.513, 0.846)))
)
def test_two_processes_share_aligned_1s_windows_against_the_documented_429(
    trip: float, phase: float
) -> None:
    """The goal for processes on one token, with refusals that name no window and windows a
    few round trips long."""
    outcome = run(1.0, "aligned", trip, clients=2, requests=600, phase=phase, refusal_headers=False)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# On rolling 1 s windows a documented 429 to a request sent after the window's reckoned end
# cannot say whose window refused it: taken as the old one going on, it refuted the
# whole-second length, and every window after was taken to end a second after its Reset
# (`Pacer._from_ended`); a refusal late in its window held a process out of the next one
# (`Pacer._rounded_up`). Of twelve phases of the server's second, 3 at 0.1 s and 8 at 0.3 s
# still missed; with the window's look (`Pacer._looks_late`), which the first four of these
# cases missed without, two at 0.1 s (0.18 and 0.68: 82 % of the limit, 5.8 per 100).
@pytest.mark.parametrize(
    ("trip", "phase"),
    [(0.1, 0.263), (0.3, 0.013), (0.3, 0.18), (0.3, 0.846), (0.1, 0.846), (0.3, 0.513)],
)
def test_two_processes_share_rolling_1s_windows_against_the_documented_429(
    trip: float, phase: float
) -> None:
    """The goal for processes on one token, with refusals that name no window and windows
    that start where the first request arrives, a few round trips long."""
    outcome = run(1.0, "rolling", trip, clients=2, requests=600, phase=phase, refusal_headers=False)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


# Separate processes start one after another (an interpreter each); `make bench` shows the
# cost. The first to start learns the others' share from a first window they were still
# starting in: until it has an estimate, what the others have in flight is left to them
# (`ShareEstimate.reserve`), or three starting within a round trip overshoot together.
STAGGERED = [
    # (window, limit, mode, trip, processes, stagger, what it gives if it misses the goal)
    (5.0, 60, "aligned", 0.1, 2, 0.05, None),
    (5.0, 60, "rolling", 0.1, 2, 0.05, None),
    (1.0, 30, "aligned", 0.1, 2, 0.8, None),
    (5.0, 60, "aligned", 0.1, 2, 0.2, None),
    (5.0, 100, "rolling", 0.2, 3, 0.05, None),
]


@pytest.mark.parametrize("start", [2.9, 3.8])
def test_processes_started_late_in_an_aligned_window_leave_each_other_their_burst(
    start: float,
) -> None:
    """Three processes started together 2.1 or 1.2 s before an aligned 5 s window ends (10
    and 6 round trips of 0.2 s) each see the same Remaining and would each send into it: in
    a first window, what the others have in flight is left to them however little of it is
    left (4.0 and 4.2 refusals per 100 while that rule needed 12 round trips left)."""
    outcome = simulate(
        window=5.0, limit=100, mode="aligned", trip=0.2, clients=3, requests=600, phase=start
    )
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 2
    assert outcome.share_of_limit >= 0.85


@pytest.mark.parametrize(
    ("window", "limit", "mode", "trip", "processes", "stagger"),
    [
        pytest.param(
            *case[:-1],
            marks=[pytest.mark.xfail(strict=True, reason=case[-1])] if case[-1] else [],
        )
        for case in STAGGERED
    ],
)
def test_processes_that_start_apart_share_a_token_s_window(
    window: float, limit: int, mode: str, trip: float, processes: int, stagger: float
) -> None:
    """The goal for processes on one token (at most 5 refusals per 100, at least 85 % of the
    limit, no error), each process starting `stagger` seconds after the one before."""
    outcome = simulate(
        window=window, limit=limit, mode=mode, trip=trip, clients=processes, requests=600,
        stagger=stagger,
    )  # fmt: skip
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_limit >= 0.85


@pytest.mark.parametrize(("window", "mode", "trip"), cases())
def test_a_server_sending_only_retry_after_is_paced_to_what_its_429s_show(
    window: float, mode: str, trip: float
) -> None:
    """Goal: with no X-RateLimit-* and no msBeforeNext, at most 10 refusals per 100 and at
    least 70 % of the limit (the limit learned from the successes before a refusal, spread
    over a pace learned between the gates' spans and the refused paces)."""
    outcome = run(window, mode, trip, headers=False)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 10
    assert outcome.share_of_limit >= 0.70


@pytest.mark.parametrize("phase", [0.0, 0.2, 0.5, 0.7, 0.8, 0.9])
@pytest.mark.parametrize("trip", [0.1, 0.3])
def test_only_retry_after_with_aligned_windows_wherever_the_server_s_second_falls(
    trip: float, phase: float
) -> None:
    """Aligned 1 s windows do not start with our first request: a burst sent at a window's
    start by our reckoning can land in two of the server's, and the limit counted from the
    first burst can be a window and a half. The spread pace keeps the goal wherever the
    server's second falls."""
    outcome = run(1.0, "aligned", trip, headers=False, phase=phase)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 10
    assert outcome.share_of_limit >= 0.70


def test_an_explicit_budget_share_splits_the_window_without_refusals() -> None:
    """Two processes with `budget_share=0.5` each never exceed the window together."""
    outcome = run(5.0, "aligned", 0.1, clients=2, requests=600, budget_share=0.5)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 1
    assert outcome.share_of_limit >= 0.85


def test_the_simulation_is_deterministic() -> None:
    """Same inputs, same counts: the figures above are not luck."""
    assert run(1.0, "rolling", 0.3, clients=2, requests=200) == run(
        1.0, "rolling", 0.3, clients=2, requests=200
    )


def test_virtual_time_jumps_to_the_next_timer_and_a_stuck_run_says_so() -> None:
    loop = VirtualTimeLoop()
    loop._selector.patience = 0.01  # type: ignore[attr-defined]

    async def nap() -> float:
        await asyncio.sleep(3600)
        return loop.time()

    async def stuck() -> None:
        await loop.create_future()  # nothing will ever complete it

    try:
        assert loop.run_until_complete(nap()) == 3600.0
        with pytest.raises(RuntimeError, match="stuck"):
            loop.run_until_complete(stuck())
    finally:
        loop.close()


def test_the_time_a_job_took_counts_its_last_window() -> None:
    """`share_of_time` is `make bench`'s measure of separate processes: what was served over
    what the limit allows in the time the longest client took, plus one window. Six windows'
    worth whose last request went at the sixth's start is the whole limit; one client alone,
    400 creates on 5 s windows of 60 (seven windows, the last begun 30 s in), meets the goal
    by it as by full windows."""
    assert share_of_windows(600, 100, 5.0, 25.0) == 1.0
    assert share_of_windows(600, 100, 5.0, 35.0) == pytest.approx(0.75)
    outcome = run(5.0, "rolling", 0.1, requests=400)
    assert 30.0 <= outcome.took < 31.0
    assert outcome.share_of_time == pytest.approx(400 / (60 / 5.0 * (outcome.took + 5.0)))
    assert outcome.share_of_time >= 0.85


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("processes", [2, 3])
def test_processes_on_long_windows_take_no_longer_than_the_windows_they_need(
    mode: str, processes: int
) -> None:
    """By the time the job took (`share_of_time`, `make bench`'s measure), processes on 60 s
    windows meet the goal: a window's budget goes over a few round trips, not a quarter of
    it, so the last window ends soon after it begins (82-84 % with a quarter; at 0.3 s round
    trips 85-97 %, and two processes aligned 80 %, four windows' worth credited five)."""
    outcome = run(60.0, mode, 0.1, clients=processes, requests=600)
    assert outcome.errors == 0
    assert outcome.refusals_per_100 <= 5
    assert outcome.share_of_time >= 0.85
