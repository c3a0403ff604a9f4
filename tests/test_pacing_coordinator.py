"""The coordinator (`Pacer`): each reason a request is held, and what each answer changes.

Pure: a fake clock (numbers), no jitter, no client. One test per rule of `_held`, `_spent`,
`reserve` and `observe`, asserting the whole `Reservation` (wait, ticket, reason, kind).
"""

from __future__ import annotations

import threading
from email.utils import formatdate

import pytest
from segment_profiles_sync._constants import (
    ANSWER_WAIT,
    ARRIVAL_MARGIN,
    EARLY_PROBES,
    EXACT_RESETS_TRUSTED,
    PHASE_MARGIN,
    QUIET_TRIPS,
    SPREAD_OVER_TRIPS,
    SPREAD_TRIPS,
)
from segment_profiles_sync._pacing import Pacer, shared_pacer
from segment_profiles_sync._pacing._pacer import (
    BLIND,
    BLIND_PERIOD,
    BUDGET_TAKEN,
    FIRST_ANSWER,
    GATED,
    LEFT_TO_OTHERS,
    LOOKING,
    PROBING,
    RAMPING,
    SPREAD,
    WINDOW_SPENT,
    Reservation,
    _counted_first,
)
from segment_profiles_sync._pacing._reset import end_margin

from tests.test_pacing import T0, headers, no_jitter, synced


def window_headers(*, remaining: int, consumed: int, reset: float, date: float) -> dict[str, str]:
    return {
        **headers(remaining=remaining, reset=reset, date=date),
        "x-ratelimit-consumed": str(consumed),
    }


def go(pacer: Pacer, now: float) -> int:
    ticket = pacer.reserve(now)
    assert ticket.wait == 0, ticket
    return ticket.seq


def test_tickets_count_up_and_only_the_first_request_goes_before_an_answer() -> None:
    pacer = Pacer(rng=no_jitter)
    assert pacer.reserve(T0) == Reservation(0.0, 1, "")
    held = pacer.reserve(T0)
    assert held == Reservation(ANSWER_WAIT, -1, FIRST_ANSWER, for_answer=True, generation=0)
    pacer.observe(1, 200, {}, b"", T0 + 0.1)
    assert pacer.reserve(T0 + 0.1) == Reservation(0.0, 2, "")
    assert pacer.reserve(T0 + 0.1) == Reservation(0.0, 3, "")


def test_a_lost_answer_frees_the_others_and_counts_as_an_answer() -> None:
    pacer = Pacer(rng=no_jitter)
    first = go(pacer, T0)
    assert pacer.reserve(T0).generation == 0
    pacer.release(first)
    assert pacer.reserve(T0).seq == 2
    assert pacer.reserve(T0).seq == 3


def test_a_429_gates_everyone_with_its_wait_announced_once() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": "3"}, b"", T0 + 1)
    assert pacer.reserve(T0 + 1.5) == Reservation(2.5, -1, GATED, first=True)
    assert pacer.reserve(T0 + 2.0) == Reservation(2.0, -1, GATED, first=False)
    assert pacer.reserve(T0 + 4.0).wait == 0  # the gate's end: go
    forced = pacer.reserve(T0 + 4.0, force=True)
    assert forced.wait == 0


def test_a_429_asking_longer_than_the_limit_does_not_gate() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": "3600"}, b"", T0 + 1)
    assert pacer.reserve(T0 + 1).wait == 0


