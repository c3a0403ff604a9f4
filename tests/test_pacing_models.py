"""The pacer's small models, each on its own, table by table (their docstrings' tables).

Pure arithmetic on given numbers: no clock, no client. The coordinator (`Pacer`) and the
clients over them are tested in test_pacing.py and, end to end on virtual time, in
test_pacing_simulations.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from segment_profiles_sync._constants import (
    ARRIVAL_MARGIN,
    EARLY_PROBES,
    EXACT_RESETS_TRUSTED,
    PACE_TRIPS,
    PERIOD_CLOSE,
    PHASE_MARGIN,
    PHASE_MARGIN_SHARE,
    QUIET_TRIPS,
    ROUNDING_PROOFS,
    SHARE_MEMORY,
)
from segment_profiles_sync._pacing._blind import BlindLimit
from segment_profiles_sync._pacing._clock import ClockOffset
from segment_profiles_sync._pacing._reset import ResetResolution, end_margin, lead, past_reset
from segment_profiles_sync._pacing._share import ShareEstimate
from segment_profiles_sync._pacing._trip import ALPHA, BETA, RoundTrip, arrived
from segment_profiles_sync._pacing._window import Window

# -- ClockOffset ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("observations", "estimate"),
    [
        ([], None),
        ([(100.0, 90.0)], 10.0),  # the first: D - t
        ([(100.0, 90.0), (100.0, 89.5)], 10.5),  # a higher lower bound tightens it
        ([(100.0, 90.0), (100.0, 90.5)], 10.0),  # a lower one changes nothing
        ([(100.0, 90.0), (100.0, 91.0)], 10.0),  # upper bound (D + 1 - t) exactly at it: kept
        ([(100.0, 90.0), (100.0, 91.5)], 8.5),  # upper bound below it: a clock was stepped
        # The upper bound from the send time: a long trip is not a step ...
        ([(100.0, 90.0), (100.0, 91.5, 90.8)], 10.0),
        ([(100.0, 90.0), (100.0, 91.5, 91.0)], 10.0),  # (exactly at it: kept)
        ([(100.0, 90.0), (100.0, 91.5, 91.2)], 8.5),  # ... unless even it is below
    ],
)
def test_clock_offset(observations: list[tuple[float, ...]], estimate: float | None) -> None:
    offset = ClockOffset()
    for server_date, now, *earliest in observations:
        offset.observe(server_date, now, *earliest)
    assert offset.estimate == estimate
    assert offset.to_local(200.0) == (None if estimate is None else 200.0 - estimate)


@pytest.mark.parametrize(
    ("observations", "upper"),
    [
        ([], None),
        ([(100.0, 90.0)], 11.0),  # D + 1 - t, with no send time
        ([(100.0, 90.0, 89.8)], 11.2),  # D + 1 - s: the send time
        ([(100.0, 90.0), (101.0, 90.9, 90.8)], 11.0),  # a higher one changes nothing
        ([(100.0, 90.0), (100.0, 90.6, 90.5)], 10.5),  # a lower one tightens it
        ([(100.0, 90.0), (100.0, 91.5, 91.2)], 9.8),  # a stepped clock: from it alone
    ],
)
def test_clock_offset_upper_bound(
    observations: list[tuple[float, ...]], upper: float | None
) -> None:
    """The lowest upper bound: our earliest time for a server time."""
    offset = ClockOffset()
    for server_date, now, *earliest in observations:
        offset.observe(server_date, now, *earliest)
    assert offset.upper == (None if upper is None else pytest.approx(upper))
    assert offset.to_local_earliest(200.0) == (
        None if upper is None else pytest.approx(200.0 - upper)
    )


# -- RoundTrip (RFC 6298) -----------------------------------------------------------------------


def test_round_trip_follows_rfc_6298() -> None:
    trip = RoundTrip()
    assert (trip.mean, trip.spread, trip.seen) == (0.0, 0.0, False)
    trip.observe(0.2)
    assert (trip.mean, trip.spread, trip.seen) == (0.2, 0.0, True)
    trip.observe(0.6)  # RTTVAR first, from the old SRTT; then SRTT
    assert trip.spread == pytest.approx(BETA * 0.4)
    assert trip.mean == pytest.approx((1 - ALPHA) * 0.2 + ALPHA * 0.6)
    assert (ALPHA, BETA) == (1 / 8, 1 / 4)


# -- ResetResolution ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "answered", "at"), [(10.0, 10.2, 10.1), (10.0, 10.0, 10.0)])
def test_a_request_reaches_the_server_halfway_through_its_trip(
    sent: float, answered: float, at: float
) -> None:
    assert arrived(sent, answered) == pytest.approx(at)


def trip_of(mean: float, spread: float = 0.0) -> RoundTrip:
    trip = RoundTrip()
    trip.mean, trip.spread, trip.seen = mean, spread, True
    return trip


@pytest.mark.parametrize(
    ("mean", "spread", "end"),
    [
        (0.0, 0.0, 10.0),  # no trip seen
        (0.05, 0.0, 10.0),  # half a trip within the margin: at Reset
        (0.2, 0.0, 10.0 - (0.1 - 0.04)),  # sent half a trip (less the margin) early
        (0.5, 0.0, 10.0 - (0.25 - 0.07)),
        (0.5, 0.05, 10.0 - (0.25 - 0.17)),  # a spread trip: a wider margin
    ],
)
def test_an_unproven_reset_is_the_end_reached_half_a_trip_early(
    mean: float, spread: float, end: float
) -> None:
    resolution = ResetResolution()
    assert not resolution.known
    assert resolution.end(10.0, trip_of(mean, spread)) == pytest.approx(end)


def test_exact_resets_are_trusted_after_enough_probes() -> None:
    resolution = ResetResolution()
    for _ in range(EXACT_RESETS_TRUSTED - 1):
        resolution.exact_resets += 1
        assert not resolution.known
    resolution.exact_resets += 1
    assert resolution.known


@pytest.mark.parametrize(
    ("prove", "trusted"),
    [
        (lambda r: r.outlived(100.0, 100.0), False),  # stamped at Reset: a proof
        (lambda r: r.outlived(100.0, 99.5), True),  # stamped before Reset: none
    ],
)
def test_one_rounding_proof_undoes_the_trust_in_an_exact_reset(
    prove: Callable[[ResetResolution], None], trusted: bool
) -> None:
    """Probes through at Reset may have been lucky (a Reset rounded down by less than they
    came late): one window that outlived its Reset sends the client back to probing."""
    resolution = ResetResolution()
    resolution.exact_resets = EXACT_RESETS_TRUSTED
    prove(resolution)
    assert not resolution.truncates  # one proof: rounding is not proven yet
    assert resolution.known is trusted


@pytest.mark.parametrize(
    ("refusals", "truncates"),
    [
        ([(100.0, 100.0)], False),  # one is not enough: a new window others filled at once
        ([(100.0, 100.0), (100.0, 100.0)], False),  # the same window twice: still one
        ([(100.0, 100.0), (101.0, 101.0)], True),  # two windows
        ([(100.0, 101.0), (101.0, 102.0)], True),  # stamped well past Reset
        ([(101.0, 100.0), (102.0, 101.0)], False),  # before Reset: the window was spent
    ],
)
def test_rounding_is_proven_by_429s_stamped_past_reset_in_two_windows(
    refusals: list[tuple[float, float]], truncates: bool
) -> None:
    assert ROUNDING_PROOFS == 2
    resolution = ResetResolution()
    for reset, date in refusals:
        resolution.outlived(reset, date)
    assert resolution.truncates is truncates


def test_once_rounding_is_proven_late_429s_change_nothing() -> None:
    resolution = ResetResolution()
    resolution.truncates = True
    resolution.outlived(100.0, 100.0)
    assert resolution._proofs == set()


@pytest.mark.parametrize(
    ("end", "shows"),
    [
        (10.0, False),  # at Reset: nothing new
        (10.001, False),  # within a millisecond of it: nothing new
        (10.5, True),
        (10.0 + (1.0 + 0.2 + PHASE_MARGIN), True),  # the far edge: a second, a trip, a margin
        (10.0 + (1.0 + 0.2 + PHASE_MARGIN) + 0.01, False),  # beyond: a penalty, not rounding
    ],
)
def test_a_refusal_past_reset_shows_rounding(end: float, shows: bool) -> None:
    resolution = ResetResolution()
    assert resolution.refused(10.0, 10.0, end, trip=0.2, current=True, sent=None, now=9.9) is shows
    assert resolution.truncates is shows
    assert resolution.exact_end == (end if shows else None)


@pytest.mark.parametrize(("end", "shows"), [(10.15, False), (10.152, True)])
def test_a_refusal_s_end_is_tested_without_its_way_back(end: float, shows: bool) -> None:
    """Sent at 9.7 and answered at 10.0: its `msBeforeNext` was counted at 9.85 of ours, so
    an end read as 10.15 is Reset itself (exact), not rounding; 2 ms more is."""
    resolution = ResetResolution()
    assert resolution.refused(10.0, 10.0, end, trip=0.3, current=True, sent=9.7, now=10.0) is shows
    assert resolution.truncates is shows


def test_a_refusal_for_an_earlier_window_proves_rounding_but_keeps_the_current_end() -> None:
    resolution = ResetResolution()
    assert resolution.refused(10.0, 10.0, 10.5, trip=0.2, current=False, sent=None, now=10.3)
    assert resolution.truncates
    assert resolution.exact_end is None


def test_the_length_comes_from_the_opener_and_the_refusal() -> None:
    """Opened by a request sent at 9.3 and answered at 9.5 (arrived 9.4); a 429 sent at
    10.0, answered 10.2, says the window ends at 10.5 (seen late by half its trip): length
    10.5 - 0.1 - 9.4 = 1.0; a shorter one later does not shrink it (the longest is kept)."""
    resolution = ResetResolution()
    resolution.opened(10.0, None, 9.3, 9.5)
    resolution.refused(10.0, 10.0, 10.5, trip=0.2, current=True, sent=10.0, now=10.2)
    assert resolution.span == pytest.approx(1.0)
    resolution.opened(11.0, None, 10.3, 10.5)
    resolution.refused(11.0, 11.0, 11.3, trip=0.2, current=True, sent=11.0, now=11.2)
    assert resolution.span == pytest.approx(1.0)
    resolution.opened(12.0, None, 11.3, 11.5)
    resolution.refused(12.0, 12.0, 12.6, trip=0.2, current=True, sent=12.0, now=12.2)
    assert resolution.span == pytest.approx(1.1)


def test_a_refusal_whose_send_time_is_unknown_counts_no_way_back() -> None:
    resolution = ResetResolution()
    resolution.opened(10.0, None, 9.3, 9.5)  # arrived 9.4
    resolution.refused(10.0, 10.0, 10.5, trip=0.2, current=True, sent=None, now=10.3)
    assert resolution.span == pytest.approx(1.1)


def test_a_length_of_nothing_is_not_learned() -> None:
    resolution = ResetResolution()
    resolution.opened(10.0, None, 10.4, 10.6)  # arrived 10.5, and the refusal says 10.5
    resolution.refused(10.0, 10.0, 10.5, trip=0.2, current=True, sent=None, now=10.7)
    assert resolution.span is None


def test_an_opener_without_a_send_time_is_no_opener() -> None:
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, None, 9.5)
    assert resolution.opener is None
    assert resolution.span_bound is None


@pytest.mark.parametrize(("arrived", "bound"), [(10.5, 0.5), (11.0, None), (11.2, None)])
def test_an_openers_bound_must_be_a_length(arrived: float, bound: float | None) -> None:
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, arrived - 0.1, arrived + 0.1)
    assert resolution.span_bound == (None if bound is None else pytest.approx(bound))


def test_a_length_without_its_windows_opener_is_not_used() -> None:
    resolution = rounded(span=1.0)
    assert resolution.opener is None
    assert resolution.end(10.0, trip_of(0.2)) == 11.0


def test_a_refusal_of_another_window_teaches_no_length() -> None:
    resolution = ResetResolution()
    resolution.opened(10.0, None, 9.3, 9.5)
    resolution.refused(11.0, 11.0, 11.5, trip=0.2, current=True, sent=11.0, now=11.2)
    assert resolution.span is None


def test_only_a_window_s_first_counted_request_bounds_its_length() -> None:
    """A request that another client's preceded in its window arrived after the window began:
    it is the opener still (its send time), but bounds nothing."""
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, 9.3, 9.5, first=False)
    assert resolution.opener == (10.0, 9.3, 9.5)
    assert resolution.span_bound is None
    assert resolution.whole_within is None
    resolution.opened(11.0, 11.0, 10.3, 10.5)
    assert resolution.span_bound == pytest.approx(1.6)
    assert resolution.whole_within is not None


@pytest.mark.parametrize(
    ("mean", "spread", "margin"),
    [(0.0, 0.0, PHASE_MARGIN), (0.2, 0.0, PHASE_MARGIN + PHASE_MARGIN_SHARE * 0.2),
     (0.2, 0.01, PHASE_MARGIN + PHASE_MARGIN_SHARE * 0.2 + 0.02)],
)  # fmt: skip
def test_the_end_margin_grows_with_the_trip_and_its_spread(
    mean: float, spread: float, margin: float
) -> None:
    assert end_margin(trip_of(mean, spread)) == pytest.approx(margin)


@pytest.mark.parametrize(
    ("arrived", "past"),
    [(9.9, False), (10.0, False), (10.0 + 2 * (PHASE_MARGIN + PHASE_MARGIN_SHARE * 0.2) - 1e-6,
     False), (10.0 + 2 * (PHASE_MARGIN + PHASE_MARGIN_SHARE * 0.2), True), (10.5, True)],
)  # fmt: skip
def test_a_request_past_twice_the_margin_after_reset_did_not_reach_it(
    arrived: float, past: bool
) -> None:
    """Reset at 10.0 (ours), 0.2 s round trips: one sent for it arrives within the margin."""
    assert past_reset(arrived, 10.0, trip_of(0.2)) is past


def test_openers_bound_the_length_from_above() -> None:
    """Opened at 9.4 (arrival) with Reset 10 (rounded down): at most 10 + 1 - 9.4 = 1.6 long;
    opened at 10.8 with Reset 11: at most 1.2; the bound only ever narrows."""
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, 9.3, 9.5)
    assert resolution.span_bound == pytest.approx(1.6)
    resolution.opened(11.0, 11.0, 10.7, 10.9)
    assert resolution.span_bound == pytest.approx(1.2)
    resolution.opened(13.0, 13.0, 12.1, 12.3)
    assert resolution.span_bound == pytest.approx(1.2)
    resolution.opened(14.0, None, 13.1, 13.3)  # no clock yet: no bound from it
    assert resolution.span_bound == pytest.approx(1.2)


def rounded(*, span: float | None = None, probes_spent: bool = True) -> ResetResolution:
    resolution = ResetResolution()
    resolution.truncates = True
    resolution.span = span
    if probes_spent:
        resolution.early_probes = EARLY_PROBES
    return resolution


def test_a_window_that_went_on_ends_a_second_after_reset_until_the_rounding_is_known() -> None:
    resolution = ResetResolution()
    assert resolution.end(10.0, trip_of(0.05), went_on=True) == 11.0
    resolution.exact_resets = EXACT_RESETS_TRUSTED  # known (as exact): the usual end
    assert resolution.end(10.0, trip_of(0.05), went_on=True) == 10.0


def test_a_request_counted_past_its_window_s_reset_proves_rounding_with_no_room_left() -> None:
    """Sent after the end reckoned for its window and counted in it all the same, a success
    with no room left is a proof."""
    resolution = ResetResolution()
    resolution.outlived(100.0, 100.0)
    assert resolution._proofs == {100.0}


def test_rounding_without_a_length_probes_at_reset_first() -> None:
    resolution = rounded(probes_spent=False)
    for _ in range(EARLY_PROBES):
        assert not resolution.known
        assert resolution.end(10.0, trip_of(0.05)) == 10.0
        resolution.new_window()
    assert resolution.known
    assert resolution.end(10.0, trip_of(0.2)) == 11.0
    resolution.new_window()
    assert resolution.early_probes == EARLY_PROBES  # no more probes counted once known


def test_rounding_with_a_length_is_known_at_once() -> None:
    assert rounded(span=1.0, probes_spent=False).known


def margin(mean: float, spread: float) -> float:
    return PHASE_MARGIN + PHASE_MARGIN_SHARE * mean + 2 * spread


@pytest.mark.parametrize(("mean", "spread"), [(0.2, 0.0), (0.4, 0.05)])
def test_where_a_rounded_window_ends(mean: float, spread: float) -> None:
    trip = trip_of(mean, spread)
    # Nothing more: a second after Reset.
    assert rounded().end(10.0, trip) == 11.0
    # A 429's end: less the way there, plus the margin, never before Reset.
    resolution = rounded()
    resolution.exact_end = 10.5
    assert resolution.end(10.0, trip) == pytest.approx(10.5 - mean + margin(mean, spread))
    resolution.exact_end = 10.01
    assert resolution.end(10.0, trip) == 10.0
    # A length and the opener: arrival + length + margin - half a trip, at most Reset + 1.
    resolution = rounded(span=1.0)
    resolution.opener = (10.0, 9.2, 9.4)  # arrived 9.3
    assert resolution.end(10.0, trip) == pytest.approx(10.3 + margin(mean, spread) - mean / 2)
    resolution.opener = (10.0, 10.1, 10.3)  # arrived 10.2: the second after Reset caps it
    assert resolution.end(10.0, trip) == 11.0
    # The openers' bound stands in for a length no 429 taught.
    resolution = rounded()
    resolution.span_bound = 1.2
    resolution.opener = (10.0, 9.2, 9.4)
    assert resolution.end(10.0, trip) == pytest.approx(10.5 + margin(mean, spread) - mean / 2)


# -- ResetResolution: a whole number of seconds --------------------------------------------------


def test_openers_narrow_the_length_from_both_sides() -> None:
    """Opened by a request sent at 9.3, answered at 9.5, Reset 10 (our time: 9.8 at the
    earliest, 10.0 at the latest): the length is in [9.8 - 9.5, 10 + 1 - 9.3); each window
    narrows it; a window with no clock yet changes nothing."""
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, 9.3, 9.5, 9.8)
    assert resolution.whole_within == pytest.approx((0.3, 1.7))
    resolution.opened(11.0, 11.0, 10.7, 10.9, 10.8)
    assert resolution.whole_within == pytest.approx((0.3, 1.3))
    resolution.opened(13.0, 13.0, 12.1, 12.3, 12.8)
    assert resolution.whole_within == pytest.approx((0.5, 1.3))
    resolution.opened(14.0, None, 13.9, 14.0)
    assert resolution.whole_within == pytest.approx((0.5, 1.3))
    # No earliest moment known for Reset: its latest stands for it.
    resolution = ResetResolution()
    resolution.opened(10.0, 10.0, 9.3, 9.5)
    assert resolution.whole_within == pytest.approx((0.5, 1.7))


def test_the_openers_bounds_are_taken_again_as_the_clock_narrows() -> None:
    """The clock offset read from whole-second `Date`s narrows as the server's second ticks
    over: the bounds every opener set are taken again with it (at the opener, the offset was
    known within 0.4 s, and one second or two fit; later within 0.1 s, and only one does).
    A lower offset than before is a stepped clock: what the openers showed is dropped."""
    resolution = ResetResolution()
    resolution.opened(1.0, 1.24, 0.0, 0.3, 0.84)  # the offset in [-0.24, 0.16]
    assert resolution.whole_within == pytest.approx((0.84 - 0.3, 1.24 + 1 - 0.0))
    assert resolution._whole_span() is None
    resolution.reclock(0.0, 0.1)
    assert resolution.whole_within == pytest.approx((0.6, 2.0))
    assert resolution._whole_span() == 1
    resolution.reclock(0.0, 0.1)  # the same again: no change
    assert resolution.whole_within == pytest.approx((0.6, 2.0))
    resolution.reclock(-0.5, 0.1)
    assert resolution.whole_within is None
    assert resolution._whole_span() is None
    resolution.reclock(-0.4, 0.1)  # tighter again, but nothing left to take again
    assert resolution.whole_within is None
    resolution.opened(3.0, 3.4, 2.4, 2.6, 3.3)  # from this opener alone
    assert resolution.whole_within == pytest.approx((3.3 - 2.6, 3.4 + 1 - 2.4))


@pytest.mark.parametrize(
    ("within", "whole"),
    [
        ((0.5, 1.7), 1),
        ((-0.3, 1.9), 1),  # 0 is no length
        ((1.2, 2.5), 2),
        ((4.6, 5.3), 5),
        ((0.1, 2.5), None),  # one second or two
        ((1.2, 1.9), None),  # no whole number in it
        ((-0.3, 0.9), None),  # none above 0
        ((1.0, 2.0), 1),  # (from 1, below 2)
    ],
)
def test_the_whole_second_length_is_the_only_one_the_openers_allow(
    within: tuple[float, float], whole: int | None
) -> None:
    resolution = ResetResolution()
    resolution.whole_within = within
    assert resolution._whole_span() == whole
    resolution.whole_refuted = True
    assert resolution._whole_span() is None


def whole_second(*, truncates: bool = True, proofs: int = 0) -> ResetResolution:
    """A window opened by a request sent at 9.2, answered at 9.4 (arrived 9.3), Reset 10,
    so one second long."""
    resolution = ResetResolution()
    resolution.truncates = truncates
    resolution._proofs = {100.0 + n for n in range(proofs)}
    resolution.opened(10.0, 10.0, 9.2, 9.4)
    assert resolution._whole_span() == 1
    return resolution


@pytest.mark.parametrize(
    ("seen", "trip", "excess"), [(False, 0.5, 0.0), (True, 0.5, 0.3), (True, 0.1, 0.0)]
)
def test_a_trip_s_excess_over_the_mean(seen: bool, trip: float, excess: float) -> None:
    """Before any sample there is no mean to exceed; after, only a longer trip exceeds it."""
    trips = trip_of(0.2) if seen else RoundTrip()
    assert trips.excess(trip) == pytest.approx(excess)


def test_an_opener_slower_than_usual_began_its_window_later() -> None:
    """A job's first request opens a connection: its trip (0.35 s) is longer than the mean
    (0.2 s), so it may have reached the server 0.15 s later than its send suggests, and a
    rolling window it opened ends that much later. A second after its opener counts from
    there. (Seen: under CPU load, two of eight real runs had a refusal, both of the first
    probe, sent a second and 14 ms after the job's first request.)"""
    trip = trip_of(0.2)
    resolution = ResetResolution()
    resolution.opener = (10.0, 9.9, 10.25)
    assert resolution.end(10.0, trip) == pytest.approx(9.9 + 0.15 + 1.0 + ARRIVAL_MARGIN)
    resolution.opener = (10.0, 9.9, 10.05)  # quicker than usual: no earlier for it
    assert resolution.end(10.0, trip) == pytest.approx(9.9 + 1.0 + ARRIVAL_MARGIN)


def exact_ended(resolution: ResetResolution) -> ResetResolution:
    """A 429's `msBeforeNext` said when the current window ends."""
    resolution.exact_end = 10.5
    return resolution


def unknown_opener(resolution: ResetResolution) -> ResetResolution:
    """The current window's first answer had no ticket: its opener is not known."""
    resolution.opener = None
    return resolution


@pytest.mark.parametrize(("mean", "spread"), [(0.2, 0.0), (0.4, 0.05)])
def test_where_a_whole_second_window_ends(mean: float, spread: float) -> None:
    trip = trip_of(mean, spread)
    on_whole = pytest.approx(10.3 + margin(mean, spread) - mean / 2)
    unproven = pytest.approx(10.0 - lead(mean, margin(mean, spread)))
    # Rounding known: the opener's arrival + 1 s (+ margin - half a trip), with no probes.
    assert whole_second().known
    assert whole_second().end(10.0, trip) == on_whole
    # Not proven (a window went on past Reset once, or not): Reset, but for a client alone
    # never before a second after the opener was sent (9.2), and a little more (where a
    # rolling window would end).
    alone = pytest.approx(10.2 + 2 * spread + ARRIVAL_MARGIN)
    for proofs in (0, 1):
        assert whole_second(truncates=False, proofs=proofs).end(10.0, trip) == alone
        unproven_with_others = whole_second(truncates=False, proofs=proofs)
        assert unproven_with_others.end(10.0, trip, alone=False) == unproven
    # A 429's end or length comes first.
    resolution = whole_second()
    resolution.exact_end = 10.5
    assert resolution.end(10.0, trip) == pytest.approx(10.5 - mean + margin(mean, spread))
    resolution = whole_second()
    resolution.span = 1.2
    assert resolution._on_whole() is None
    assert resolution.end(10.0, trip) == pytest.approx(10.5 + margin(mean, spread) - mean / 2)


@pytest.mark.parametrize(
    ("within", "refuted", "after"),
    [
        (None, False, 1.0),  # no bound on the length yet: windows last a second at least
        ((0.3, 2.2), False, 1.0),  # one second or two: the least
        ((1.3, 2.2), False, 2.0),  # more than a second: two
        ((59.2, 60.4), False, 60.0),
        ((0.3, 1.7), True, None),  # whole seconds refuted: no bound
    ],
)
def test_alone_and_unproven_no_window_starts_before_a_whole_second_after_its_opener(
    within: tuple[float, float] | None, refuted: bool, after: float | None
) -> None:
    """Before rounding is proven, a client alone starts no window before the least whole
    number of seconds the openers allow after the current window's opener was sent (plus
    twice the trips' deviation and a moment): a rolling window opened by it ends no sooner.
    Clock-free: requests sent a second apart arrive a second apart."""
    trip = trip_of(0.2, 0.01)
    resolution = ResetResolution()
    resolution.opener = (10.0, 9.9, 10.1)
    resolution.whole_within = within
    resolution.whole_refuted = refuted
    reset = 10.0 - lead(0.2, margin(0.2, 0.01))
    expected = reset if after is None else max(reset, 9.9 + after + 0.02 + ARRIVAL_MARGIN)
    assert resolution.end(10.0, trip) == pytest.approx(expected)
    assert resolution.end(10.0, trip, alone=False) == pytest.approx(reset)
    resolution.truncates = True  # proven: the rows below the first take over
    resolution.span = 1.0
    assert resolution.end(10.0, trip) == pytest.approx(
        max(10.0, 10.0 + 1.0 + margin(0.2, 0.01) - 0.1)
    )
    resolution = ResetResolution()  # no opener: Reset
    assert resolution.end(10.0, trip) == pytest.approx(reset)


@pytest.mark.parametrize(
    ("make", "refuted"),
    [  # (built in the test: a case's object must not carry one run's state into the next)
        (whole_second, True),  # its end came from the whole second
        (lambda: unknown_opener(whole_second()), True),
        # Rounding not proven (a window went on once, or not): Reset, or, alone, the least
        # whole second after the opener, which is never before Reset's own end, so a refusal
        # after it shows only that windows are longer than that least.
        (lambda: whole_second(truncates=False, proofs=1), False),
        (lambda: whole_second(truncates=False), False),
        (ResetResolution, False),  # no opener: its end was Reset
        (lambda: rounded(span=1.0), False),  # a 429's length
        (lambda: exact_ended(whole_second()), False),  # a 429's end
    ],
)
def test_a_refusal_after_a_whole_second_end_refutes_it(
    make: Callable[[], ResetResolution], refuted: bool
) -> None:
    resolution = make()
    resolution.refused_after_end()
    assert resolution.whole_refuted is refuted


# -- Window -------------------------------------------------------------------------------------


def test_a_window_knows_nothing_until_answers() -> None:
    window = Window()
    assert window.budget is None
    window.take()
    assert (window.budget, window.sent) == (None, 1)
    window.roll_over()
    assert window.budget is None
    assert window.sent == 0


def test_the_budget_is_the_lowest_remaining_less_in_flight_and_reserve() -> None:
    window = Window()
    assert window.observe(remaining=10, reset=100.0, in_flight=3)  # opens the window
    assert window.budget == 7
    assert not window.observe(remaining=12, reset=100.0, in_flight=1)  # higher: not believed
    assert (window.lowest, window.budget) == (10, 9)
    window.observe(remaining=8, reset=100.0, in_flight=1, reserve=3)
    assert (window.budget, window.reserved, window.unreserved) == (4, 3, 7)
    window.take()
    assert (window.budget, window.sent) == (3, 1)


def test_the_cap_counts_this_windows_sends() -> None:
    window = Window()
    for _ in range(4):
        window.take()
    window.observe(remaining=20, reset=100.0, in_flight=0, cap=6)
    assert window.budget == 2


def test_a_new_window_starts_from_the_limit() -> None:
    window = Window()
    window.count(consumed=25, remaining=5)
    assert window.limit == 30
    window.observe(remaining=5, reset=100.0, in_flight=0)
    window.take()
    window.roll_over(reserve=6, cap=None)
    assert (window.budget, window.sent, window.reset, window.ended) == (24, 0, None, 100.0)
    window.roll_over(cap=5)
    assert window.budget == 5
    window.roll_over()
    assert window.budget == 30


@pytest.mark.parametrize(
    ("consumed", "remaining", "limit"),
    [(None, 3, None), (-1, 3, None), (2, -1, None), (2, 3, 5), (0, 3, 3), (2, 0, 2)],
)
def test_the_limit_is_consumed_plus_remaining(
    consumed: int | None, remaining: int, limit: int | None
) -> None:
    window = Window()
    window.count(consumed, remaining)
    assert window.limit == limit


def test_stale_answers() -> None:
    window = Window()
    assert not window.stale(100.0)
    window.observe(remaining=5, reset=100.0, in_flight=0)
    assert window.stale(99.0)
    assert not window.stale(100.0)
    assert not window.stale(101.0)
    window.roll_over()
    assert window.stale(100.0)
    assert not window.stale(101.0)


def test_an_answer_of_a_window_not_seen_begin_counts_afresh() -> None:
    window = Window()
    window.observe(remaining=5, reset=100.0, in_flight=0)
    for _ in range(7):
        window.take()
    assert window.observe(remaining=9, reset=101.0, in_flight=2)
    assert (window.sent, window.ended, window.lowest, window.budget) == (2, 100.0, 9, 7)


def test_a_refusal_spends_a_known_window_and_uncounts_the_request() -> None:
    window = Window()
    window.take()
    window.refused()
    assert (window.budget, window.sent) == (None, 0)  # no window known: nothing to spend
    window.refused()
    assert window.sent == 0  # never below zero
    window.observe(remaining=5, reset=100.0, in_flight=0, reserve=2)
    for _ in range(3):
        window.take()
    window.refused()
    assert (window.budget, window.reserved, window.sent) == (0, 0, 2)


# -- ShareEstimate ------------------------------------------------------------------------------


def test_alone_nothing_is_reserved() -> None:
    share = ShareEstimate()
    share.observe(consumed=5, own_sent=5, now=0.0)
    share.close_window(own=5, now=1.0)
    assert (share.others, share.reserve(1.0, 0.1), share.cap(30)) == (0.0, 0, None)


def test_others_are_seen_in_the_window_before_it_closes() -> None:
    """`seen`: others' requests showed in this window's `Consumed` (a first window's first
    answer counting more than ours, or a rise after), before `others` counts them."""
    share = ShareEstimate()
    assert not share.seen
    share.observe(consumed=1, own_sent=1, now=0.0)
    assert not share.seen  # only ours
    share.observe(consumed=3, own_sent=2, now=0.1)  # one more than ours
    assert share.seen
    share.close_window(own=2, now=1.0)
    assert not share.seen  # a new window, nothing of theirs in it yet
    assert share.others > 0
    started_late = ShareEstimate()
    started_late.observe(consumed=12, own_sent=1, now=0.0)  # counted before our first
    assert started_late.seen
    one_before = ShareEstimate()
    one_before.observe(consumed=2, own_sent=1, now=0.0)
    assert one_before.seen


def test_the_first_windows_earlier_count_is_not_a_share() -> None:
    """Consumed 12 at our first answer with 2 of ours: 10 were counted before we began."""
    share = ShareEstimate()
    share.observe(consumed=12, own_sent=2, now=0.0)
    share.observe(consumed=15, own_sent=4, now=0.1)  # others rose by 1 since
    share.observe(consumed=20, own_sent=5, now=0.2)  # by 5
    share.observe(consumed=17, own_sent=5, now=0.3)  # an earlier count: the peak stays
    share.close_window(own=5, now=1.0)
    assert share.others == 5.0


def test_others_are_the_highest_recent_part_of_the_limit() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    samples = [8, 3, 5, 2, 1, 0]
    for n, sample in enumerate(samples):
        share.observe(consumed=sample + 4, own_sent=4, now=n + 0.5)
        share.close_window(own=4, now=n + 1.0, limit=30)
        parts = [s / (s + 4) for s in samples[max(0, n - SHARE_MEMORY + 1) : n + 1]]
        assert share.others == pytest.approx(max(parts) * 30)


def window_seen(share: ShareEstimate, sample: int, at: float, *, looked: bool = False) -> None:
    """A window of 30 in which the others had `sample` beyond our 4 when an answer (the
    window's look, if `looked`) came; it closes at `at` + 0.5."""
    share.observe(consumed=sample + 4, own_sent=4, now=at, looked=looked)
    share.close_window(own=4, now=at + 0.5, limit=30)


def test_a_looked_window_s_part_replaces_the_older_ones() -> None:
    """A look's answer saw everyone's start counted: its window's part is the others' part as
    it is, not a lower bound to take the highest of (they left, or took less)."""
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    window_seen(share, 26, 0.5)
    window_seen(share, 2, 1.5)  # a lower bound: the older, higher part holds
    assert share.others == pytest.approx(26 / 30 * 30)
    window_seen(share, 2, 2.5, looked=True)
    assert share.others == pytest.approx(2 / 6 * 30)
    window_seen(share, 1, 3.5)  # the highest of the last two again, from the looked one on
    assert share.others == pytest.approx(2 / 6 * 30)


def test_a_look_counts_for_its_own_window_only_and_not_once_it_went_on() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    window_seen(share, 2, 0.5, looked=True)
    window_seen(share, 20, 1.5)  # not looked: the highest of the last two
    assert share.others == pytest.approx(20 / 24 * 30)
    share.observe(consumed=2 + 4, own_sent=4, now=2.0, looked=True)
    share.close_window(own=4, now=2.5, limit=30)
    assert share.others == pytest.approx(2 / 6 * 30)
    share.reopen()  # it went on: ours sent for the next window came in it, late
    share.close_window(own=4, now=3.0, limit=30)
    assert share.others == pytest.approx(20 / 24 * 30)  # untrusted: the 20 holds


def test_a_window_that_was_not_full_is_scaled_to_the_limit() -> None:
    """Others took 3 and we 15 of a window of 30 that carried 18: each held back. Their part
    is 1/6, 5 of a full window; the other client, seeing our 15, counts us at 25: 30 in all
    (counts would have said 3 and 15, and the two budgets 27 and 15)."""
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=18, own_sent=15, now=0.5)
    share.close_window(own=15, now=1.0, limit=30)
    assert share.others == pytest.approx(5.0)
    unknown = ShareEstimate()  # no limit known: of what the window carried
    unknown.observe(consumed=0, own_sent=0, now=0.0)
    unknown.observe(consumed=18, own_sent=15, now=0.5)
    unknown.close_window(own=15, now=1.0)
    assert unknown.others == pytest.approx(3.0)


