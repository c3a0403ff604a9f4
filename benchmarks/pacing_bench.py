"""Pacing figures for `make bench` beyond one process: processes sharing a token, a server
that sends only `Retry-After`, and the ablation of each pacing rule.

The first two run against the emulator in its own process over real HTTP, the clients in
real separate processes (each its own pacer, as two CI jobs on one token are). The ablation
turns one rule off at a time and replays the deterministic simulation (virtual time: 60 s
windows cost milliseconds) in the case that rule is for, at 1 s and 60 s windows.
"""

from __future__ import annotations

import contextlib
import json
import math
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from segment_profiles_sync.testing._simulation import share_of_windows

# A client process: creates in its own space, `in_flight` at a time; prints its counts.
CHILD = r"""
import asyncio, json, sys, time
import httpx
from segment_profiles_sync import AsyncProfilesSync

class Counting(httpx.AsyncHTTPTransport):
    requests = refused = 0
    async def handle_async_request(self, request):
        Counting.requests += 1
        response = await super().handle_async_request(request)
        Counting.refused += response.status_code == 429
        return response

async def main(url, token, space, count, in_flight):
    gate = asyncio.Semaphore(in_flight)
    errors = 0
    async with AsyncProfilesSync(token, base_url=url, transport=Counting()) as aps:
        async def one(n):
            nonlocal errors
            async with gate:
                try:
                    await aps.create_warehouse(space, metadata_id="CCIl4HLQPz",
                                               settings={"a": 1}, name=f"p{n}")
                except Exception:
                    errors += 1
        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        wall = time.perf_counter() - started
    print(json.dumps({"requests": Counting.requests, "refused": Counting.refused,
                      "errors": errors, "wall": wall}))

asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
"""


@dataclass
class Together:
    """Several processes' counts, added up."""

    requests: int
    refused: int
    errors: int
    wall: float

    def per_100(self) -> float:
        return 100.0 * self.refused / max(1, self.requests)

    def fraction(self, limit: int, window: float) -> float:
        return share_of_windows(self.requests - self.refused, limit, window, self.wall)


def processes_at_once(
    url: str, token: str, spaces: list[str], creates: int, in_flight: int
) -> Together:
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                url,
                token,
                space,
                str(creates // len(spaces)),
                str(in_flight),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for space in spaces
    ]
    counts = [json.loads(child.communicate(timeout=600)[0]) for child in children]
    return Together(
        requests=sum(c["requests"] for c in counts),
        refused=sum(c["refused"] for c in counts),
        errors=sum(c["errors"] for c in counts),
        wall=max(c["wall"] for c in counts),
    )


# -- the ablation -------------------------------------------------------------------------------


@contextlib.contextmanager
def patched(target: Any, name: str, value: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, original)


def _trusting_outlived(self: Any, reset: float, date: float) -> None:
    """`ResetResolution.outlived` as it was before one proof undid the trust in Reset."""
    from segment_profiles_sync._constants import ROUNDING_PROOFS

    if reset <= date and not self.truncates:
        self._proofs.add(reset)
        self.truncates = len(self._proofs) >= ROUNDING_PROOFS


def _in_current_by_reset(self: Any, sent: float | None, now: float) -> bool:
    """`Pacer._in_current` by Reset alone, rounded down or not."""
    current = self._window.reset
    return current is not None and sent is not None and not self._past(current, sent, now)