def test_a_spent_window_waits_for_answers_then_for_its_end() -> None:
    pacer = Pacer(rng=no_jitter)
    first = go(pacer, T0 + 0.1)
    pacer.observe(first, 200, window_headers(remaining=2, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.1)  # fmt: skip
    a, b = go(pacer, T0 + 0.2), go(pacer, T0 + 0.2)
    # For their answers, or at most until the window's end (Reset T0 + 1 is our T0 + 1.1, and
    # alone, a moment more: a rolling window opened by the first request ends no sooner):
    held = pacer.reserve(T0 + 0.2)
    assert held._replace(wait=0.9) == Reservation(
        0.9, -1, BUDGET_TAKEN, for_answer=True, generation=1
    )
    assert held.wait == pytest.approx(0.9 + ARRIVAL_MARGIN)
    for seq, left in ((a, 1), (b, 0)):
        pacer.observe(seq, 200, window_headers(remaining=left, consumed=3 - left, reset=T0 + 1,
                                               date=T0), b"", T0 + 0.3)  # fmt: skip
    # Date T0 came 0.1 s into our second: the server's clock may be that far behind ours.
    spent = pacer.reserve(T0 + 0.5)
    assert spent._replace(wait=0.6) == Reservation(0.6, -1, WINDOW_SPENT, first=True)
    # (and twice the trips' deviation: they varied, 0 s and 0.1 s)
    assert spent.wait == pytest.approx(0.6 + 2 * pacer._trip.spread + ARRIVAL_MARGIN)


def test_a_refusal_of_the_current_window_spends_it_even_without_remaining() -> None:
    pacer = Pacer(rng=no_jitter)
    first = go(pacer, T0 + 0.1)
    pacer.observe(first, 200, window_headers(remaining=5, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.1)  # fmt: skip
    refused = go(pacer, T0 + 0.2)
    pacer.observe(refused, 429, {}, b"", T0 + 0.3)  # a 429 with no headers at all
    assert pacer.reserve(T0 + 0.3).reason == WINDOW_SPENT


def test_the_first_window_ramps_up_only_when_others_show() -> None:
    """Consumed 3 with one of ours: others are here. In flight grows by one per success."""
    pacer = Pacer(rng=no_jitter)
    first = go(pacer, T0 + 0.1)
    pacer.observe(first, 200, window_headers(remaining=97, consumed=3, reset=T0 + 60, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    a, b = go(pacer, T0 + 0.2), go(pacer, T0 + 0.2)
    held = pacer.reserve(T0 + 0.2)
    assert (held.reason, held.for_answer) == (RAMPING, True)
    # A refusal (here one that leaves room: another limit) does not widen the ramp.
    fields = window_headers(remaining=50, consumed=50, reset=T0 + 60, date=T0)
    pacer.observe(a, 429, fields, b"", T0 + 0.3)
    assert go(pacer, T0 + 0.3) > 0
    assert pacer.reserve(T0 + 0.3).reason == RAMPING
    pacer.observe(b, 200, window_headers(remaining=90, consumed=10, reset=T0 + 60, date=T0),
                  b"", T0 + 0.4)  # fmt: skip
    go(pacer, T0 + 0.4)
    go(pacer, T0 + 0.4)
    assert pacer.reserve(T0 + 0.4).reason == RAMPING


def test_alone_there_is_no_ramp() -> None:
    pacer = Pacer(rng=no_jitter)
    first = go(pacer, T0 + 0.1)
    pacer.observe(first, 200, window_headers(remaining=99, consumed=1, reset=T0 + 60, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    for _ in range(20):
        go(pacer, T0 + 0.2)


def test_without_window_headers_there_is_no_ramp_either() -> None:
    pacer = Pacer(rng=no_jitter)
    pacer.observe(go(pacer, T0), 200, {"date": "x"}, b"", T0 + 0.1)
    for _ in range(20):
        go(pacer, T0 + 0.1)


def answer(
    pacer: Pacer, seq: int, *, consumed: int, reset: float, now: float, date: float | None = None
) -> None:
    """An answer of a window of 100 (`date`: a second before Reset unless given)."""
    fields = window_headers(remaining=100 - consumed, consumed=consumed, reset=reset,
                            date=reset - 1 if date is None else date)  # fmt: skip
    pacer.observe(seq, 200, fields, b"", now)


def learned_others(pacer: Pacer, *, others: int, own: int) -> float:
    """Clocks in step and Reset trusted as exact, then a window (Reset T0 + 2) showing
    `others` requests beyond our `own` (their part of it: others / (others + own), of a
    limit of 100). Returns the time the next window begins. (Each window's first request
    goes more than a second after the last's: a client alone starts none sooner.)"""
    answer(pacer, go(pacer, T0 - 0.1), consumed=1, reset=T0 + 1, now=T0)
    pacer._offset.estimate = 0.0
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    sent = [go(pacer, T0 + 1.0) for _ in range(own)]
    for n, seq in enumerate(sent):
        answer(pacer, seq, consumed=n + 1 + others, reset=T0 + 2, now=T0 + 1.1)
    return T0 + 2.0


def at_once(pacer: Pacer, now: float, count: int) -> list[int]:
    """`count` requests sent at `now`, the last taken whatever the window says: with ours in
    flight and others on the token it would wait for their answers (the window's look)."""
    return [go(pacer, now) for _ in range(count - 1)] + [pacer.reserve(now, force=True).seq]


def test_a_window_leaves_others_their_part_until_their_count_stalls() -> None:
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    sent = at_once(pacer, start + 0.01, 40)  # 100 - 60 left for the others
    held = pacer.reserve(start + 0.01)
    assert held.reason == BUDGET_TAKEN
    for n, seq in enumerate(sent):  # our 40 answered; the others took 20 of their 60 so far
        answer(pacer, seq, consumed=n + 1 + 20, reset=T0 + 3, now=start + 0.1)
    waiting = pacer.reserve(start + 0.1)
    assert waiting.reason == LEFT_TO_OTHERS
    assert waiting.wait == pytest.approx(QUIET_TRIPS * 0.1, abs=0.03)  # round trips ~0.1 s
    # Their count stalled for the quiet round trips: one request goes and re-plans ...
    probe = pacer.reserve(start + 0.1 + waiting.wait)
    assert probe.wait == 0
    answer(pacer, probe.seq, consumed=61, reset=T0 + 3, now=start + 0.45)
    # ... and, the others still quiet, what was left for them is ours (spread over the
    # window: they are on the token; the last of the 39 is the window's look again).
    now, taken = start + 0.45, 0
    while (ticket := pacer.reserve(now)).wait == 0 or ticket.reason == SPREAD:
        taken += ticket.wait == 0
        now += ticket.wait
    assert (taken, ticket.reason) == (38, LOOKING)
    assert now < T0 + 3


def test_the_window_s_last_request_waits_for_our_answers_and_its_answer_is_the_look() -> None:
    """With others on the token, the budget's last request goes once our answers in flight
    are back (`LOOKING`): it arrives after everyone's start, and its answer shows their part
    as it is (`ShareEstimate.observe`). Alone, the budget goes at once."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    sent = [go(pacer, start + 0.01) for _ in range(39)]
    held = pacer.reserve(start + 0.01)
    assert held == Reservation(ANSWER_WAIT, -1, LOOKING, for_answer=True, generation=41)
    for n, seq in enumerate(sent[:-1]):
        answer(pacer, seq, consumed=n + 1 + 60, reset=T0 + 3, now=start + 0.1)
    assert pacer.reserve(start + 0.1).for_answer  # one of ours still in flight
    answer(pacer, sent[-1], consumed=39 + 60, reset=T0 + 3, now=start + 0.1)
    assert not pacer._share._looked
    now = start + 0.1
    while (ticket := pacer.reserve(now)).reason == SPREAD:
        now += ticket.wait
    assert ticket.wait == 0
    assert (pacer._look, pacer._look_held) == (ticket.seq, False)  # this one, and no other
    answer(pacer, ticket.seq, consumed=100, reset=T0 + 3, now=now + 0.1)
    assert pacer._share._looked
    alone = Pacer(rng=no_jitter)
    start = learned_others(alone, others=0, own=40)
    assert len([go(alone, start + 0.01) for _ in range(100)]) == 100


def test_our_requests_sent_after_the_one_answered_are_not_counted_against_the_others() -> None:
    """The server counted ours that reached it first: of three in flight, the answer to the
    first shows the others' 5 beyond our 1, not beyond our 3 (the two sent after it arrive
    later); our answered requests stay counted whatever their order."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    first, _, third = (go(pacer, start + 0.05 * n) for n in range(1, 4))
    answer(pacer, first, consumed=1 + 5, reset=T0 + 3, now=start + 0.15)
    assert pacer._share._peak == 5
    answer(pacer, third, consumed=3 + 5, reset=T0 + 3, now=start + 0.2)  # before the second
    assert pacer._share._peak == 5


def test_our_requests_sent_just_after_the_one_answered_may_have_overtaken_it() -> None:
    """On another connection, a request sent within `PHASE_MARGIN` after may arrive first:
    taken as counted, or a client alone sees an other of one now and then."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    first = go(pacer, start + 0.05)
    go(pacer, start + 0.05 + PHASE_MARGIN)  # counted with it
    go(pacer, start + 0.05 + PHASE_MARGIN + 0.001)  # not yet
    answer(pacer, first, consumed=2 + 5, reset=T0 + 3, now=start + 0.15)
    assert pacer._share._peak == 5


def test_ours_sent_before_a_window_began_and_counted_in_it_are_not_the_others() -> None:
    """Requests sent just before the window's end reach the server in the next window:
    counted there, and ours, though not among the requests sent in it."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=0, own=40)
    before = [pacer.reserve(start - t, force=True).seq for t in (0.1, 0.1, 0.05)]
    after = go(pacer, start + 0.01)  # the window is taken to have ended: a new one
    answer(pacer, before[0], consumed=2 + 3, reset=T0 + 3, now=start + 0.06)  # 3 of theirs
    answer(pacer, before[1], consumed=2 + 3, reset=T0 + 3, now=start + 0.06)
    answer(pacer, before[2], consumed=3 + 3, reset=T0 + 3, now=start + 0.07)
    answer(pacer, after, consumed=4 + 3, reset=T0 + 3, now=start + 0.11)
    assert pacer._share._peak == 3
    answer(pacer, 999, consumed=4 + 4, reset=T0 + 3, now=start + 0.12)  # no ticket: all ours
    assert pacer._share._peak == 4


def test_in_a_window_we_did_not_see_begin_ours_are_those_in_flight_and_the_one_answered() -> None:
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=0, own=40)
    sent = [go(pacer, start + 0.01) for _ in range(3)]
    answer(pacer, sent[0], consumed=3, reset=T0 + 3, now=start + 0.11)
    answer(pacer, sent[1], consumed=2 + 3, reset=T0 + 4, now=start + 1.2)  # a later window
    answer(pacer, sent[2], consumed=2 + 3, reset=T0 + 4, now=start + 1.21)
    assert pacer._share._peak == 3


def test_others_part_is_of_the_limit_not_of_what_the_window_carried() -> None:
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=10)  # 70 of a limit of 100
    go(pacer, start + 0.01)  # that window is over
    assert pacer._share.others == pytest.approx(100 * 60 / 70)


def test_requests_sent_at_one_moment_are_all_taken_as_counted() -> None:
    """Which of a burst reached the server first is unknowable: a burst is ours, counted."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    first, _ = go(pacer, start + 0.01), go(pacer, start + 0.01)
    answer(pacer, first, consumed=2 + 5, reset=T0 + 3, now=start + 0.11)
    assert pacer._share._peak == 5


def test_an_answer_to_no_ticket_counts_every_request_of_ours() -> None:
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    go(pacer, start + 0.01)
    go(pacer, start + 0.02)
    answer(pacer, 999, consumed=2 + 5, reset=T0 + 3, now=start + 0.11)  # released, say
    assert pacer._share._peak == 5


def test_in_a_long_first_window_what_others_have_in_flight_holds_the_budget() -> None:
    def answered(seq: int, consumed: int, now: float) -> None:  # a 5 s window, Date T0
        fields = window_headers(remaining=100 - consumed, consumed=consumed, reset=T0 + 5,
                                date=T0)  # fmt: skip
        pacer.observe(seq, 200, fields, b"", now)

    pacer = Pacer(rng=no_jitter)
    answered(go(pacer, T0), consumed=1, now=T0 + 0.1)  # alone: no ramp
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    sent = [go(pacer, T0 + 0.1) for _ in range(2)]
    answered(sent[0], consumed=3 + 19, now=T0 + 0.2)  # 19 of theirs
    assert pacer._window.budget == (100 - 22) - 1 - 19  # less the one in flight, and theirs


def spread_window(*, alone: bool = False, reset: float = T0 + 3) -> tuple[Pacer, float]:
    """Others took 60 of 100 last window (we 40); this one's first answer is in (Reset `reset`),
    and one more went after it. Returns the pacer and the time."""
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    answer(pacer, go(pacer, start + 0.01), consumed=61, reset=reset, now=start + 0.11, date=T0 + 2)
    if alone:
        pacer._share.others = 0.0
    go(pacer, start + 0.11)  # the window's last request went long enough ago
    return pacer, start + 0.11


@pytest.mark.parametrize("budget", [None, 1])
def test_with_others_on_the_token_the_budget_left_goes_over_a_quarter_of_the_window_left(
    budget: int | None,
) -> None:
    pacer, now = spread_window()
    if budget is not None:  # the last one, none of ours in flight (no look): spread too
        pacer._window.budget = budget
        pacer.release(next(iter(pacer._sent_at)))
    end, budget = pacer._window_end(), pacer._window.budget
    assert end is not None
    assert budget is not None
    held = pacer.reserve(now)
    assert (held.reason, held.first, held.for_answer) == (SPREAD, False, False)
    assert held.wait == pytest.approx((end - now) / (4 * budget + 1), abs=1e-6)
    assert pacer.reserve(now + held.wait).wait == 0


def test_in_a_long_window_the_budget_goes_over_a_few_round_trips_not_a_quarter() -> None:
    """A quarter of a 10 s window is 25 round trips of 0.1 s; the budget goes over
    `SPREAD_OVER_TRIPS` of them."""
    pacer, now = spread_window(reset=T0 + 12)
    budget = pacer._window.budget
    assert budget is not None
    assert pacer._trip.mean == pytest.approx(0.1)
    held = pacer.reserve(now)
    assert held.reason == SPREAD
    assert held.wait == pytest.approx(4 * SPREAD_OVER_TRIPS * 0.1 / (4 * budget + 1), abs=1e-6)


def test_alone_or_near_the_window_s_end_the_budget_is_not_spread() -> None:
    pacer, now = spread_window(alone=True)
    assert pacer.reserve(now).wait == 0
    pacer, now = spread_window()
    end = pacer._window_end()
    assert end is not None
    near = end - SPREAD_TRIPS * pacer._trip.mean + 0.001  # under that many round trips left
    assert [pacer.reserve(near).wait for _ in range(3)] == [0.0] * 3


def test_a_quiet_wait_does_not_take_the_place_of_an_announced_one() -> None:
    """Spacing waits log at DEBUG and leave the announced moment alone: a request later told
    to wait for that same moment is still the first to be told (INFO)."""
    pacer = Pacer(rng=no_jitter)
    assert not pacer._wait(T0 + 1, T0, SPREAD, announce=False).first
    assert pacer._wait(T0 + 1, T0, GATED).first
    assert not pacer._wait(T0 + 1, T0, GATED).first


def test_an_explicit_share_caps_each_window() -> None:
    pacer = Pacer(rng=no_jitter, share=0.25)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=99, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    taken = [pacer.reserve(T0 + 0.2).wait for _ in range(30)]
    assert taken.count(0.0) == 24  # 25 a window, one of them spent


def test_without_headers_the_limit_is_learned_from_the_429s_and_spread_over_the_pace() -> None:
    pacer = Pacer(rng=no_jitter)
    sent = [pacer.reserve(T0, force=n > 0).seq for n in range(12)]
    for seq in sent[:10]:
        pacer.observe(seq, 200, {}, b"", T0 + 0.1)
    pacer.observe(sent[10], 429, {"retry-after": "1"}, b"", T0 + 0.1)
    pacer.observe(sent[11], 429, {"retry-after": "1"}, b"", T0 + 0.1)
    assert pacer.reserve(T0 + 0.5).reason == GATED
    # The gate's end (T0 + 1.1) showed the window over 1.2 s after it opened at most: ten
    # go over the next pace, a whole second and PERIOD_CLOSE, 0.105 s apart.
    assert pacer.reserve(T0 + 1.2).wait == 0
    spaced = pacer.reserve(T0 + 1.2)
    assert (spaced.reason, spaced.for_answer, spaced.first) == (BLIND_PERIOD, False, False)
    assert spaced.wait == pytest.approx(0.105)
    assert pacer.reserve(T0 + 1.305).wait == 0


def test_until_the_reset_is_trusted_a_new_window_starts_with_one_request() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    probe = go(pacer, T0 + 1.2)  # Reset T0 + 1 is at our T0 + 1.17 (Date read mid-trip)
    held = pacer.reserve(T0 + 1.2)
    assert (held.reason, held.for_answer, held.generation) == (PROBING, True, 1)
    pacer.observe(probe, 200, window_headers(remaining=9, consumed=1, reset=T0 + 2,
                                             date=T0 + 1), b"", T0 + 1.3)  # fmt: skip
    assert pacer.reserve(T0 + 1.3).wait == 0


def bare_429(*, date: float) -> dict[str, str]:
    """The documented 429: `Retry-After` (and `Date`), no window headers."""
    return {"retry-after": "1", "date": formatdate(date, usegmt=True)}


def test_a_bare_429_stamped_past_reset_proves_rounding() -> None:
    """Window headers on successes only: a probe at Reset refused with a Date at or past that
    Reset shows the window went on; in two windows, that is rounding."""
    pacer = Pacer(rng=no_jitter)
    now = T0 + 0.1
    for window in range(2):
        reset = T0 + 1 + 2 * window
        seq = go(pacer, now)
        pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=reset,
                                               date=reset - 1), b"", now + 0.1)  # fmt: skip
        # After Reset, and (the second time, once rounding is likely) a whole second after
        # the window's opener arrived (sent at Reset - 0.6).
        probe = go(pacer, reset + 0.7)
        assert not pacer._resolution.truncates
        pacer.observe(probe, 429, bare_429(date=reset), b"", reset + 0.3)
        now = reset + 1.4  # after the gate
    assert pacer._resolution.truncates


def test_a_bare_429_within_a_known_window_is_read_against_that_window_s_reset() -> None:
    """Refused after the Reset of the window it was sent in (known from a success in it):
    the proof is that window's, not the one before."""
    pacer = Pacer(rng=no_jitter)
    for n in range(2):
        start = T0 + 3 * n
        seq = go(pacer, start + 0.1)
        pacer.observe(seq, 200, window_headers(remaining=5, consumed=1, reset=start + 1,
                                               date=start), b"", start + 0.2)  # fmt: skip
        late = go(pacer, start + 0.3)
        pacer.observe(late, 429, bare_429(date=start + 1), b"", start + 0.4)
    assert pacer._resolution.truncates


@pytest.mark.parametrize(("later", "truncates"), [(1, False), (0, True)])
def test_a_429_in_a_later_window_by_its_own_reset_proves_nothing(
    later: int, truncates: bool
) -> None:
    """A 429 whose own Reset is a later window's: others filled it (or a penalty). With the
    same Reset it is the window going on past it."""
    pacer = Pacer(rng=no_jitter)
    for n in range(2):
        seq = go(pacer, T0 + 3 * n + 0.1)
        pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 3 * n + 1,
                                               date=T0 + 3 * n), b"", T0 + 3 * n + 0.2)  # fmt: skip
        probe = go(pacer, T0 + 3 * n + 1.2)
        refusal = {**bare_429(date=T0 + 3 * n + 1), "x-ratelimit-reset": formatdate(
            T0 + 3 * n + 1 + later, usegmt=True)}  # fmt: skip
        pacer.observe(probe, 429, refusal, b"", T0 + 3 * n + 1.3)
    assert pacer._resolution.truncates is truncates


def test_the_window_whose_end_was_reckoned_unknown_starts_with_a_probe() -> None:
    """The last early probe makes the resolution known as the window rolls over; that window
    began at Reset all the same, so its first request still goes alone."""
    pacer = Pacer(rng=no_jitter)
    pacer._offset.estimate = 0.0
    pacer._resolution.truncates = True
    pacer._resolution.early_probes = EARLY_PROBES - 1
    # Sent over a second before its Reset: one second long, or two (no length known).
    seq = go(pacer, T0 - 0.1)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    go(pacer, T0 + 1.0)  # at Reset: the end while the resolution was not known
    assert pacer._resolution.known
    assert pacer.reserve(T0 + 1.0).reason == PROBING


def test_a_rounded_down_window_s_end_does_not_cut_the_wait_for_answers() -> None:
    """With the Reset exact, requests held while others are answered wake at the window's
    end; with it rounded down that end is a reckoning, and the answers are surer."""
    for truncates, wait in ((False, 0.8), (True, ANSWER_WAIT)):
        pacer = Pacer(rng=no_jitter)
        pacer._offset.estimate = 0.0
        pacer._resolution.truncates = truncates
        pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
        pacer._resolution.early_probes = EARLY_PROBES
        seq = go(pacer, T0 + 0.1)
        pacer.observe(seq, 200, window_headers(remaining=1, consumed=9, reset=T0 + 1,
                                               date=T0), b"", T0 + 0.1)  # fmt: skip
        go(pacer, T0 + 0.2)
        held = pacer.reserve(T0 + 0.2)
        assert (held.reason, held.for_answer) == (BUDGET_TAKEN, True)
        assert held.wait == pytest.approx(wait)


def test_a_long_round_trip_is_not_taken_for_a_stepped_clock() -> None:
    """Date T0 on an answer sent at T0 + 0.5 and back at T0 + 1.9 (quick there, slow back):
    its upper bound runs from the send, so it does not undo the offset a short trip taught
    (from its halfway point, T0 + 1.2, it would look like a clock stepped back)."""
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 - 0.1)
    pacer.observe(seq, 200, headers(remaining=None, reset=None, date=T0), b"", T0)
    taught = pacer._offset.estimate
    slow = go(pacer, T0 + 0.5)
    pacer.observe(slow, 200, headers(remaining=None, reset=None, date=T0), b"", T0 + 1.9)
    assert pacer._offset.estimate == taught