def test_a_window_with_nothing_sent_and_nothing_seen_teaches_nothing() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=9, own_sent=3, now=0.5)
    share.close_window(own=3, now=1.0)
    share.close_window(own=0, now=2.0)
    share.close_window(own=0, now=3.0)
    assert share.others == 6.0  # no zero samples pushed the 6 out


def test_the_reserve_is_what_others_have_still_to_take_until_they_stall() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=16, own_sent=6, now=0.5)
    share.close_window(own=6, now=1.0)  # others: 10 a window
    assert share.reserve(1.0, 0.1) == 10
    assert share.released(0.1) == pytest.approx(1.0 + QUIET_TRIPS * 0.1)
    share.observe(consumed=7, own_sent=3, now=1.1)  # they took 4 of their 10 so far
    assert share.reserve(1.1, 0.1) == 6
    assert share.reserve(1.1 + QUIET_TRIPS * 0.1 - 0.01, 0.1) == 6
    assert share.reserve(1.1 + QUIET_TRIPS * 0.1 + 0.001, 0.1) == 0  # stalled: released
    share.observe(consumed=13, own_sent=3, now=1.4)  # they took exactly their 10
    assert share.released(0.1) is None
    share.observe(consumed=17, own_sent=3, now=1.5)  # they took all 10 (and more)
    assert share.reserve(1.5, 0.1) == 0
    assert share.released(0.1) is None