def _rules() -> list[tuple[str, str, dict[str, Any], Callable[[], Any]]]:
    """(rule, the case it is for, simulate() options, a context manager turning it off)."""
    from segment_profiles_sync._constants import PERIOD_CLOSE, PERIOD_STEP
    from segment_profiles_sync._pacing import _pacer, _reset, _share
    from segment_profiles_sync._pacing._blind import BlindLimit
    from segment_profiles_sync._pacing._reset import ResetResolution
    from segment_profiles_sync._pacing._share import ShareEstimate

    def no_ramp(self: _pacer.Pacer, consumed: int | None) -> None:
        self._ramp_decided, self._ramp = True, None

    def stepped_pace(self: BlindLimit) -> float | None:
        if self.period is None:
            return None
        gap = self.period - self.floor
        return self.period - (PERIOD_STEP * gap if gap > PERIOD_CLOSE else 0.0)

    one_slow_early = {"mode": "aligned", "trip": 0.5, "phase": 0.05}
    one_slow_late = {"mode": "aligned", "trip": 0.5, "phase": 0.9}
    one_rolling = {"mode": "rolling", "trip": 0.3}
    two = {"mode": "aligned", "trip": 0.1, "clients": 2, "requests": 600}
    three = {"mode": "aligned", "trip": 0.1, "clients": 3, "requests": 600}
    blind = {"mode": "rolling", "trip": 0.1, "headers": False}
    # Where a client alone starts no window before a second after its opener, the rounding
    # rules below buy nothing for it: their cases are two processes on the token.
    two_rolling = {"mode": "rolling", "trip": 0.1, "clients": 2, "requests": 600, "phase": 0.9}
    two_case = "two processes, 0.1 s, rolling, the server's second at 0.9 of ours"
    # Processes against the documented 429 (no window headers on refusals).
    two_bare = {**two_rolling, "phase": 0.3, "refusal_headers": False}
    two_bare_case = "two processes, 0.1 s, rolling, --bare-429, the server's second at 0.3 of ours"
    return [
        ("Date read halfway through the trip",
         "one client, 0.3 s, rolling, the server's second at 0.05 of ours",
         {**one_rolling, "phase": 0.05},
         lambda: patched(_pacer, "_stamped", lambda sent, now: now)),
        ("requests for the next window sent half a trip before Reset",
         "one client, 0.5 s, aligned, the server's second at 0.05 of ours", one_slow_early,
         lambda: patched(_reset, "lead", lambda trip, margin: 0.0)),
        ("held requests wake at an exact Reset's end, not at the next answer",
         "one client, 0.5 s, aligned, the server's second at 0.9 of ours", one_slow_late,
         lambda: patched(_pacer.Pacer, "_answer_wait", lambda self, end, now: 2.0)),
        ("a window counting requests sent after its reckoned end is reopened",
         two_case, two_rolling,
         lambda: patched(_pacer.Pacer, "_went_on", lambda self, reset, sent: False)),
        ("probes until Reset is trusted", two_case, two_rolling,
         lambda: patched(ResetResolution, "known", property(lambda self: True))),
        ("a 429 stamped past Reset, or a request counted after its window's reckoned end, "
         "proves rounding", "two processes, 0.3 s, rolling, --bare-429, the server's second "
         "at 0.9 of ours", {**two_rolling, "trip": 0.3, "refusal_headers": False},
         lambda: patched(ResetResolution, "outlived", lambda self, *a: None)),
        ("a window's length: the one whole number of seconds its openers' Resets allow",
         "two processes, 0.3 s, rolling, --bare-429, the server's second at 0.5 of ours",
         {**two_bare, "trip": 0.3, "phase": 0.5},
         lambda: patched(ResetResolution, "_whole_span", lambda self: None)),
        ("alone, no window starts before a whole second after the last one's opener, until "
         "rounding is proven", "one client, 0.1 s, rolling, --bare-429",
         {**one_rolling, "trip": 0.1, "refusal_headers": False},
         lambda: patched(ResetResolution, "_a_second_after_opener",
                         lambda self, trip: -math.inf)),
        ("a window's length bounded only by the first request it counted",
         two_bare_case, two_bare,
         lambda: patched(_pacer, "_counted_first", lambda consumed: True)),
        ("with others, after a 429 that named no window the first request goes alone",
         "two processes, 0.1 s, aligned, --bare-429, the server's second at 0.3 of ours",
         {**two_bare, "mode": "aligned"},
         lambda: patched(_pacer.Pacer, "_window_lost", lambda self: False)),
        ("with others, a probe tests Reset only if it reached the server at Reset",
         two_bare_case, two_bare,
         lambda: patched(_pacer.Pacer, "_probe_tested", lambda self, sent, now: True)),
        ("with others, a 429 that named no window proves rounding only if it reached the "
         "server at Reset",
         "two processes, 0.1 s, aligned, --bare-429, the server's second at 0.7 of ours",
         {**two_bare, "mode": "aligned", "phase": 0.7},
         lambda: patched(_pacer.Pacer, "_refused_in",
                         lambda self, last, reset, sent, now: reset is None or reset <= last)),
        ("one rounding proof undoes the trust in an exact Reset",
         "two processes, 0.3 s, rolling, --bare-429, the server's second at 0.9 of ours",
         {**two_bare, "trip": 0.3, "phase": 0.9},
         lambda: patched(ResetResolution, "outlived", _trusting_outlived)),
        ("with others, a 429 that named no window refused in the current one shows it full",
         "two processes, 0.3 s, rolling, --bare-429, the server's second at 0.5 of ours",
         {**two_bare, "trip": 0.3, "phase": 0.5},
         lambda: patched(_pacer.Pacer, "_filled", lambda self, sent, now: None)),
        ("a Retry-After rounded up ends at the refused window's known end",
         "three processes, 0.3 s, aligned, --bare-429, the server's second at 0.638 of ours",
         {**two_bare, "clients": 3, "mode": "aligned", "trip": 0.3, "phase": 0.638},
         lambda: patched(_pacer.Pacer, "_rounded_up",
                         lambda self, until, reset, sent, now: until)),
        ("Retry-After's second counted from the refusal: the known end it rounds may lie a "
         "round trip before it", "three processes, 0.3 s, rolling, --bare-429, the server's "
         "second at 0.346 of ours",
         {**two_bare, "clients": 3, "trip": 0.3, "phase": 0.346},
         lambda: patched(_pacer.Pacer, "_rounded_from", lambda self, until: until - 1)),
        ("with others, a 429 that named no window refutes a whole-second length only if it "
         "reached the server by the ended window's Reset",
         "two processes, 0.3 s, rolling, --bare-429, the server's second at 0.7 of ours",
         {**two_bare, "trip": 0.3, "phase": 0.7},
         lambda: patched(_pacer.Pacer, "_from_ended", lambda self, reset, sent, now: True)),
        ("after a window a 429 showed full, the next keeps its reserve past the others' stall",
         "two processes, 0.1 s, aligned, --bare-429, the server's second at 0.1 of ours",
         {**two_bare, "mode": "aligned", "phase": 0.1},
         lambda: patched(ShareEstimate, "filled", lambda self: None)),
        ("with Reset rounded down, a request sent before its window's reckoned end came in it "
         "(for the full-window and rounded-up Retry-After rules)",
         "two processes, 0.3 s, rolling, --bare-429, the server's second at 0.5 of ours",
         {**two_bare, "trip": 0.3, "phase": 0.5},
         lambda: patched(_pacer.Pacer, "_in_current", _in_current_by_reset)),
        ("the gate after a 429", "only Retry-After, 0.1 s, rolling", blind,
         lambda: patched(_pacer, "MAX_SERVER_DIRECTED_WAIT", -1.0)),
        ("a reserve left for others on the token", "two processes, 0.1 s", two,
         lambda: patched(ShareEstimate, "reserve", lambda self, *args: 0)),
        ("others' share taken as a part of the window, not a count",
         "three processes, 0.3 s, aligned", {**three, "trip": 0.3},
         lambda: patched(_share, "part",
                         lambda sample, own, limit: sample / (limit or sample + max(own, 0)))),
        ("in a first window, what others have in flight left to them",
         "three processes, 0.1 s, aligned", three,
         lambda: patched(ShareEstimate, "_in_flight", lambda self, now, trip: 0)),
        ("what is left to others capped by their pace", "three processes, 0.3 s, rolling",
         {**three, "mode": "rolling", "trip": 0.3},
         lambda: patched(ShareEstimate, "_at_their_pace", lambda self, *args: None)),
        ("with others on the token, the budget spread over a quarter of the window left",
         "three processes, 0.1 s, aligned", three,
         lambda: patched(_pacer.Pacer, "_spread", lambda self, now: None)),
        ("... and over no more than three round trips (a long window's quarter is many)",
         "three processes, 0.1 s, rolling", {**three, "mode": "rolling"},
         lambda: patched(_pacer, "SPREAD_OVER_TRIPS", 1e9)),
        ("with others on the token, a window's last request waits for our answers in flight "
         "(the window's look)", "three processes, 0.3 s, aligned, the server's second at 0.013 "
         "of ours", {**three, "trip": 0.3, "phase": 0.013},
         lambda: patched(_pacer.Pacer, "_looks_late", lambda self, budget: False)),
        ("slow start when the first answer shows others", "three processes, 0.1 s", three,
         lambda: patched(_pacer.Pacer, "_decide_ramp", no_ramp)),
        ("the limit learned from 429s, spread over the learned pace",
         "only Retry-After, 0.1 s, rolling", blind,
         lambda: patched(BlindLimit, "next_at", lambda self: None)),
        ("whole-second paces", "only Retry-After, 0.1 s, rolling", blind,
         lambda: patched(BlindLimit, "next_pace", stepped_pace)),
        ("a window's pace re-set when its first answer proves the last",
         "only Retry-After, 0.3 s, rolling", {**blind, "trip": 0.3},
         lambda: patched(BlindLimit, "_repace", lambda self: None)),
        ("a refused pace that had held takes 5 % off the limit",
         "only Retry-After, 0.3 s, aligned, the server's second at 0.5 of ours",
         {**blind, "mode": "aligned", "trip": 0.3, "phase": 0.5},
         lambda: patched(BlindLimit, "proven", property(lambda self: False,
                                                        lambda self, value: None))),
    ]  # fmt: skip


LIMITS = {1.0: 30, 60.0: 150}


def ablation(*, smoke: bool = False) -> list[tuple[str, str, dict[float, tuple[Any, Any]]]]:
    """Per rule: its case, and per window length the outcome with the rule on and off
    (`smoke`: the first rule at 1 s only)."""
    from segment_profiles_sync.testing._simulation import simulate

    rows = []
    for rule, case, options, off in _rules()[:1] if smoke else _rules():
        by_window = {}
        for window, limit in list(LIMITS.items())[:1] if smoke else LIMITS.items():
            on = simulate(window=window, limit=limit, **options)
            with off():
                without = simulate(window=window, limit=limit, **options)
            by_window[window] = (on, without)
        rows.append((rule, case, by_window))
    return rows


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    return fn(), time.perf_counter() - started