# The answer to a probe at T0 + 1.0 counted in the window it followed (Reset T0 + 1, its
# second request of ten): that window went on past the end reckoned for it.
WENT_ON = window_headers(remaining=8, consumed=2, reset=T0 + 1, date=T0 + 1)


def probed(pacer: Pacer, *, room: int, answer: dict[str, str]) -> float:
    """Clocks agreed; one request sent at T0 + 0.1 answered with `room` left of 10 in the
    window ending at Reset T0 + 1 (with no room left, nine of them counted before ours: a
    client not alone); at the end reckoned for it (alone, a second after that request and a
    moment more: T0 + 1.105; else Reset, less half a trip and the margin: T0 + 0.98) a
    probe, answered with `answer` 0.1 s later. Returns the probe's send time."""
    pacer._offset.estimate = 0.0
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=room, consumed=10 - room, reset=T0 + 1,
                                           date=T0), b"", T0 + 0.2)  # fmt: skip
    at = pacer._window_end()
    assert at is not None
    probe = go(pacer, at)
    pacer.observe(probe, 200, answer, b"", at + 0.1)
    return at


def test_a_probe_counted_in_the_window_it_followed_reopens_it() -> None:
    """The probe went at the end reckoned for the window (Reset, less half a trip) and was
    counted in that window all the same: it went on. It is reopened (its budget is what
    the answer says, not a new window's), the probe does not count towards an exact Reset,
    and the window ends at most a second after Reset until the rounding is known."""
    pacer = Pacer(rng=no_jitter)
    at = probed(pacer, room=9, answer=WENT_ON)  # counted in the window it followed
    assert at - T0 == pytest.approx(1.1 + ARRIVAL_MARGIN)  # alone: a second after its opener
    assert pacer._resolution.exact_resets == 0
    assert pacer._resolution._proofs == {T0 + 1}  # stamped at its Reset: a rounding proof
    assert pacer._window.budget == 8
    assert pacer._window.sent == 2  # both requests are the window's
    end = pacer._window_end()
    assert end is not None
    assert end - T0 == pytest.approx(2.0)
    assert pacer.reserve(at + 0.1).wait == 0  # within what the window has left