def stalled_in_a_window_after(filled: bool) -> ShareEstimate:
    """Others take 10 a window; the window that closes at 1.0 was shown full by a 429 if
    `filled`; in the next they took 4 by 1.1, then stalled."""
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=16, own_sent=6, now=0.5)
    if filled:
        share.filled()
    share.close_window(own=6, now=1.0)
    share.observe(consumed=7, own_sent=3, now=1.1)
    return share


@pytest.mark.parametrize(("filled", "reserve", "released"), [(False, 0, 1.3), (True, 6, None)])
def test_after_a_window_a_429_showed_full_the_reserve_outlasts_a_stall(
    filled: bool, reserve: int, released: float | None
) -> None:
    """Their count stalls once they are done with their part; when a 429 showed the last
    window full, it was full by then, and a request sent on their stall would be refused."""
    share = stalled_in_a_window_after(filled)
    stalled = 1.1 + QUIET_TRIPS * 0.1 + 0.001
    assert share.reserve(stalled, 0.1) == reserve
    assert share.released(0.1) == (None if released is None else pytest.approx(released))


def test_a_window_a_429_showed_full_keeps_only_the_next_one_s_reserve() -> None:
    share = stalled_in_a_window_after(True)
    share.close_window(own=3, now=2.0)  # nothing showed this one full
    share.observe(consumed=4, own_sent=2, now=2.1)
    assert share.reserve(2.1 + QUIET_TRIPS * 0.1 + 0.001, 0.1) == 0  # stalled: released


