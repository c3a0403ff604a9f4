"""Pacing shared by token: clients of one token in a process pace as one; `budget_share=`
for a token split on purpose between processes; `rate_limit_patience=` for how long the
server's 429 waits may add up before they count as retries."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest
from segment_profiles_sync import (
    AsyncProfilesSync,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ProfilesSync,
)
from segment_profiles_sync._constants import ARRIVAL_MARGIN
from segment_profiles_sync._pacing import Pacer, shared_pacer
from segment_profiles_sync._pacing._pacer import _SHARED
from segment_profiles_sync.retry import RetryPlan, is_free_retry

from tests.test_pacing import T0, answered, headers, no_jitter

URL = "https://api.segmentapis.com"


def test_clients_of_one_token_share_one_pacer() -> None:
    """Blocking and asyncio, same token and API root: one pacer. Another token, another root
    or another share: another pacer."""
    a = ProfilesSync("token-a", base_url=URL)
    b = AsyncProfilesSync("token-a", base_url=URL)
    assert a._pacer is not None
    assert a._pacer is b._pacer
    assert ProfilesSync("token-b", base_url=URL)._pacer is not a._pacer
    assert ProfilesSync("token-a", region="eu")._pacer is not a._pacer
    assert ProfilesSync("token-a", base_url=URL, budget_share=0.5)._pacer is not a._pacer
    assert ProfilesSync("token-a", base_url=URL, pace_requests=False)._pacer is None
    a.close()


def test_the_registry_never_holds_the_token_and_lets_pacers_go() -> None:
    pacer = shared_pacer(URL, "sekrit-token-value")
    assert all("sekrit" not in key for key in _SHARED)
    assert all(len(key) == 64 for key in _SHARED)  # a SHA-256, not the token
    gone = weakref.ref(pacer)
    del pacer
    gc.collect()
    assert gone() is None  # the registry held it weakly


def test_a_shared_pacer_spends_one_budget() -> None:
    """What one client learned of the window limits the other: Remaining 2 allows two
    requests in all, not two each."""
    first = ProfilesSync("token-c", base_url=URL)
    second = ProfilesSync("token-c", base_url=URL)
    pacer = first._pacer
    assert pacer is not None
    answered(pacer, T0, remaining=2, reset=T0 + 1, date=T0)
    assert pacer.reserve(T0).wait == 0
    assert second._pacer is pacer
    assert pacer.reserve(T0).wait == 0
    assert pacer.reserve(T0).for_answer  # the window's two are out: wait for their answers


def test_a_budget_share_plans_with_that_part_of_each_window() -> None:
    """Limit 10 (Consumed 1 + Remaining 9) and a share of 0.5: five requests this window
    (the first, and four more), then a wait, although the server would take five more."""
    pacer = Pacer(rng=no_jitter, share=0.5)
    answered(pacer, T0, remaining=9, reset=T0 + 1, date=T0, consumed=1)
    tickets = [pacer.reserve(T0) for _ in range(4)]
    assert all(t.wait == 0 for t in tickets)
    assert pacer.reserve(T0).for_answer
    for ticket in tickets:
        pacer.observe(ticket.seq, 200, headers(remaining=5, reset=T0 + 1, date=T0), b"", T0)
    blocked = pacer.reserve(T0 + 0.1)
    # The share is spent: wait for the next window (a second after the first request, and a
    # moment more: a client alone does not know Reset to be exact).
    assert blocked.wait == pytest.approx(0.9 + ARRIVAL_MARGIN)
    assert pacer.reserve(T0 + 1.0 + ARRIVAL_MARGIN).wait == 0  # a new window, a new share


@pytest.mark.parametrize(
    ("value", "error"),
    [(0, InvalidArgumentError), (1.5, InvalidArgumentError), ("half", InvalidArgumentTypeError),
     (True, InvalidArgumentTypeError)],
)  # fmt: skip
def test_budget_share_is_checked(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="budget_share"):
        ProfilesSync("t", base_url=URL, budget_share=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "error"),
    [(-1, InvalidArgumentError), (float("inf"), InvalidArgumentError),
     ("soon", InvalidArgumentTypeError)],
)  # fmt: skip
def test_rate_limit_patience_is_checked(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="rate_limit_patience"):
        ProfilesSync("t", base_url=URL, rate_limit_patience=value)  # type: ignore[arg-type]


def test_patience_decides_which_429_waits_are_free() -> None:
    """Within `patience`, a server-directed wait is the same attempt again; past it, it
    counts against max_retries; 0 makes every one count."""
    plan = RetryPlan(reason="429", delay=30.0, server_directed=True)
    assert is_free_retry(429, plan, 60.0, 2, patience=120.0)
    assert not is_free_retry(429, plan, 100.0, 2, patience=120.0)
    assert not is_free_retry(429, plan, 0.0, 2, patience=0.0)
    assert is_free_retry(429, plan, 0.0, 2)  # the default: RATE_LIMIT_PATIENCE


def test_patience_reaches_the_transport_and_counts(
    emulator: object, server: object, vclock: object
) -> None:
    """With `rate_limit_patience=0`, two 429s exhaust max_retries=1: RateLimitError."""
    from segment_profiles_sync import RateLimitError
    from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator, VirtualClock

    assert isinstance(emulator, ProfilesSyncEmulator)
    assert isinstance(server, EmulatorServer)
    assert isinstance(vclock, VirtualClock)
    emulator.rate_limit_next(retry_after=2, times=2)
    strict = ProfilesSync(
        emulator.token, base_url=server.base_url, max_retries=1, rate_limit_patience=0,
        sleep=vclock.sleep, clock=vclock.time, pace_requests=False,
    )  # fmt: skip
    with strict, pytest.raises(RateLimitError):
        list(strict.list_warehouses("9aQ1Lj62S4bomZKLF4DPqW"))
    emulator.rate_limit_next(retry_after=2, times=2)
    patient = ProfilesSync(
        emulator.token, base_url=server.base_url, max_retries=1,
        sleep=vclock.sleep, clock=vclock.time, pace_requests=False,
    )  # fmt: skip
    with patient:
        assert list(patient.list_warehouses("9aQ1Lj62S4bomZKLF4DPqW")) == []


def test_the_command_line_takes_both_flags() -> None:
    from segment_profiles_sync.cli._args import build_parser
    from segment_profiles_sync.cli._runner import _client_options, in_flags

    args = build_parser().parse_args(
        ["--budget-share", "0.5", "--rate-limit-patience", "30", "warehouses", "list",
         "--space", "S"]
    )  # fmt: skip
    assert _client_options(args) == {"budget_share": 0.5, "rate_limit_patience": 30.0}
    assert in_flags("budget_share must be …") == "--budget-share must be …"
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync", "--budget-share", "2", "warehouses",
         "list", "--space", "S"],
        capture_output=True, text=True, check=False,
        env={"SEGMENT_PUBLIC_API_TOKEN": "t", "PATH": ""},
    )  # fmt: skip
    assert result.returncode == 64
    assert "--budget-share must be more than 0 and at most 1" in result.stderr