def test_a_probe_through_in_a_new_window_counts_towards_an_exact_reset() -> None:
    pacer = Pacer(rng=no_jitter)
    at = probed(pacer, room=0, answer=window_headers(remaining=29, consumed=1, reset=T0 + 2,
                                                     date=T0 + 1))  # fmt: skip
    assert pacer._resolution.exact_resets == 1
    end = pacer._window_end()
    assert end is not None
    # Not Reset less half a trip and the margin (T0 + 1.98): the nine before ours were no
    # share of the first window, so alone, a second after the probe that opened this one, and
    # a moment more (the trips have not varied).
    assert end - at == pytest.approx(1 + ARRIVAL_MARGIN)
    after = go(pacer, at + 0.1)
    pacer.observe(after, 200, window_headers(remaining=28, consumed=2, reset=T0 + 2,
                                             date=T0 + 1), b"", at + 0.2)  # fmt: skip
    assert pacer._resolution.exact_resets == 1  # only the probe counts


def last_probe(pacer: Pacer) -> tuple[int, float]:
    """After `probed` with a probe through (Reset T0 + 2, 29 left): 28 more, and with one
    left, the next window's probe at the end reckoned (alone: a second after the last probe,
    and a moment more). Returns its ticket and send time."""
    at = probed(pacer, room=0, answer=window_headers(remaining=29, consumed=1, reset=T0 + 2,
                                                     date=T0 + 1))  # fmt: skip
    sent = [go(pacer, at + 0.1) for _ in range(28)]
    for left, seq in enumerate(reversed(sent), start=1):
        answer = window_headers(remaining=left, consumed=30 - left, reset=T0 + 2, date=T0 + 1)
        pacer.observe(seq, 200, answer, b"", at + 0.2)
    end = pacer._window_end()
    assert end is not None
    assert end - at == pytest.approx(1 + ARRIVAL_MARGIN)
    return go(pacer, end), end


def test_a_probe_counted_with_the_window_s_last_room_shows_it_went_on() -> None:
    """Counted in the old window (none left after it) and stamped at its Reset: a rounding
    proof (a success with no room left proves nothing alone), the window reopened, ending a
    second after Reset."""
    pacer = Pacer(rng=no_jitter)
    probe, at = last_probe(pacer)
    pacer.observe(probe, 200, window_headers(remaining=0, consumed=30, reset=T0 + 2,
                                             date=T0 + 2), b"", at + 0.1)  # fmt: skip
    assert pacer._reopened
    assert pacer._resolution._proofs == {T0 + 2}
    assert pacer._resolution.exact_resets == 0  # the first probe's credit undone by it
    assert pacer._window_end() == T0 + 3.0
    # The next window's first request went a second after Reset, not at it: its answer in
    # a new window says nothing of an exact Reset.
    after = go(pacer, T0 + 3.0)
    pacer.observe(after, 200, window_headers(remaining=29, consumed=1, reset=T0 + 4,
                                             date=T0 + 3), b"", T0 + 3.1)  # fmt: skip
    assert pacer._resolution.exact_resets == 0


def test_a_probe_counted_in_the_window_it_followed_does_not_count_as_through() -> None:
    """Stamped before that window's Reset (no rounding proof), yet counted in it: the window
    went on, so the probe met no new window, and Reset was not shown to be exact."""
    pacer = Pacer(rng=no_jitter)
    probe, at = last_probe(pacer)
    before = pacer._resolution.exact_resets
    pacer.observe(probe, 200, window_headers(remaining=0, consumed=30, reset=T0 + 2,
                                             date=T0 + 1), b"", at + 0.1)  # fmt: skip
    assert pacer._reopened
    assert not pacer._resolution._proofs
    assert pacer._resolution.exact_resets == before == 1


def test_a_second_probe_that_opens_the_next_window_makes_reset_trusted() -> None:
    pacer = Pacer(rng=no_jitter)
    probe, at = last_probe(pacer)
    pacer.observe(probe, 200, window_headers(remaining=29, consumed=1, reset=T0 + 3,
                                             date=T0 + 2), b"", at + 0.1)  # fmt: skip
    assert not pacer._reopened
    assert pacer._resolution.exact_resets == EXACT_RESETS_TRUSTED
    assert pacer._window.budget == 29


def test_a_probe_through_without_window_headers_counts_towards_an_exact_reset() -> None:
    pacer = Pacer(rng=no_jitter)
    probed(pacer, room=0, answer=headers(remaining=None, reset=None, date=T0 + 1))
    assert pacer._resolution.exact_resets == 1