def test_a_reopened_window_keeps_what_a_429_showed_of_it_and_of_the_last() -> None:
    share = stalled_in_a_window_after(False)
    share.filled()  # this window was shown full, the last was not
    share.close_window(own=3, now=2.0)
    share.reopen()  # it went on: its reserve is released on a stall, as before it closed
    share.observe(consumed=8, own_sent=3, now=2.1)
    assert share.reserve(2.1 + QUIET_TRIPS * 0.1 + 0.001, 0.1) == 0
    share.close_window(own=3, now=3.0)
    share.observe(consumed=1, own_sent=1, now=3.1)
    assert share.released(0.1) is None  # the next follows a window shown full


def test_in_a_first_window_what_others_have_in_flight_is_reserved() -> None:
    """No estimate yet: their rise over the last round trip is about what they have in
    flight, not counted yet (processes started together all see the same Remaining), however
    little is left of the window (processes started late in one burst into it together)."""
    early = ShareEstimate()
    early.observe(consumed=0, own_sent=0, now=0.0)
    early.observe(consumed=10, own_sent=0, now=0.05)
    assert early.reserve(0.05, trip=0.1, end=5.0) == 10  # nothing seen a trip ago: 0 then
    share = ShareEstimate()
    share.observe(consumed=1, own_sent=1, now=0.0)
    share.observe(consumed=12, own_sent=2, now=0.3)  # others rose by 10
    assert share.reserve(0.3, trip=0.1, end=5.0) == 10
    assert share.reserve(0.3, trip=0.1) == 0  # the end unknown
    assert share.reserve(0.3, trip=0.05) == 0  # however short the round trip
    assert share.reserve(0.3, trip=0.1, end=0.4) == 10  # one round trip left
    assert share.reserve(0.3, trip=0.1, end=0.3) == 0  # the window is over
    share.observe(consumed=16, own_sent=2, now=0.35)  # by 14
    assert share.reserve(0.42, trip=0.1, end=5.0) == 14 - 10  # 10 counted a trip ago
    assert share.reserve(0.56, trip=0.1, end=5.0) == 0  # stalled
    share.close_window(own=2, now=1.0)  # others: 14 a window
    share.observe(consumed=10, own_sent=0, now=1.05)
    assert share.reserve(1.06, trip=0.1, end=6.0) == 14 - 10  # the estimate, not their rise


