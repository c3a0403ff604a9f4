"""Deterministic pacing simulations: real clients, the real emulator, and virtual time.

`VirtualTimeLoop` is an asyncio loop whose clock is a number: when nothing is ready it jumps
to the next timer instead of sleeping. The emulator's latency (`asyncio.sleep` in its
in-process transport), its windows and `Date` (its `clock=`), and the clients' pacing waits
(`sleep=asyncio.sleep`, `clock=loop.time`) all follow it, so a run of 400 requests through
0.3 s round trips and 60 s windows takes a fraction of a real second and gives the same counts
every time. Everything between the two ends is the code users run: transport, retries, the
pacer and its models. Used by tests/test_pacing_simulations.py and `make bench`'s ablation.
"""

from __future__ import annotations

import asyncio
import random
import selectors
from dataclasses import dataclass
from typing import Any

from .._async_client import AsyncProfilesSync
from ._emulator import ProfilesSyncEmulator

T0 = 1_800_000_000.0
TOKEN = "simulated-token"  # noqa: S105 - the emulator's, not a secret


class _JumpingSelector(selectors.DefaultSelector):
    """Polls the real selector; when nothing is ready, moves the loop's clock by the wait."""

    patience = 1.0  # real seconds to wait for another thread when nothing is scheduled

    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        ready = super().select(0)
        if ready or timeout == 0:
            return ready
        if timeout is None:  # no timer due and nothing ready: only another thread can help
            ready = super().select(self.patience)
            if not ready:
                raise RuntimeError("the simulation is stuck: nothing ready, nothing scheduled")
            return ready
        self._loop.now += timeout
        return ready


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on virtual time (see the module doc)."""

    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(selector=_JumpingSelector(self))

    def time(self) -> float:
        return self.now


@dataclass
class Outcome:
    """What one simulated run did, as `make bench` reports it."""

    served: int
    refused: int
    errors: int
    share_of_limit: float  # served per full window, over the limit (idle gaps included)
    # The longest client's run, from its start to its last answer (virtual seconds), and
    # what that allows (`share_of_time`): `make bench`'s measure of separate processes.
    took: float
    share_of_time: float

    @property
    def refusals_per_100(self) -> float:
        return 100.0 * self.refused / max(1, self.served + self.refused)


def share_of_windows(served: int, limit: int, window: float, took: float) -> float:
    """Requests served over what the limit allows in the windows a run touched: at most the
    time it took plus one window (a run can start late in one and end early in another, so
    its time alone would credit it a window it never had). Unlike `share_of_limit` it counts
    the last window: a job waits for its last request, and a last window drawn out (requests
    spread over it, or held for others already gone) is time the job took. (Three processes
    on rolling 5 s windows of 100 at 0.2 s round trips, 600 creates: 97.7 % of the limit by
    full windows, 86.0 % by this, the mean of 24 settings; `make bench`'s row of real
    processes read 83-87 %.)"""
    return served / (limit / window * (took + window))


def _share_of_limit(by_window: dict[float, int], limit: int, window: float) -> float:
    """Requests served in the full windows (all but the last, which the work may not fill),
    over what the limit allows in the time from the first window's start to the last's."""
    starts = sorted(by_window)
    if len(starts) < 2:
        return 0.0
    served = sum(by_window[s] for s in starts[:-1])
    return served / ((starts[-1] - starts[0]) / window * limit)


def simulate(
    *,
    window: float,
    limit: int,
    mode: str = "aligned",
    trip: float = 0.1,
    clients: int = 1,
    headers: bool = True,
    refusal_headers: bool = True,
    requests: int = 400,
    in_flight: int = 20,
    phase: float = 0.37,
    stagger: float = 0.0,
    **client_options: Any,
) -> Outcome:
    """`requests` creates split between `clients` clients (each its own pacer, as separate
    processes have) on one token, `in_flight` at a time each, at the emulator's limit of
    `limit` per `window` seconds. `phase`: where in a second the run starts (windows that do
    not start on whole seconds); `stagger`: each client starts that long after the one
    before (separate processes are not started at one instant)."""
    state = random.getstate()
    random.seed(0)  # the pacers' jitter: the same draws every run
    loop = VirtualTimeLoop()
    emulator = ProfilesSyncEmulator(
        token=TOKEN,
        rate_limit=limit,
        rate_window=window,
        rate_window_mode=mode,
        latency=trip,
        rate_limit_headers=headers,
        rate_limit_refusal_headers=refusal_headers,
        clock=lambda: T0 + phase + loop.time(),
    )
    space = emulator.add_space()

    took: list[float] = []

    async def client(n: int, count: int) -> list[BaseException | None]:
        await asyncio.sleep(n * stagger)  # separate processes start one after another
        started = loop.time()
        gate = asyncio.Semaphore(in_flight)
        async with AsyncProfilesSync(
            TOKEN,
            base_url=f"https://process-{n}.simulation.invalid",  # one pacer each
            transport=emulator.transport(),
            sleep=asyncio.sleep,
            clock=loop.time,
            **client_options,
        ) as aps:

            async def create(k: int) -> None:
                async with gate:
                    await aps.create_warehouse(
                        space, metadata_id="CCIl4HLQPz", settings={"a": 1}, name=f"c{n}-{k}"
                    )

            done = await asyncio.gather(*(create(k) for k in range(count)), return_exceptions=True)
            took.append(loop.time() - started)
            return done

    async def everyone() -> list[list[BaseException | None]]:
        share = requests // clients
        return await asyncio.gather(*(client(n, share) for n in range(clients)))

    try:
        results = loop.run_until_complete(everyone())
    finally:
        loop.close()
        random.setstate(state)
    errors = sum(isinstance(r, BaseException) for rs in results for r in rs)
    if errors:
        print(repr(next(r for rs in results for r in rs if isinstance(r, BaseException))))
    stats = emulator.stats
    return Outcome(
        served=stats.served,
        refused=stats.rate_limited,
        errors=errors,
        share_of_limit=_share_of_limit(stats.by_window, limit, window),
        took=max(took),
        share_of_time=share_of_windows(stats.served, limit, window, max(took)),
    )