def test_a_reopened_window_keeps_the_explicit_share_and_what_others_take() -> None:
    """Reopened, the window's budget is still capped by `budget_share=`, less what others on
    the token are expected to take; and its answer's room left past Reset is a rounding
    proof."""
    pacer = Pacer(rng=no_jitter, share=0.5)
    probed(pacer, room=9, answer=WENT_ON)
    assert pacer._window.budget == 5 - 2  # the cap (half of 10) less the window's two
    assert pacer._resolution._proofs == {T0 + 1}

    pacer = Pacer(rng=no_jitter)
    pacer._share.others = 4.0  # others took 4 a window lately
    pacer._share._rose = T0 + 1.0  # and their count rose a moment ago
    probed(pacer, room=9, answer=WENT_ON)
    assert pacer._window.budget == 8 - 4


def test_a_late_answer_to_a_request_sent_before_the_end_reopens_nothing() -> None:
    pacer = Pacer(rng=no_jitter)
    pacer._offset.estimate = 0.0
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=5, consumed=5, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    late = go(pacer, T0 + 0.9)
    end = pacer._window_end()
    assert end is not None
    go(pacer, end)  # the next window's first
    pacer.observe(late, 200, window_headers(remaining=2, consumed=8, reset=T0 + 1,
                                            date=T0), b"", end + 0.01)  # fmt: skip
    assert pacer._window.reset is None  # still the next window, not yet answered
    assert pacer._window.ended == T0 + 1


def test_answer_waiters_are_woken_once_per_answer_in_the_order_they_came() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    woken: list[str] = []

    def first() -> None:
        woken.append("first")

    def second() -> None:
        woken.append("second")

    def never() -> None:
        woken.append("never")

    assert pacer.listen(0, first)
    assert pacer.listen(0, second)
    assert pacer.listen(0, never)
    pacer.unlisten(never)
    pacer.unlisten(never)  # twice: no error
    pacer.observe(seq, 200, {}, b"", T0)
    assert woken == ["first", "second"]
    assert not pacer.listen(0, never)  # an answer came since generation 0


def test_a_thread_waits_for_the_next_answer_not_for_the_timeout() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    answered = threading.Event()

    def wait() -> None:
        pacer.wait_for_answer(0, timeout=30)
        answered.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    pacer.observe(seq, 200, {}, b"", T0)
    waiter.join(5)
    assert answered.is_set()
    pacer.wait_for_answer(0, timeout=30)  # already past generation 0: returns at once


def test_waits_are_added_up() -> None:
    pacer = Pacer(rng=no_jitter)
    pacer.record_wait(0.5)
    pacer.record_wait(1.25)
    assert (pacer.waits, pacer.waited) == (2, 1.75)


def test_the_registry_hands_out_one_pacer_per_root_token_and_share() -> None:
    one = shared_pacer("https://a.example", "t", share=0.5)
    assert shared_pacer("https://a.example", "t", share=0.5) is one
    assert one.share == 0.5
    assert shared_pacer("https://a.example", "t") is not one
    assert shared_pacer("https://b.example", "t", share=0.5) is not one


def test_the_gate_opens_at_its_end_and_holds_the_longest_allowed_wait() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": "60"}, b"", T0)  # the longest wait still obeyed
    assert pacer.reserve(T0 + 59.9).reason == GATED
    opened = pacer.reserve(T0 + 60.0)
    assert (opened.wait, opened.reason) == (0.0, "")
    assert opened.seq > 0


def test_the_server_wrote_date_halfway_through_the_trip() -> None:
    from segment_profiles_sync._constants import PHASE_MARGIN
    from segment_profiles_sync._pacing._pacer import _stamped

    assert _stamped(None, 5.0) == 5.0
    assert _stamped(10.0, 10.4) == pytest.approx(10.2 + PHASE_MARGIN)
    assert _stamped(10.0, 10.01) == 10.01  # never after the answer arrived
    # Date T0 + 1 on an answer sent at T0 + 0.6, back at T0 + 1.4: written at about T0 + 1.0,
    # so the server's clock reads ours; Reset T0 + 2 is at our T0 + 2 (less the margin), and
    # a request sent half a trip before it (less the margins: 0.4 - 0.1) arrives after it.
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.6)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=5, reset=T0 + 2, date=T0 + 1),
                  b"", T0 + 1.4)  # fmt: skip
    assert pacer.reserve(T0 + 1.5).wait == pytest.approx(0.5 + PHASE_MARGIN - 0.3)


def test_every_answer_moves_the_generation_on() -> None:
    pacer = Pacer(rng=no_jitter)
    first, second = go(pacer, T0), pacer.reserve(T0, force=True).seq
    pacer.observe(first, 200, {}, b"", T0)
    pacer.observe(second, 200, {}, b"", T0)
    assert not pacer.listen(1, lambda: None)
    assert pacer.listen(2, lambda: None)


def test_a_lost_probe_lets_the_window_go_on() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    probe = go(pacer, T0 + 1.2)
    assert pacer.reserve(T0 + 1.2).reason == PROBING
    pacer.release(probe)
    assert pacer.reserve(T0 + 1.2).wait == 0


def test_a_lost_answer_no_longer_counts_as_in_flight() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=1, consumed=9, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    last = go(pacer, T0 + 0.3)
    assert pacer.reserve(T0 + 0.3).reason == BUDGET_TAKEN  # waits for that answer
    pacer.release(last)
    assert pacer.reserve(T0 + 0.3).reason == WINDOW_SPENT  # none due: waits for the end


def test_others_shown_in_a_first_window_make_a_client_wait_only_for_reset() -> None:
    """A second after its opener is for a client alone: one whose first answer counts others'
    requests before its own (a process started later than others) waits for Reset."""
    # Alone: a second after the opener (sent at T0 + 0.1), and a moment (one trip: no
    # deviation yet). Not: Reset, less half a trip and the margin.
    for consumed, end in ((1, 1.1 + ARRIVAL_MARGIN), (5, 1.0 - (0.05 - 0.03))):
        pacer = Pacer(rng=no_jitter)
        pacer._offset.estimate = 0.0
        seq = go(pacer, T0 + 0.1)
        pacer.observe(seq, 200, window_headers(remaining=0, consumed=consumed, reset=T0 + 1,
                                               date=T0), b"", T0 + 0.2)  # fmt: skip
        window_end = pacer._window_end()
        assert window_end is not None
        assert window_end - T0 == pytest.approx(end)


def test_refused_probes_do_not_make_reset_trusted() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    # Every window's probe refused, with no wait to learn from (each probe a little over a
    # second after the last: a client alone starts no window sooner).
    for n in range(1, 5):
        at = T0 + n * 1.1 + 0.1
        probe = go(pacer, at)
        pacer.observe(probe, 429, window_headers(remaining=0, consumed=0, reset=T0 + n + 1,
                                                 date=T0 + n), b"", at + 0.1)  # fmt: skip
    go(pacer, T0 + 5.8)
    assert pacer.reserve(T0 + 5.8).reason == PROBING


def test_a_reserve_is_released_when_the_others_never_show_in_a_window() -> None:
    pacer = Pacer(rng=no_jitter)
    start = learned_others(pacer, others=60, own=40)
    sent = at_once(pacer, start + 0.01, 40)
    for n, seq in enumerate(sent):  # only ours counted: the others are gone
        answer(pacer, seq, consumed=n + 1, reset=T0 + 3, now=start + 0.1)
    waiting = pacer.reserve(start + 0.1)
    assert waiting.reason == LEFT_TO_OTHERS
    assert pacer.reserve(start + 0.1 + waiting.wait).wait == 0


def test_a_429_within_a_known_window_says_when_it_really_ends() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    answer(pacer, seq, consumed=1, reset=T0 + 1, now=T0 + 0.2)
    pacer._offset.estimate = 0.0
    refused = go(pacer, T0 + 0.9)
    body = b'{"errors": [{"data": {"msBeforeNext": 400}}]}'
    fields = window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0)
    pacer.observe(refused, 429, fields, body, T0 + 1.0)  # really ends at T0 + 1.4
    # The gate holds until then; and the window is over then too, not a second after its
    # Reset (T0 + 2), as a rounded Reset alone would say.
    assert pacer.reserve(T0 + 1.2).reason == GATED
    assert pacer.reserve(T0 + 1.41).wait == 0


def test_a_retry_after_date_gates_until_that_date() -> None:
    from email.utils import formatdate

    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": formatdate(T0 + 5, usegmt=True)}, b"", T0)
    assert pacer.reserve(T0 + 1).wait == pytest.approx(4.0)