def test_the_reserve_is_cut_to_what_the_others_pace_takes_by_the_end() -> None:
    """Clients that each hold back for the other, sending one request now and then, keep
    each other's count from stalling: in a window of more than `PACE_TRIPS` round trips, to
    its end, their pace of the last `QUIET_TRIPS` round trips caps what is left to them."""
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=80, own_sent=0, now=0.5)
    share.close_window(own=20, now=5.0)  # others: 80 a window
    share.observe(consumed=1, own_sent=0, now=5.1)
    assert share.reserve(5.1, trip=0.1, end=10.0) == 79  # too soon for a pace
    assert share.reserve(5.25, trip=0.1, end=10.0) == 24  # 1 since the start, 0.2 s ago
    share.observe(consumed=2, own_sent=0, now=5.3)
    assert share.reserve(5.35, trip=0.1) == 78  # the end unknown: no pace
    assert share.reserve(5.35, trip=0.1, end=10.0) == 24  # 1 per 0.2 s over 4.65 s
    share.observe(consumed=3, own_sent=0, now=8.65)
    assert share.reserve(8.79, trip=0.1, end=10.0) == 7  # 1 per 0.2 s over 1.21 s
    assert share.reserve(8.81, trip=0.1, end=10.0) == 6  # near the end too: over 1.19 s
    share.close_window(own=20, now=10.0, limit=100)
    share.observe(consumed=1, own_sent=0, now=10.1)
    assert share.reserve(10.25, trip=0.1, end=11.2) == 79  # 12 trips long: no pace
    assert share.reserve(10.25, trip=0.1, end=11.21) == 5  # 1 in 0.2 s, over 0.96 s


def test_the_share_s_boundaries_at_exact_times() -> None:
    """Round trips of 0.25 s (exact in binary): a rise exactly a trip ago is counted, a
    window exactly `QUIET_TRIPS` trips old has a pace, a window exactly `PACE_TRIPS` trips
    long has none."""
    assert (QUIET_TRIPS, PACE_TRIPS) == (2, 12)
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=8, own_sent=0, now=0.25)
    assert share.reserve(0.25, trip=0.25, end=5.0) == 8  # none before: all in flight
    share.observe(consumed=10, own_sent=0, now=0.5)
    assert share.reserve(0.5, trip=0.25, end=5.0) == 10 - 8
    assert share.reserve(0.5, trip=0.25, end=0.5) == 0  # nothing left of the window
    share.close_window(own=10, now=1.0, limit=100)  # others: half, 50
    share.observe(consumed=4, own_sent=0, now=1.25)
    # At 1.5 the window is exactly 0.5 s old: 4 in 0.5 s, over the 3.5 s left: 28 (< 46).
    assert share.reserve(1.5, trip=0.25, end=5.0) == 28
    assert share.reserve(1.5, trip=0.25, end=4.0) == 46  # 3.0 s = 12 round trips long
    assert share.reserve(1.5, trip=0.25, end=4.25) == 22  # 13: 4 in 0.5 s, over 2.75 s


def test_a_reopened_window_is_as_long_as_it_was() -> None:
    """Reopened, a window began when it did (the pace cap is for windows of more than
    `PACE_TRIPS` round trips, counted from their start)."""
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=50, own_sent=0, now=0.5)
    share.close_window(own=50, now=1.0, limit=100)  # others: half, 50
    share.observe(consumed=2, own_sent=0, now=1.25)
    share.close_window(own=10, now=2.0, limit=100)  # as if begun at 2.0: 9 trips to 4.25
    share.reopen()  # it began at 1.0: 13 trips
    # 2 in the 0.5 s before 1.5, over the 2.75 s left: 11 (less than 50 - 2).
    assert share.reserve(1.5, trip=0.25, end=4.25) == 11


def test_a_reopened_window_stalls_as_it_would_have() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=10, own_sent=0, now=0.5)
    share.close_window(own=10, now=1.0, limit=20)  # others: half of 20
    share.observe(consumed=4, own_sent=0, now=1.1)
    share.close_window(own=5, now=2.0, limit=20)
    share.reopen()  # their 4 at 1.1 are back, and when they came
    assert share.reserve(1.2, trip=0.1) == 10 - 4
    assert share.reserve(1.35, trip=0.1) == 0  # stalled since 1.1


def test_a_reopened_first_window_keeps_what_others_had_in_flight() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=4, own_sent=0, now=0.5)
    share.observe(consumed=6, own_sent=0, now=0.95)
    assert share.reserve(1.0, trip=0.1, end=5.0) == 6 - 4
    share.close_window(own=3, now=1.0)
    share.reopen()
    assert share.reserve(1.0, trip=0.1, end=5.0) == 6 - 4


@pytest.mark.parametrize(
    ("fraction", "limit", "cap"), [(1.0, 30, None), (0.5, 30, 15), (0.01, 30, 1), (0.5, None, None)]
)
def test_an_explicit_share_caps_each_window(
    fraction: float, limit: int | None, cap: int | None
) -> None:
    assert ShareEstimate(fraction).cap(limit) == cap


def test_a_window_that_went_on_is_reopened_with_every_request_sent_in_it() -> None:
    window = Window()
    window.count(consumed=5, remaining=5)  # a limit of 10
    assert window.observe(remaining=5, reset=100.0, in_flight=0)
    window.take()
    window.take()
    window.roll_over()
    window.take()  # sent after the end reckoned for it
    window.reopen(reset=100.0, remaining=2, in_flight=1)
    assert (window.reset, window.ended, window.lowest, window.sent) == (100.0, None, 2, 3)
    assert window.budget == 2 - 1