def test_an_explicit_share_holds_from_a_windows_start() -> None:
    pacer = Pacer(rng=no_jitter, share=0.25)
    answer(pacer, go(pacer, T0 + 0.1), consumed=1, reset=T0 + 1, now=T0 + 0.2)
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    taken = [pacer.reserve(T0 + 1.5).wait for _ in range(30)]
    assert taken.count(0.0) == 25


def test_short_waits_get_a_proportional_jitter() -> None:
    from segment_profiles_sync._constants import JITTER_SHARE

    pacer = Pacer(rng=lambda: 1.0)
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": "1"}, b"", T0)
    assert pacer.reserve(T0 + 0.9).wait == pytest.approx(0.1 + 0.1 * JITTER_SHARE)


def test_reset_and_date_without_remaining_are_not_a_window() -> None:
    pacer = Pacer(rng=no_jitter)
    fields = window_headers(remaining=0, consumed=3, reset=T0 + 1, date=T0)
    del fields["x-ratelimit-remaining"]
    pacer.observe(go(pacer, T0), 200, fields, b"", T0)
    assert [pacer.reserve(T0).wait for _ in range(5)] == [0.0] * 5


def test_after_a_probe_goes_through_the_window_is_open_to_all() -> None:
    pacer = Pacer(rng=no_jitter)
    seq = go(pacer, T0 + 0.1)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=10, reset=T0 + 1, date=T0),
                  b"", T0 + 0.2)  # fmt: skip
    probe = go(pacer, T0 + 1.2)
    pacer.observe(probe, 200, window_headers(remaining=9, consumed=1, reset=T0 + 2,
                                             date=T0 + 1), b"", T0 + 1.3)  # fmt: skip
    assert [pacer.reserve(T0 + 1.3).wait for _ in range(3)] == [0.0] * 3


def test_waiting_for_an_answer_gives_up_at_its_timeout() -> None:
    pacer = Pacer(rng=no_jitter)
    go(pacer, T0)
    pacer.wait_for_answer(0, timeout=0.01)  # no answer comes: returns all the same


def test_a_blind_window_s_first_request_answered_slowly_starts_its_pace_later() -> None:
    """After a long gate the first request may open a new connection: the trip past the
    usual one moves the window's start, and the pace with it."""
    pacer = Pacer(rng=no_jitter)
    sent = [pacer.reserve(T0, force=n > 0).seq for n in range(3)]
    pacer.observe(sent[0], 200, {}, b"", T0 + 0.1)  # the usual trip: 0.1 s
    pacer.observe(sent[1], 200, {}, b"", T0 + 0.1)
    pacer.observe(sent[2], 429, {"retry-after": "1"}, b"", T0 + 0.1)
    first = go(pacer, T0 + 1.2)  # limit 2, pace 1.05: the next at T0 + 1.725
    pacer.observe(first, 200, {}, b"", T0 + 1.6)  # 0.4 s: 0.3 s past the usual
    assert pacer.reserve(T0 + 1.6).wait == pytest.approx(1.725 + 0.3 - 1.6)


def test_the_first_answer_ever_is_not_late() -> None:
    """No trip is known before the first answer: its own trip is not a delay."""
    pacer = Pacer(rng=no_jitter)
    pacer.observe(go(pacer, T0), 200, {}, b"", T0 + 0.4)
    assert pacer._blind.opened == T0


def test_with_a_learned_limit_and_no_period_one_request_goes_at_a_time() -> None:
    pacer = Pacer(rng=no_jitter)
    pacer.observe(go(pacer, T0), 200, {}, b"", T0 + 0.1)
    pacer._blind.limit = 4  # learned; no period (refused at an unproven one)
    seq = go(pacer, T0 + 0.2)
    held = pacer.reserve(T0 + 0.2)
    assert (held.reason, held.for_answer) == (BLIND, True)
    pacer.observe(seq, 200, {}, b"", T0 + 0.3)
    assert pacer.reserve(T0 + 0.3).wait == 0


def test_a_shared_pacer_jitters_its_waits() -> None:
    from segment_profiles_sync._constants import JITTER_CAP

    pacer = shared_pacer("https://jitter.example", "t")
    seq = go(pacer, T0)
    pacer.observe(seq, 429, {"retry-after": "1"}, b"", T0)
    assert 1.0 <= pacer.reserve(T0).wait <= 1.0 + JITTER_CAP


# -- the whole-second length, through the coordinator --------------------------------------------