def test_a_reopened_window_s_share_is_as_before_it_closed() -> None:
    share = ShareEstimate()
    share.observe(consumed=8, own_sent=3, now=1.0)  # the first answer: a baseline of 5
    share.observe(consumed=12, own_sent=4, now=1.2)  # others rose by 3
    share.close_window(own=4, now=2.0)
    assert share.others == 3.0
    share.reopen()
    assert share.others == 0.0  # no window closed after all
    assert share.reserve(now=2.0, trip=0.1) == 0
    share.observe(consumed=14, own_sent=5, now=2.1)  # the baseline still holds: 4 now
    share.close_window(own=5, now=3.0)
    assert share.others == 4.0
    share.reopen()
    share.reopen()  # twice: nothing more to undo
    assert share.others == 0.0


def test_a_fresh_share_estimate_has_nothing_to_reopen() -> None:
    share = ShareEstimate()
    share.reopen()
    assert (share.others, share.reserve(now=1.0, trip=0.1)) == (0.0, 0)


def test_reopening_restores_the_samples_and_keeps_their_memory() -> None:
    assert SHARE_MEMORY == 2
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)  # a baseline of 0
    for others in (3, 5, 1):  # parts 3/4, 5/6, 1/2
        share.observe(consumed=others + 1, own_sent=1, now=1.0)
        share.close_window(own=1, now=1.0, limit=12)
    assert share.others == pytest.approx(10.0)  # the last two: 5/6 and 1/2 of 12
    share.reopen()  # the window with 1 went on
    assert share.others == pytest.approx(10.0)  # 3/4 and 5/6
    share.close_window(own=2, now=2.0, limit=12)  # it ends after all, with 2 of ours: 1/3
    assert share.others == pytest.approx(10.0)
    share.close_window(own=1, now=3.0, limit=12)  # then one with none of theirs: 1/3 and 0
    assert share.others == pytest.approx(4.0)


# -- BlindLimit ---------------------------------------------------------------------------------


def test_without_headers_requests_go_freely_and_the_successes_before_a_refusal_are_the_limit() -> (
    None
):
    blind = BlindLimit()
    assert blind.may_send(in_flight=50)  # nothing learned: send freely
    for n in range(12):
        blind.sending(n / 100)
        blind.answered(0, refused=False, sent=n / 100)
    assert blind.next_at() is None
    blind.answered(0, refused=True, sent=0.2)
    assert blind.ending
    assert blind.limit is None
    assert blind.floor == pytest.approx(0.2)  # the window went on 0.2 s after it opened
    blind.answered(0, refused=False, sent=0.2)  # a success of the ended window counts in it
    blind.next_window(in_flight=2, now=1.3)
    learned: tuple[int | None, int, int, int] = (13, 1, 2, 0)
    assert (blind.limit, blind.window, blind.sent, blind.succeeded) == learned
    assert (blind.period, blind.proven) == (1.3, False)  # first request to the gate's end
    assert not blind.ending
    blind.answered(0, refused=False, sent=0.3)  # late: of window 0
    assert blind.succeeded == 0


def test_a_window_without_successes_keeps_the_limit() -> None:
    blind = BlindLimit()
    blind.limit = 9
    blind.answered(0, refused=True, sent=0.0)
    blind.next_window(in_flight=0, now=1.0)
    assert blind.limit == 9


@pytest.mark.parametrize(("succeeded", "limit"), [(0, None), (1, 1), (2, 2)])
def test_the_first_gate_learns_the_limit_from_at_least_one_success(
    succeeded: int, limit: int | None
) -> None:
    blind = BlindLimit()
    blind.succeeded = succeeded
    blind.next_window(in_flight=0, now=1.0)
    assert blind.limit == limit


def test_a_later_window_s_successes_do_not_change_the_limit() -> None:
    """Once learned, the limit changes only by a refused pace that had held: a window cut
    short by a refusal has fewer successes than it allows."""
    blind = BlindLimit()
    blind.limit = 9
    blind.answered(0, refused=False, sent=0.0)
    blind.answered(0, refused=True, sent=0.0)
    blind.next_window(in_flight=0, now=1.0)
    assert blind.limit == 9


@pytest.mark.parametrize(
    ("period", "floor", "pace"),
    [
        (None, 0.0, None),  # no period: no pace
        (1.2, 1.16, 1.2),  # the bounds within PERIOD_CLOSE: the period
        (PERIOD_CLOSE, 0.0, PERIOD_CLOSE),  # ... exactly PERIOD_CLOSE apart
        (1.02, 0.2, 1.02),  # on a whole second (with its margin), nothing shorter than one
        (2.03, 1.0, 2.03),  # on a whole second, and the one below refused
        (2.099, 1.0, 2.099),  # ... just within PERIOD_CLOSE of 2 s and its margin
        (2.101, 1.0, 2.05),  # ... just past it: the whole second, with its margin, is tried
        (2.03, 0.5, 2.03 - 0.25 * 1.53),  # the one below not refused: a quarter of the way
        (1.3, 0.2, 1.05),  # the whole second (with its margin) at or past the quarter step
        (2.2, 0.9, 2.05),  # ... below the period by more than the margin
        (2.2, 2.06, 2.2 - 0.25 * 0.14),  # ... none: the next is 3 s
        (2.04, 0.2, 2.04 - 0.25 * 1.84),  # 2 s is within the margin of the period: no test
        (1.1, 0.0, 1.1 - 0.25 * 1.1),  # ... exactly the margin below it: no gain, no test
        (60.9, 0.75, 46.05),  # the quarter step at 45.9 s
        (0.8, 0.1, 0.8 - 0.25 * 0.7),  # under a second
    ],
)  # fmt: skip
def test_the_next_pace_steps_from_the_period_towards_the_floor_by_whole_seconds(
    period: float | None, floor: float, pace: float | None
) -> None:
    blind = BlindLimit()
    blind.period, blind.floor = period, floor
    assert blind.next_pace() == (None if pace is None else pytest.approx(pace))


def paced(*, limit: int = 4, period: float = 1.0, opened: float = 10.0) -> BlindLimit:
    """A blind pacer whose limit and period are known, its window opened at `opened`."""
    blind = BlindLimit()
    blind.limit, blind.period, blind.floor = limit, period, period
    blind.sending(opened)
    return blind


def test_a_window_s_requests_go_evenly_over_its_pace() -> None:
    blind = paced(limit=4, period=1.0, opened=10.0)
    assert (blind.opened, blind.pace, blind.sent) == (10.0, 1.0, 1)
    assert blind.next_at() == pytest.approx(10.25)
    blind.sending(10.25)
    assert blind.next_at() == pytest.approx(10.5)
    assert blind.may_send(in_flight=9)  # paced: as many in flight as the pace allows


@pytest.mark.parametrize(
    ("limit", "opened", "pace"),
    [(None, 10.0, 1.0), (4, None, 1.0), (4, 10.0, None)],
)
def test_without_a_limit_an_opened_window_or_a_pace_requests_are_not_paced(
    limit: int | None, opened: float | None, pace: float | None
) -> None:
    blind = BlindLimit()
    blind.limit, blind.opened, blind.pace, blind.sent = limit, opened, pace, 2
    assert blind.next_at() is None


def test_with_a_limit_and_no_period_one_request_goes_at_a_time() -> None:
    blind = BlindLimit()
    blind.limit = 4
    assert not blind.may_send(in_flight=1)
    assert blind.may_send(in_flight=0)


def test_the_request_after_the_limit_opens_the_next_window() -> None:
    blind = paced(limit=2, period=1.3, opened=10.0)
    blind.floor = 0.2
    blind.sending(10.5)
    assert blind.past_limit
    blind.sending(11.05)  # the next window's first, 1.05 s after this one's
    assert (blind.window, blind.opened, blind.sent, blind.succeeded) == (1, 11.05, 1, 0)
    assert blind.opener == pytest.approx((11.05, 1.05))
    assert blind.paces == {0: 1.3, 1: pytest.approx(1.05)}
    assert not blind.past_limit


def test_a_window_s_first_request_going_through_proves_the_pace_it_was_sent_at() -> None:
    blind = paced(limit=2, period=1.3, opened=10.0)
    blind.floor = 0.2
    blind.sending(10.5)
    blind.sending(11.05)
    blind.answered(1, refused=False, sent=11.05)
    assert blind.period == pytest.approx(1.05)
    assert (blind.proven, blind.opener) == (True, None)
    assert blind.pace == pytest.approx(1.05)  # this window's, from the proof: 1 s (+ margin)
    assert blind.paces[1] == blind.pace
    blind.answered(1, refused=False, sent=11.2)  # not the first: no lesson
    assert blind.period == pytest.approx(1.05)
    assert blind.succeeded == 2


def test_a_first_request_going_through_later_than_the_period_keeps_the_period() -> None:
    blind = paced(limit=1, period=1.0, opened=10.0)
    blind.sending(11.2)  # late (a slow event loop): 1.2 s after the last
    blind.answered(1, refused=False, sent=11.2)
    assert (blind.period, blind.proven) == (1.0, True)


@pytest.mark.parametrize(
    ("limit", "period", "proven", "sent_pace", "learned"),
    [
        # (limit, period, proven, pace the refused request went at) -> (limit, period, floor)
        (40, 1.3, False, 1.0, (40, 1.3, 1.0)),  # faster than the period: the floor
        (40, 1.3, True, 1.0, (40, 1.3, 1.0)),  # ... proven or not
        (40, 1.0, True, 1.0, (38, 1.0, 0.5)),  # at a proven period: 5 % off the limit
        (10, 1.0, True, 1.0, (9, 1.0, 0.5)),  # ... at least one
        (40, 1.04, True, 1.0, (38, 1.04, 0.5)),  # ... within PERIOD_CLOSE of it
        (40, 1.05, True, 1.0, (38, 1.05, 0.5)),  # ... exactly PERIOD_CLOSE below it
        (2, 1.0, True, 1.0, (1, 1.0, 0.5)),  # ... down to one
        (40, 1.0, False, 1.0, (40, None, 1.0)),  # at an unproven period: no period
        (1, 1.0, True, 1.0, (1, None, 1.0)),  # ... or a limit of one
    ],
)  # fmt: skip
def test_a_refused_pace_raises_the_floor_or_lowers_the_limit(
    limit: int,
    period: float,
    proven: bool,
    sent_pace: float,
    learned: tuple[int, float | None, float],
) -> None:
    blind = BlindLimit()
    blind.limit, blind.period, blind.proven, blind.floor = limit, period, proven, 0.5
    blind.window, blind.paces = 3, {2: sent_pace}
    blind.answered(2, refused=True, sent=10.0)  # of the window before: its pace counts
    assert (blind.limit, blind.period, blind.floor) == learned
    assert blind.ending


def test_a_refusal_with_no_pace_bounds_the_period_from_below_by_its_offset() -> None:
    blind = BlindLimit()
    blind.sending(10.0)
    blind.answered(0, refused=True, sent=10.3)  # arrived while the window went on
    assert blind.floor == pytest.approx(0.3)
    blind.floor = 0.2
    blind.period = 1.0
    blind.answered(0, refused=True, sent=11.0)  # at the period: it was wrong
    assert blind.period is None
    assert blind.floor == pytest.approx(1.0)


def test_a_late_refusal_of_an_older_window_ends_the_window_and_teaches_nothing() -> None:
    blind = BlindLimit()
    blind.window, blind.opened, blind.floor = 3, 10.0, 0.5
    blind.answered(1, refused=True, sent=9.0)
    assert blind.ending
    assert blind.floor == 0.5


def test_a_gate_bounds_the_period_from_above_when_tighter() -> None:
    blind = paced(limit=4, period=2.0, opened=10.0)
    blind.floor, blind.proven = 0.3, True
    blind.answered(0, refused=True, sent=10.9)
    blind.next_window(in_flight=0, now=11.4)  # the gate: the window was over by then
    assert blind.period == pytest.approx(1.4)
    assert not blind.proven
    assert blind.opened is None  # the next window opens with its first request
    blind.sending(11.5)
    assert blind.opened == 11.5
    blind.proven = True
    blind.answered(1, refused=True, sent=12.0)
    blind.next_window(in_flight=0, now=13.5)  # a longer span: the tighter bound stays
    assert blind.period == pytest.approx(1.4)
    assert blind.proven
    blind.period = 1.5
    blind.sending(14.0)
    blind.next_window(in_flight=0, now=15.5)  # a span equal to it: proven still
    assert (blind.period, blind.proven) == (1.5, True)


@pytest.mark.parametrize(
    ("floor", "gate_end"),
    [
        (2.0, 11.0),  # within the floor
        (0.5, 10.5),  # exactly at it
    ],
)
def test_a_gate_within_the_floor_teaches_no_period(floor: float, gate_end: float) -> None:
    blind = BlindLimit()
    blind.limit, blind.floor = 3, floor
    blind.sending(10.0)
    blind.refused_in = 0
    blind.next_window(in_flight=0, now=gate_end)
    assert blind.period is None
    assert blind.floor == floor


@pytest.mark.parametrize(
    ("window", "sent", "opened"),
    [
        (0, 10.0, 10.3),  # the window's first request: it opened the window that much later
        (0, 10.25, 10.0),  # another request of the window: no shift
        (1, 10.0, 10.0),  # a request of another window sent at the same instant: none
    ],
)
def test_a_window_s_first_request_answered_late_moves_its_start(
    window: int, sent: float, opened: float
) -> None:
    blind = paced(limit=4, period=1.0, opened=10.0)
    blind.answered(window, refused=False, sent=sent, late=0.3)
    assert blind.opened == pytest.approx(opened)


def test_the_paces_kept_are_this_window_s_and_the_one_before() -> None:
    blind = paced(limit=1, period=1.0, opened=10.0)
    for n in range(1, 4):
        blind.sending(10.0 + n)
    assert sorted(blind.paces) == [2, 3]
    blind.next_window(in_flight=0, now=14.5)
    blind.sending(14.5)
    assert sorted(blind.paces) == [3, 4]


# -- edges mutation testing found (make mutation) ------------------------------------------------


def test_the_spread_decays_by_three_quarters_each_sample() -> None:
    trip = RoundTrip()
    for sample in (0.2, 0.6, 0.6):
        trip.observe(sample)
    first = BETA * 0.4
    mean = (1 - ALPHA) * 0.2 + ALPHA * 0.6
    assert trip.spread == pytest.approx((1 - BETA) * first + BETA * abs(mean - 0.6))


def test_one_request_of_ours_is_a_lesson_and_so_is_one_of_theirs() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=1, own_sent=0, now=0.5)  # one of theirs
    share.close_window(own=0, now=1.0)
    assert share.others == 1.0
    share.close_window(own=1, now=2.0)  # one of ours, none of theirs: a sample of 0
    share.close_window(own=1, now=3.0)
    assert share.others == 0.0


def test_a_reserve_of_one_is_kept_and_released() -> None:
    share = ShareEstimate()
    share.observe(consumed=0, own_sent=0, now=0.0)
    share.observe(consumed=1, own_sent=0, now=0.5)
    share.close_window(own=3, now=1.0)  # others: 1 a window
    assert share.reserve(1.0, 0.25) == 1
    assert share.released(0.25) == 1.0 + QUIET_TRIPS * 0.25
    assert share.reserve(1.0 + QUIET_TRIPS * 0.25, 0.25) == 0  # exactly the quiet time


def test_a_reopened_window_after_one_a_429_showed_full_still_keeps_its_reserve() -> None:
    share = stalled_in_a_window_after(True)  # this window follows one shown full
    share.close_window(own=3, now=2.0)
    share.reopen()  # it went on
    share.observe(consumed=8, own_sent=3, now=2.1)
    assert share.reserve(2.1 + QUIET_TRIPS * 0.1 + 0.001, 0.1) == 5  # 10 less their 5 so far