def opened_alone_or_not(others: float) -> Pacer:
    """A client that saw one window go on past Reset (a rounding proof), then a window opened
    by its request sent at T0 + 0.4 and answered at T0 + 0.6 (Reset T0 + 1, Date T0), used
    up; `others`: what it takes others on the token to do per window."""
    pacer = Pacer(rng=no_jitter)
    synced(pacer)  # the clocks agree (to within the first round trip)
    pacer._resolution._proofs = {T0 - 5.0}
    seq = go(pacer, T0 + 0.4)
    pacer.observe(seq, 200, window_headers(remaining=0, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.6)  # fmt: skip
    pacer._share.others = others
    return pacer


def test_the_coordinator_hands_each_opener_to_the_resolution() -> None:
    """Its Reset, send and answer times, and Reset's earliest and latest moments of ours."""
    pacer = opened_alone_or_not(0.0)
    assert pacer._resolution.opener == (T0 + 1, T0 + 0.4, T0 + 0.6)
    low, high = pacer._resolution.whole_within  # type: ignore[misc]
    earliest = pacer._offset.to_local_earliest(T0 + 1)
    latest = pacer._offset.to_local(T0 + 1)
    assert earliest is not None
    assert latest is not None
    assert earliest < latest
    assert (low, high) == (pytest.approx(earliest - (T0 + 0.6)), pytest.approx(latest + 0.6 - T0))


def test_the_length_the_openers_allow_narrows_with_the_clock_after_them() -> None:
    """A window opened by a request sent at T0 and answered at T0 + 0.3 (Reset T0 + 1, Date
    T0): with the clock as then known (within 1.17 s) the length could be one second or two.
    Two later answers in the same window pin the clock (Date T0 on one sent at T0 + 0.7,
    Date T0 + 1 on one sent at T0 + 0.8): the opener's bounds, taken again, allow only one
    second, and a client that saw the window go on ends it a second after its opener."""
    pacer = Pacer(rng=no_jitter)
    pacer._resolution._proofs = {T0 - 5.0}  # the window went on past Reset, once
    pacer.observe(go(pacer, T0), 200,
                  window_headers(remaining=39, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.3)  # fmt: skip
    assert pacer._resolution._whole_span() is None
    before, tick = go(pacer, T0 + 0.7), go(pacer, T0 + 0.8)
    pacer.observe(before, 200, window_headers(remaining=38, consumed=2, reset=T0 + 1, date=T0),
                  b"", T0 + 1.0)  # fmt: skip
    pacer.observe(tick, 200,
                  window_headers(remaining=37, consumed=3, reset=T0 + 1, date=T0 + 1),
                  b"", T0 + 1.1)  # fmt: skip
    assert pacer._resolution.whole_within == pytest.approx((0.7 - 0.3, 2.0 - 0.03))
    assert pacer._resolution._whole_span() == 1
    end = pacer._window_end()
    assert end is not None
    assert end > T0 + 1.0  # a second after the opener arrived (T0 + 0.15), not Reset


@pytest.mark.parametrize(("others", "on_whole"), [(0.0, True), (1.0, False), (3.0, False)])
def test_only_a_client_alone_uses_the_whole_second_before_rounding_is_proven(
    others: float, on_whole: bool
) -> None:
    """Alone (nobody else's requests seen on the token) the window ends a second after its
    opener was sent (T0 + 0.4), and a moment; with others it ends at Reset."""
    pacer = opened_alone_or_not(others)
    end = pacer._window_end()
    assert end is not None
    assert (end - T0 > 1.3) is on_whole


@pytest.mark.parametrize(("truncates", "refuted"), [(True, True), (False, False)])
def test_a_refusal_after_a_whole_second_end_refutes_it_once_rounding_is_proven(
    truncates: bool, refuted: bool
) -> None:
    """Alone. Rounding proven: the window ends a whole second after its opener, and a
    refusal of a request sent then shows windows are not that long. Not proven: the end is
    Reset, or, alone, the least whole second after the opener, never before Reset's: a
    refusal then shows only that windows are longer than that least. (With others on the
    token, the next test.)"""
    pacer = opened_alone_or_not(0.0)
    pacer._resolution.truncates = truncates
    end = pacer._window_end()
    assert end is not None
    seq = go(pacer, end)  # sent on it: the window rolls over
    pacer.observe(seq, 429, bare_429(date=T0 + 1), b"", end + 0.2)
    assert pacer._resolution.whole_refuted is refuted


@pytest.mark.parametrize(
    ("others", "named", "refuted"),
    [
        (0.0, None, True),  # alone: the window it was sent after went on
        (9.0, None, False),  # with others: maybe the next window, which they filled
        (9.0, 1.0, True),  # the 429 names the ended window (Reset T0 + 1): it went on
        (9.0, 2.0, False),  # it names the next one: they filled it
    ],
)
def test_with_others_a_429_after_the_end_refutes_it_only_if_it_came_from_the_ended_window(
    others: float, named: float | None, refuted: bool
) -> None:
    """Rounding proven, the window ends a whole second after its opener; a request sent then
    is refused before any answer of the next window. The documented 429 names no window:
    alone, it can only be the old window's; with others on the token (kept through the
    window's close), one that reached the server past the ended window's Reset (T0 + 1) may
    be the next window's, which they filled, and refutes nothing (`Pacer._refused_in`)."""
    pacer = with_others_kept(opened_alone_or_not(others))
    pacer._resolution.truncates = True
    end = pacer._window_end()
    assert end is not None
    seq = go(pacer, end)  # sent on it: the window rolls over
    assert pacer._alone() is (others == 0)
    assert pacer._past(T0 + 1, end, end + 0.2)  # it reached the server past Reset
    answer = bare_429(date=T0 + 1)
    if named is not None:
        answer["x-ratelimit-reset"] = formatdate(T0 + named, usegmt=True)
    pacer.observe(seq, 429, answer, b"", end + 0.2)
    assert pacer._resolution.whole_refuted is refuted


def test_a_refusal_in_a_window_already_seen_open_refutes_nothing() -> None:
    """Sent after the end (rounding proven, the length one whole second), but answered in a
    new window whose first answer came first: others filled it, the old window did not go
    on."""
    pacer = opened_alone_or_not(0.0)
    pacer._resolution.truncates = True
    end = pacer._window_end()
    assert end is not None
    first = go(pacer, end)
    pacer.observe(first, 200, window_headers(remaining=5, consumed=30, reset=T0 + 2,
                                             date=T0 + 1), b"", end + 0.2)  # fmt: skip
    second = go(pacer, end + 0.2)
    pacer.observe(second, 429, bare_429(date=T0 + 1), b"", end + 0.4)
    assert not pacer._resolution.whole_refuted


@pytest.mark.parametrize("others", [0.0, 1.0])
def test_a_probe_through_counts_towards_an_exact_reset_alone_or_not(others: float) -> None:
    """With others the probe goes at Reset; alone, a second after the window's opener (past
    Reset). Through, it counts either way: alone, the client keeps waiting that second until
    rounding is proven, so a Reset trusted by chance costs it no refusal."""
    pacer = opened_alone_or_not(others)
    end = pacer._window_end()
    assert end is not None
    probe = go(pacer, end)
    pacer.observe(probe, 200, window_headers(remaining=29, consumed=1, reset=T0 + 2,
                                             date=T0 + 1), b"", end + 0.2)  # fmt: skip
    assert pacer._resolution.exact_resets == 1


@pytest.mark.parametrize(("consumed", "first"), [(None, True), (0, True), (1, True), (2, False)])
def test_only_the_first_request_a_window_counted_opened_it(
    consumed: int | None, first: bool
) -> None:
    """Consumed 1: nothing was counted before it. With no Consumed, it is taken to be."""
    assert _counted_first(consumed) is first


@pytest.mark.parametrize(("consumed", "bounded"), [(1, True), (12, False)])
def test_a_window_s_length_is_bounded_only_by_the_request_that_opened_it(
    consumed: int, bounded: bool
) -> None:
    """The first answer of a window bounds its length from its request's arrival only if that
    request was the first the window counted: with eleven counted before it (another
    client's), the window began earlier than it arrived. It is still the window's opener for
    what needs only its send time."""
    pacer = Pacer(rng=no_jitter)
    synced(pacer)
    seq = go(pacer, T0 + 0.4)
    pacer.observe(seq, 200, window_headers(remaining=5, consumed=consumed, reset=T0 + 1,
                                           date=T0), b"", T0 + 0.6)  # fmt: skip
    resolution = pacer._resolution
    assert resolution.opener == (T0 + 1, T0 + 0.4, T0 + 0.6)
    assert (resolution.whole_within is not None) is bounded
    assert (resolution.span_bound is not None) is bounded


def with_others_kept(pacer: Pacer) -> Pacer:
    """What others take (`opened_alone_or_not`) kept through the windows' close: as a part of
    an earlier window of 30 requests (the limit from now on)."""
    pacer._window.limit = 30
    if pacer._share.others:
        pacer._share._samples.append(pacer._share.others / 30)
    return pacer


@pytest.mark.parametrize(
    ("others", "late", "counted"),
    [(1.0, 0.0, 1), (1.0, 0.5, 0), (0.0, 0.5, 1)],
)
def test_with_others_only_a_probe_that_reached_reset_tests_it(
    others: float, late: float, counted: int
) -> None:
    """Sent `late` after the window's end (a gate held it), a probe that goes through may have
    met a rounded-down window that ended meanwhile: with others on the token it does not
    count towards trusting Reset. Alone it does (the client keeps waiting a second after each
    opener until rounding is proven)."""
    pacer = with_others_kept(opened_alone_or_not(others))
    end = pacer._window_end()
    assert end is not None
    probe = go(pacer, end + late)
    pacer.observe(probe, 200, window_headers(remaining=29, consumed=1, reset=T0 + 2,
                                             date=T0 + 1), b"", end + late + 0.2)  # fmt: skip
    assert pacer._resolution.exact_resets == counted


def refused_for_good(pacer: Pacer, *, sent: float, answered: float) -> None:
    """A window (Reset T0 + 1) used up and rolled over at Reset, then a request sent at `sent`
    refused by the documented 429 stamped past Reset."""
    pacer._resolution._proofs = {T0 - 5.0}  # one proof already: the next makes two
    seq = pacer.reserve(sent, force=True).seq
    pacer.observe(seq, 429, bare_429(date=T0 + 1), b"", answered)


@pytest.mark.parametrize(
    ("others", "sent", "truncates"),
    [(0.0, 1.5, True), (1.0, 0.98, True), (1.0, 1.5, False)],
)
def test_with_others_a_bare_429_past_reset_proves_rounding_only_at_reset(
    others: float, sent: float, truncates: bool
) -> None:
    """The documented 429 names no window. Alone, one stamped past the last Reset is that
    window going on. With others on the token, only if it reached the server at that Reset:
    later, they may have filled the next window."""
    pacer = with_others_kept(opened_alone_or_not(others))
    pacer._resolution._proofs = set()
    pacer.reserve(T0 + 2.5, force=True)  # the window (Reset T0 + 1) is over by our reckoning
    refused_for_good(pacer, sent=T0 + sent, answered=T0 + sent + 0.1)
    assert pacer._resolution.truncates is truncates


@pytest.mark.parametrize(
    ("others", "refusal", "probe"),
    [(1.0, "bare", True), (0.0, "bare", False), (1.0, "windowed", False)],
)
def test_after_a_429_that_named_no_window_the_first_request_goes_alone(
    others: float, refusal: str, probe: bool
) -> None:
    """With others on the token, a gate that a documented 429 set leaves the window unknown:
    the others may have opened one meanwhile. The first request after it goes alone and the
    rest wait for its answer. Alone, or after a 429 that named its window, the budget goes."""
    pacer = with_others_kept(opened_alone_or_not(others))
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED  # no probes for the Reset itself
    answer = bare_429(date=T0)
    if refusal == "windowed":
        answer = {**answer, **window_headers(remaining=0, consumed=1, reset=T0 + 1, date=T0)}
    seq = pacer.reserve(T0 + 0.7, force=True).seq
    pacer.observe(seq, 429, answer, b"", T0 + 0.8)
    pacer._window.limit = 30  # (its Consumed and Remaining said 1)
    after = T0 + 3.0  # past the gate and the window
    go(pacer, after)
    # (held for the probe's answer: not for the budget, which the others' part may take)
    assert (pacer.reserve(after).reason == PROBING) is probe


@pytest.mark.parametrize(("before", "past"), [(0.08, True), (0.12, False)])
def test_a_request_is_late_for_reset_by_its_arrival_halfway_through_the_trip(
    before: float, past: bool
) -> None:
    """Sent `before` the moment past which a request no longer reaches Reset (twice the
    margin after it) with a 0.2 s round trip: it arrives 0.1 s after it was sent."""
    pacer = Pacer(rng=no_jitter)
    synced(pacer)  # 0.1 s round trips
    local = pacer._offset.to_local(T0 + 1)
    assert local is not None
    limit = local + 2 * end_margin(pacer._trip)
    assert pacer._past(T0 + 1, limit - before, limit - before + 0.2) is past


def test_when_or_whether_a_request_was_sent_unknown_it_is_not_taken_as_late() -> None:
    """No clock yet (no `Date` seen), or no send time (an answer to no ticket): not late."""
    assert not Pacer(rng=no_jitter)._past(T0 + 1, T0 + 5, T0 + 6)
    pacer = Pacer(rng=no_jitter)
    synced(pacer)
    assert not pacer._past(T0 + 1, None, T0 + 6)


@pytest.mark.parametrize(
    ("sent", "answered", "current"),
    [(0.7, 0.8, True), (0.95, 1.05, True), (1.2, 1.3, False), (None, 0.8, False)],
)
def test_a_request_refused_before_its_window_s_reset_reached_the_server_in_it(
    sent: float | None, answered: float, current: bool
) -> None:
    """The current window's Reset is T0 + 1 (our T0 + 1 too: the clocks agree), round trips
    0.1-0.2 s: a request that arrived by Reset plus twice the margin came in that window."""
    pacer = opened_alone_or_not(0.0)
    assert pacer._in_current(None if sent is None else T0 + sent, T0 + answered) is current
    pacer._window.reset = None  # no window known: no request is in it
    assert pacer._in_current(T0 + 0.7, T0 + 0.8) is False


NO_WINDOW = bare_429(date=T0)
THIS_WINDOW = {**NO_WINDOW, "x-ratelimit-reset": formatdate(T0 + 1, usegmt=True)}
LATER_WINDOW = {**NO_WINDOW, "x-ratelimit-reset": formatdate(T0 + 2, usegmt=True)}
MS_400 = b'{"errors": [{"data": {"msBeforeNext": 400}}]}'


@pytest.mark.parametrize(
    ("known", "others", "trip", "answer", "body", "gate"),
    [
        (True, 0.0, (0.7, 0.8), NO_WINDOW, b"", "end"),
        (True, 1.0, (0.7, 0.8), NO_WINDOW, b"", "end"),
        (True, 0.0, (0.7, 0.8), THIS_WINDOW, b"", "end"),
        (True, 0.0, (0.7, 0.8), LATER_WINDOW, b"", 1.0),  # a later window's: its end unknown
        (False, 0.0, (0.7, 0.8), NO_WINDOW, b"", 1.0),  # the window's end only a reckoning
        (True, 0.0, (0.7, 0.8), {**NO_WINDOW, "retry-after": "2"}, b"", 2.0),  # not its second
        (True, 0.0, (0.7, 0.8), NO_WINDOW, MS_400, 0.4),  # msBeforeNext is exact already
        (True, 0.0, (1.3, 1.5), {"retry-after": "1"}, b"", 1.0),  # came past Reset (no Date)
    ],
)
def test_retry_after_rounded_up_ends_at_the_known_end_of_the_window_refused_in(
    known: bool, others: float, trip: tuple[float, float], answer: dict[str, str], body: bytes,
    gate: object,
) -> None:  # fmt: skip
    """`Retry-After` is whole seconds, rounded up. A 429 refused in the current window (Reset
    T0 + 1), whose end is known, gates until that end when it comes within the second before
    `Retry-After`'s: on 1 s windows, `Retry-After: 1` would otherwise sit the process out of
    the next window too. Alone, the window is taken to end a second after its opener (sent
    at T0 + 0.4): a request that reached the server past Reset, before that, may have met
    the next window, and the wait it was told is that one's."""
    pacer = with_others_kept(opened_alone_or_not(others))
    if known:
        pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    sent, answered = T0 + trip[0], T0 + trip[1]
    seq = pacer.reserve(sent, force=True).seq
    pacer.observe(seq, 429, answer, body, answered)
    end = pacer._window_end()
    assert end is not None
    assert answered < end < answered + 1  # within the second before Retry-After: 1's
    until = end if gate == "end" else answered + gate  # type: ignore[operator]
    held = pacer.reserve(answered)
    assert held._replace(wait=0.0) == Reservation(0.0, -1, GATED, first=True)
    assert held.wait == pytest.approx(until - answered)


@pytest.mark.parametrize(("after_end", "gated"), [(0.02, False), (-0.02, True)])
def test_retry_after_of_a_refusal_late_in_its_window_ends_the_gate_at_its_known_end(
    after_end: float, gated: bool
) -> None:
    """`Retry-After: 1` counts from the refusal, half a round trip before its answer; the
    window's end is when requests for the next may go, half a trip before that window
    begins. So an end up to a round trip before `Retry-After`'s second began is the one it
    rounds: answered just after it (the refusal came late in the window), the gate ends at
    once rather than a second on; answered just before, it ends there."""
    pacer = with_others_kept(opened_alone_or_not(9.0))
    pacer._resolution.exact_resets = EXACT_RESETS_TRUSTED
    end = pacer._window_end()
    assert end is not None
    answered = end + after_end
    assert answered - pacer._trip.mean < end  # within a round trip
    seq = pacer.reserve(answered - 0.1, force=True).seq
    assert pacer._in_current(answered - 0.1, answered)
    pacer.observe(seq, 429, bare_429(date=T0), b"", answered)
    assert pacer._gate_until == pytest.approx(end)  # not a second after the answer
    assert (pacer.reserve(answered).reason == GATED) is gated


@pytest.mark.parametrize(("others", "answered", "peak"), [(1.0, 0.8, 29), (0.0, 0.8, 0)])
def test_a_429_naming_no_window_refused_in_it_shows_the_others_filled_it(
    others: float, answered: float, peak: int
) -> None:
    """The documented 429 carries no `Consumed`. Refused in the current window, it says the
    window counted the limit (30): beyond our one counted request (the opener; the refused
    one was not counted), 29 were the others'. Alone, a refusal is a miscount of ours."""
    pacer = Pacer(rng=no_jitter)
    opener = go(pacer, T0 + 0.4)
    pacer.observe(opener, 200, window_headers(remaining=29, consumed=1, reset=T0 + 1, date=T0),
                  b"", T0 + 0.6)  # fmt: skip
    pacer._share.others = others
    seq = pacer.reserve(T0 + 0.7, force=True).seq
    pacer.reserve(T0 + 0.75, force=True)  # in flight, sent after: not counted when refused
    pacer.observe(seq, 429, bare_429(date=T0), b"", T0 + answered)
    assert pacer._share._peak == peak
    assert pacer._share._rose == (T0 + answered if peak else None)  # dated: the reserve holds
    assert pacer._share._filled is bool(peak)  # and the next window keeps it past a stall


@pytest.mark.parametrize(("before_end", "current"), [(0.01, True), (0.0, False)])
def test_with_reset_rounded_down_a_request_sent_before_the_window_s_reckoned_end_came_in_it(
    before_end: float, current: bool
) -> None:
    """A rounded-down Reset (T0 + 1) is not where the window ends: the window goes on, to the
    end reckoned for it (a second after its opener arrived), and a request sent before that
    end arrives in it, though past Reset."""
    pacer = opened_alone_or_not(0.0)
    pacer._resolution.truncates = True
    end = pacer._window_end()
    assert end is not None
    sent = end - before_end
    assert pacer._past(T0 + 1, sent, sent + 0.1)  # by Reset alone: not in it
    assert pacer._in_current(sent, sent + 0.1) is current
