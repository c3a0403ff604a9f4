"""`make bench`: the client's costs as ratios against raw httpx measured in the same run.

    python benchmarks/run.py            # full run, prints a table, writes BENCHMARKS.md
    python benchmarks/run.py --smoke    # a few iterations, writes nothing (run by `make test`)

The server is the emulator's HTTP mode in its own process (its command line), so the CPU time
measured here (`time.process_time`) is the client's alone. Every figure has a baseline taken in
the same run: raw `httpx` doing the same requests and JSON decoding. Figures are medians over
rounds, with min–max, because a shared machine is noisy; ratios hold where seconds do not.
Import times use a separate virtualenv with only the runtime dependencies (`.venv-bench`), as a
user's would be: the development venv has extras (rich, click) that make `import httpx` slower.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
import pacing_bench
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync
from segment_profiles_sync.testing._simulation import share_of_windows

ROOT = Path(__file__).resolve().parent.parent
# Windows of 5 s for processes sharing a token and for a Retry-After-only server: the case
# the likely real (minute-long) windows are closer to than 1 s ones. 20 requests a second.
PROCESS_LIMIT = 100
BLIND_LIMIT = 100
TOKEN = "bench-token"
LIST_SPACE, BIG_SPACE, CREATE_SPACE = "benchListSpace", "benchBigSpace", "benchCreateSpace"
MEDIA = "application/vnd.segment.v1alpha+json"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Accept": MEDIA}
CREATE_BODY = {
    "metadataId": "CCIl4HLQPz",
    "settings": {"account": "acme", "warehouse": "WH", "password": "p"},
    "name": "bench",
}


# Figures from before the one-pass parser, for comparison (BENCHMARKS.md at release 0.1.0,
# commit 5554ba1, same machine class): they are history, not re-measured.
EARLIER = """## Before one-pass parsing (release 0.1.0)

| Figure | then | now (above) |
|---|---|---|
| list call, 1 page of 100, client CPU | 4,280 µs vs 1,441 µs raw = 2.97× | see the table |
| a page's extra time | `from_dict` 1,656 µs + a second type-check walk 440 µs | one checked pass |
| paging throughput, 20,000 items | 8,138 items/s | see the table |
| paging memory, 20,000 items | 6.05 MiB | see the table |

Measured back to back on one machine during this change (not in the table): a page of 100
warehouses with six options each parsed in about 958 µs before the template change and 666 µs
after, and paging 20,000 items went from about 12,500 to 15,300 items/s (the emulator's own
rendering is most of the remaining wall time).
"""


class Settings:
    def __init__(self, smoke: bool) -> None:
        self.smoke = smoke
        self.import_runs = 2 if smoke else 15
        self.rounds = 1 if smoke else 5
        # The list figure is a few hundred µs apart on a noisy 2-core machine: more rounds.
        self.list_rounds = 1 if smoke else 11
        self.list_calls = 3 if smoke else 150
        self.big_total = 600 if smoke else 20_000
        self.small_total = 200 if smoke else 5_000
        self.creates = 10 if smoke else 200
        self.in_flight = 10
        # Desired-state plan at scale: spaces by warehouses by collections.
        self.plan_spaces = 12 if smoke else 200
        self.plan_small_spaces = 4 if smoke else 50
        self.plan_warehouses = 3
        self.plan_collections = 20
        # Bulk work at a rate limit: creates across spaces, a fixed number in flight.
        self.bulk_creates = 40 if smoke else 600
        self.bulk_spaces = 4 if smoke else 20
        self.bulk_in_flight = 20
        self.bulk_limit = 40
        # The blocking client's plan against the async one, at a realistic round trip.
        self.latency_spaces = 8 if smoke else 40
        self.latency_warehouses = 2
        self.latency = 0.15
        # Pacing through real round trips, in both window modes.
        self.pacing_latencies = (0.1, 0.3, 0.5)
        self.shared_latency = 0.2
        self.pacing_creates = 40 if smoke else 400
        self.process_creates = 40 if smoke else 600
        # Separate processes start when the OS runs them, and a 5 s window's share moves a few
        # points run to run (83-87 % in one row over six runs): each row is the median of three.
        self.process_repeats = 1 if smoke else 3


class Figure:
    """One row: the client's value, the baseline's, and goal text; medians with min–max."""

    def __init__(self, name: str, unit: str, client: list[float], baseline: list[float] | None,
                 goal: str, note: str = "") -> None:  # fmt: skip
        self.name, self.unit, self.client, self.baseline = name, unit, client, baseline
        self.goal, self.note = goal, note

    @staticmethod
    def _fmt(values: list[float], unit: str) -> str:
        def num(x: float) -> str:
            return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"

        med = statistics.median(values)
        return f"{num(med)} {unit} ({num(min(values))}–{num(max(values))})"

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return statistics.median(self.client) / statistics.median(self.baseline)

    def row(self) -> list[str]:
        baseline = self._fmt(self.baseline, self.unit) if self.baseline else "—"
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "—"
        return [self.name, self._fmt(self.client, self.unit), baseline, ratio, self.goal, self.note]


# -- the server ----------------------------------------------------------------------------------


@contextmanager
def emulator_process(
    settings: Settings, seeds: list[str] | None = None, extra: list[str] | None = None
) -> Iterator[str]:
    if seeds is None:
        seeds = [f"{LIST_SPACE}:100", f"{BIG_SPACE}:{settings.big_total}", f"{CREATE_SPACE}:0"]
    command = [sys.executable, "-m", "segment_profiles_sync.testing", "--token", TOKEN]
    command += extra or []
    for seed in seeds:
        command += ["--seed", seed]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        yield proc.stdout.readline().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def cpu_per_call(fn: Callable[[], object], calls: int) -> float:
    fn()  # warm: connection, first-call imports
    gc.collect()  # each batch pays for its own garbage, not for the batch before it
    start = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - start) / calls


# -- figures -------------------------------------------------------------------------------------


def bench_python(settings: Settings) -> str:
    """An interpreter with only the package and its runtime dependencies installed."""
    if settings.smoke:
        return sys.executable
    venv = ROOT / ".venv-bench"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        lock = str(ROOT / "requirements-lock.txt")
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "-c", lock, str(ROOT)], check=True)
    else:  # keep it on the working tree's code
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--no-deps", "--force-reinstall", str(ROOT)], check=True)
    return str(python)


def import_times(
    settings: Settings, python: str, ours: str, base: str
) -> tuple[list[float], list[float]]:
    """Wall time of fresh interpreters running each statement, alternating."""
    client: list[float] = []
    baseline: list[float] = []
    for _ in range(settings.import_runs):
        for code, out in ((base, baseline), (ours, client)):
            # A statement, or (starting with "-m ") a module run with its arguments.
            argv = code.split() if code.startswith("-m ") else ["-c", code]
            start = time.perf_counter()
            subprocess.run([python, *argv], check=True, stdout=subprocess.DEVNULL)
            out.append((time.perf_counter() - start) * 1000)
    return client, baseline


def list_overhead(settings: Settings, base_url: str) -> tuple[list[float], list[float]]:
    """Client CPU per one-page list call vs raw httpx, alternating round by round."""
    path = f"/spaces/{LIST_SPACE}/profiles-warehouses"
    client_times: list[float] = []
    raw_times: list[float] = []
    with (
        httpx.Client(base_url=base_url, headers=HEADERS) as raw,
        ProfilesSync(TOKEN, base_url=base_url) as ps,
    ):

        def raw_call() -> object:
            response = raw.get(path, params={"pagination.count": 100})
            response.raise_for_status()
            return json.loads(response.content)["data"]["profilesWarehouses"]

        def client_call() -> object:
            return list(ps.list_warehouses(LIST_SPACE, page_size=100))

        assert len(client_call()) == len(raw_call()) == 100  # type: ignore[arg-type]
        for _ in range(settings.list_rounds):
            raw_times.append(cpu_per_call(raw_call, settings.list_calls) * 1e6)
            client_times.append(cpu_per_call(client_call, settings.list_calls) * 1e6)
    return client_times, raw_times


def retry_layer_cost(settings: Settings, base_url: str) -> tuple[list[float], list[float]]:
    """The same list call with max_retries=2 and max_retries=0, alternating round by round."""
    on_times: list[float] = []
    off_times: list[float] = []
    with (
        ProfilesSync(TOKEN, base_url=base_url, max_retries=2) as on,
        ProfilesSync(TOKEN, base_url=base_url, max_retries=0) as off,
    ):
        for _ in range(settings.rounds):
            for ps, out in ((on, on_times), (off, off_times)):
                call = lambda ps=ps: list(ps.list_warehouses(LIST_SPACE, page_size=100))  # noqa: E731
                out.append(cpu_per_call(call, settings.list_calls) * 1e6)
    return on_times, off_times


def list_cost_breakdown(base_url: str) -> str:
    """Where one list call of a page of 100 goes (client CPU, µs), measured piece by piece:
    HTTP (httpx's send and read), json.loads, the generated checked parse, and the rest (the
    overlay: transport, pager, unwrap)."""
    from segment_profiles_sync_api.models import ListProfilesWarehouseInSpace200Response
    from segment_profiles_sync_api.types import parsing_each_value_once

    path = f"/spaces/{LIST_SPACE}/profiles-warehouses"
    runs = 100
    with (
        httpx.Client(base_url=base_url, headers=HEADERS) as raw,
        ProfilesSync(TOKEN, base_url=base_url) as ps,
    ):
        content = raw.get(path, params={"pagination.count": 100}).content
        http = cpu_per_call(lambda: raw.get(path, params={"pagination.count": 100}), runs) * 1e6
        loads = cpu_per_call(lambda: json.loads(content), runs) * 1e6
        body = json.loads(content)

        def parse_once() -> object:  # as the clients parse: each distinct metadata once
            with parsing_each_value_once():
                return ListProfilesWarehouseInSpace200Response.from_dict(body)

        parse = cpu_per_call(parse_once, runs) * 1e6
        whole = cpu_per_call(lambda: list(ps.list_warehouses(LIST_SPACE, page_size=100)), runs)
    overlay = whole * 1e6 - http - loads - parse
    return (
        f"HTTP {http:,.0f} µs, json.loads {loads:,.0f} µs, checked parse {parse:,.0f} µs, "
        f"overlay {max(overlay, 0):,.0f} µs per page"
    )


def paging_memory(settings: Settings, base_url: str) -> tuple[dict[int, float], list[float]]:
    """Traced peak memory (MiB) for two walk lengths, and items/s untraced."""
    peaks: dict[int, float] = {}
    rates: list[float] = []
    with ProfilesSync(TOKEN, base_url=base_url) as ps:
        for total in (settings.small_total, settings.big_total):
            tracemalloc.start()
            count = sum(1 for _ in ps.list_warehouses(BIG_SPACE, page_size=200, max_items=total))
            peaks[total] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            assert count == total
        for _ in range(max(1, settings.rounds - 2)):
            start = time.perf_counter()
            count = sum(1 for _ in ps.list_warehouses(BIG_SPACE, page_size=200))
            rates.append(count / (time.perf_counter() - start))
    return peaks, rates


async def async_creates(
    settings: Settings, base_url: str
) -> tuple[list[float], list[float], list[float], list[float]]:
    """CPU per create and wall time: AsyncProfilesSync vs raw httpx.AsyncClient, 10 in flight."""
    path = f"/spaces/{CREATE_SPACE}/profiles-warehouses"
    body = json.dumps(CREATE_BODY).encode()
    cpu_c: list[float] = []
    cpu_r: list[float] = []
    wall_c: list[float] = []
    wall_r: list[float] = []

    async def run(create: Callable[[], Any], cpu: list[float], wall: list[float]) -> None:
        limit = asyncio.Semaphore(settings.in_flight)

        async def one() -> None:
            async with limit:
                await create()

        await one()  # warm
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(one() for _ in range(settings.creates)))
        cpu.append((time.process_time() - start_cpu) / settings.creates * 1e6)
        wall.append((time.perf_counter() - start_wall) * 1000)

    async with (
        httpx.AsyncClient(base_url=base_url, headers=HEADERS) as raw,
        AsyncProfilesSync(TOKEN, base_url=base_url) as aps,
    ):

        async def raw_create() -> object:
            response = await raw.post(path, content=body, headers={"Content-Type": MEDIA})
            response.raise_for_status()
            return json.loads(response.content)["data"]["profilesWarehouse"]

        async def client_create() -> object:
            return await aps.create_warehouse(
                CREATE_SPACE,
                metadata_id=CREATE_BODY["metadataId"],  # type: ignore[arg-type]
                settings=CREATE_BODY["settings"],  # type: ignore[arg-type]
                name="bench",
            )

        for _ in range(max(1, settings.rounds - 2)):
            await run(raw_create, cpu_r, wall_r)
            await run(client_create, cpu_c, wall_c)
    return cpu_c, cpu_r, wall_c, wall_r


class CountingTransport(httpx.AsyncHTTPTransport):
    """Counts the requests that reach the network, and the 429s among the answers."""

    requests = 0
    throttled = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        CountingTransport.requests += 1
        response = await super().handle_async_request(request)
        CountingTransport.throttled += response.status_code == 429
        return response


class BulkRun:
    """One bulk run at the rate limit: what the benchmark reports for pacing on or off."""

    def __init__(self, pacing: bool) -> None:
        self.pacing = pacing
        self.wall = self.plan_wall = 0.0
        self.requests = self.throttled = self.errors = self.plan_errors = 0
        self.waited = 0.0

    def fraction(self, limit: int, window: float = 1.0) -> float:
        served = self.requests - self.throttled
        return share_of_windows(served, limit, window, self.wall)

    def per_100(self) -> float:
        return 100.0 * self.throttled / max(1, self.requests)


async def _bulk_once(
    settings: Settings,
    base_url: str,
    spaces: list[str],
    pacing: bool,
    *,
    creates: int | None = None,
    then_plan: bool = True,
    reset_counts: bool = True,
) -> BulkRun:
    from segment_profiles_sync.state import DesiredState

    run = BulkRun(pacing)
    if reset_counts:
        CountingTransport.requests = CountingTransport.throttled = 0
    in_flight = asyncio.Semaphore(settings.bulk_in_flight)
    per_space = (creates or settings.bulk_creates) // len(spaces)
    async with AsyncProfilesSync(
        TOKEN, base_url=base_url, transport=CountingTransport(), pace_requests=pacing
    ) as aps:

        async def create(space: str, n: int) -> None:
            async with in_flight:
                await aps.create_warehouse(
                    space, metadata_id="CCIl4HLQPz", settings={"account": "a"}, name=f"bulk {n}"
                )

        started = time.perf_counter()
        results = await asyncio.gather(
            *(create(s, n) for s in spaces for n in range(per_space)), return_exceptions=True
        )
        run.wall = time.perf_counter() - started
        run.errors = sum(isinstance(r, BaseException) for r in results)
        run.requests, run.throttled = CountingTransport.requests, CountingTransport.throttled
        limits = aps.rate_limit
        run.waited = limits.waited if limits is not None else 0.0
        if not then_plan:
            return run
        document = {
            "version": 1,
            "spaces": {
                s: {"warehouses": [{"name": f"bulk {n}", "metadata_id": "CCIl4HLQPz"}
                                   for n in range(per_space)]}
                for s in spaces
            },
        }  # fmt: skip
        started = time.perf_counter()
        try:
            await aps.plan(DesiredState.from_dict(document, environ={}), concurrency=20)
        except Exception:  # noqa: BLE001 - a surfaced error is what this figure counts
            run.plan_errors = 1
        run.plan_wall = time.perf_counter() - started
    return run


def bulk_at_the_limit(settings: Settings) -> list[BulkRun]:
    """Creates across spaces, then a plan, against an enforced limit: pacing on, then off."""
    runs = []
    for pacing in (True, False):
        spaces = [f"bulkSpace{n:02d}" for n in range(settings.bulk_spaces)]
        extra = ["--rate-limit", str(settings.bulk_limit), "--rate-window", "1"]
        with emulator_process(settings, seeds=[f"{s}:0" for s in spaces], extra=extra) as url:
            runs.append(asyncio.run(_bulk_once(settings, url, spaces, pacing)))
    return runs


def one_paced_client(settings: Settings, prefix: str, extra: list[str]) -> BulkRun:
    """One paced client's creates (no plan after) against an emulator started with `extra`,
    seeded with `bulk_spaces` empty spaces named `prefix00`, `prefix01`, …"""
    spaces = [f"{prefix}{n:02d}" for n in range(settings.bulk_spaces)]
    with emulator_process(settings, seeds=[f"{s}:0" for s in spaces], extra=extra) as url:
        return asyncio.run(
            _bulk_once(settings, url, spaces, True, creates=settings.pacing_creates,
                       then_plan=False)
        )  # fmt: skip


def pacing_under_latency(settings: Settings) -> list[tuple[str, float, BulkRun]]:
    """Creates at the limit through real round trips: each window mode at each latency."""
    results = []
    for mode in ("aligned", "rolling"):
        for latency in settings.pacing_latencies:
            extra = ["--rate-limit", str(settings.bulk_limit), "--rate-window", "1",
                     "--rate-window-mode", mode, "--latency", str(latency)]  # fmt: skip
            results.append((mode, latency, one_paced_client(settings, "latBulk", extra)))
    return results


def documented_429(settings: Settings) -> list[tuple[float, BulkRun]]:
    """One client against the contract as documented: window headers on successes, 429s with
    `Retry-After` alone (`--bare-429`), rolling 1 s windows (their Reset rounded down)."""
    results = []
    for latency in (0.3,) if settings.smoke else (0.1, 0.3):
        extra = ["--rate-limit", str(settings.bulk_limit), "--rate-window", "1", "--bare-429",
                 "--rate-window-mode", "rolling", "--latency", str(latency)]  # fmt: skip
        results.append((latency, one_paced_client(settings, "bare", extra)))
    return results


def shared_token(settings: Settings) -> list[tuple[str, BulkRun]]:
    """Two clients with one token in this process, at once, through 0.2 s round trips: they
    share one pacer (the registry by token), so the window's budget is spent once. Reported
    together (every request of both)."""
    results = []
    half = settings.pacing_creates // 2
    for mode in ("aligned", "rolling"):
        spaces = [f"shared{n:02d}" for n in range(settings.bulk_spaces)]
        extra = ["--rate-limit", str(settings.bulk_limit), "--rate-window", "1",
                 "--rate-window-mode", mode, "--latency", str(settings.shared_latency)]  # fmt: skip
        with emulator_process(settings, seeds=[f"{s}:0" for s in spaces], extra=extra) as url:
            results.append((mode, asyncio.run(_shared_once(settings, url, spaces, half))))
    return results


async def _shared_once(settings: Settings, url: str, spaces: list[str], half: int) -> BulkRun:
    """Both clients at once; the request counters are shared, so they count every request."""
    middle = len(spaces) // 2
    CountingTransport.requests = CountingTransport.throttled = 0
    runs = await asyncio.gather(
        _bulk_once(settings, url, spaces[:middle], True, creates=half, then_plan=False,
                   reset_counts=False),
        _bulk_once(settings, url, spaces[middle:], True, creates=half, then_plan=False,
                   reset_counts=False),
    )  # fmt: skip
    combined = BulkRun(True)
    combined.wall = max(r.wall for r in runs)
    combined.errors = sum(r.errors for r in runs)
    combined.requests = CountingTransport.requests
    combined.throttled = CountingTransport.throttled
    return combined


def separate_processes(
    settings: Settings,
) -> list[tuple[int, str, list[pacing_bench.Together]]]:
    """Two and three processes on one token (each its own pacer), 5 s windows of 100, each
    `settings.process_repeats` times (a fresh emulator each)."""
    results = []
    modes = ("aligned",) if settings.smoke else ("aligned", "rolling")
    for processes in (2,) if settings.smoke else (2, 3):
        for mode in modes:
            spaces = [f"process{n:02d}" for n in range(processes)]
            extra = ["--rate-limit", str(PROCESS_LIMIT), "--rate-window", "5",
                     "--rate-window-mode", mode,
                     "--latency", str(settings.shared_latency)]  # fmt: skip
            runs = []
            for _ in range(settings.process_repeats):
                seeds = [f"{s}:0" for s in spaces]
                with emulator_process(settings, seeds=seeds, extra=extra) as url:
                    runs.append(pacing_bench.processes_at_once(
                        url, TOKEN, spaces, settings.process_creates, settings.bulk_in_flight
                    ))  # fmt: skip
            results.append((processes, mode, runs))
    return results


def median_run(runs: list[pacing_bench.Together]) -> pacing_bench.Together:
    """The run whose share of the limit is the median (its counts are the row's notes)."""
    ranked = sorted(runs, key=lambda run: run.fraction(PROCESS_LIMIT, 5.0))
    return ranked[len(ranked) // 2]


def retry_after_only(settings: Settings) -> list[tuple[str, BulkRun]]:
    """One client against a server that sends no window headers, 5 s windows of 100."""
    results = []
    for mode in ("aligned",) if settings.smoke else ("aligned", "rolling"):
        extra = ["--rate-limit", str(BLIND_LIMIT), "--rate-window", "5",
                 "--rate-window-mode", mode, "--latency", "0.1", "--retry-after-only"]  # fmt: skip
        results.append((mode, one_paced_client(settings, "blind", extra)))
    return results


def ablation_table(rows: list[tuple[str, str, dict[float, tuple[Any, Any]]]]) -> str:
    def cell(outcome: Any) -> str:
        return (f"{outcome.refusals_per_100:.1f} / {100 * outcome.share_of_limit:.0f} % / "
                f"{100 * outcome.share_of_time:.0f} %")  # fmt: skip

    lines = []
    for rule, case, by_window in rows:
        line = [rule, case]
        for window in (1.0, 60.0):
            on, off = by_window.get(window, (None, None))
            line += [cell(on), cell(off)] if on is not None else ["", ""]
        lines.append(line)
    return table(
        lines, ["rule (turned off)", "case", "1 s: on", "1 s: off", "60 s: on", "60 s: off"]
    )


def missed_goals(
    latency_runs: list[tuple[str, float, BulkRun]],
    documented_runs: list[tuple[float, BulkRun]],
    process_runs: list[tuple[int, str, list[pacing_bench.Together]]],
    blind_runs: list[tuple[str, BulkRun]],
    paced: BulkRun,
    per_second: int,
) -> list[str]:
    """Issue #26's goals, checked on this run's figures."""
    missed = []
    for mode, latency, run in latency_runs:
        share, per_100 = run.fraction(per_second), run.per_100()
        if latency <= 0.3 and (share < 0.85 or per_100 > 2 or run.errors):
            missed.append(f"one client, {latency} s, {mode}: {per_100:.1f}/100, {share:.0%}")
        if latency == 0.5 and mode == "aligned" and share < 0.80:
            missed.append(f"one client, 0.5 s, aligned: {share:.0%} of the limit")
    for latency, run in documented_runs:
        share, per_100 = run.fraction(per_second), run.per_100()
        if share < 0.85 or per_100 > 2 or run.errors:
            missed.append(f"documented 429, {latency} s: {per_100:.1f}/100, {share:.0%}")
    for processes, mode, runs in process_runs:
        together = median_run(runs)
        share, per_100 = together.fraction(PROCESS_LIMIT, 5.0), together.per_100()
        if share < 0.85 or per_100 > 5 or together.errors:
            missed.append(f"{processes} processes, {mode}: {per_100:.1f}/100, {share:.0%}, "
                          f"{together.errors} errors")  # fmt: skip
    for mode, run in blind_runs:
        share, per_100 = run.fraction(BLIND_LIMIT, 5.0), run.per_100()
        if share < 0.70 or per_100 > 10 or run.errors:
            missed.append(f"only Retry-After, {mode}: {per_100:.1f}/100, {share:.0%}")
    if paced.errors or paced.per_100() > 2:
        missed.append(f"bulk, pacing on: {paced.per_100():.1f}/100, {paced.errors} errors")
    return missed


def _plan_document(spaces: list[str], warehouses: int) -> dict[str, Any]:
    """Every seeded warehouse, by name, with one collection's selective sync managed."""
    selective = {"enable_event_tables": True, "collections": {"tracks": True}}
    entry = {"metadata_id": "CCIl4HLQPz", "enabled": True, "selective_sync": selective}
    return {
        "version": 1,
        "spaces": {
            s: {"warehouses": [{"name": f"warehouse {i + 1}", **entry} for i in range(warehouses)]}
            for s in spaces
        },
    }


async def _plan_once(
    base_url: str, spaces: list[str], warehouses: int, *, traced: bool = False
) -> tuple[float, int, float]:
    """(wall seconds, requests, traced peak MiB above the document) of one async plan.
    Time and memory come from separate runs (`traced`): tracemalloc slows a plan about 4×,
    so a traced run's wall time would flatter nothing and mislead."""
    from segment_profiles_sync.state import DesiredState

    state = DesiredState.from_dict(_plan_document(spaces, warehouses), environ={})
    CountingTransport.requests = 0
    async with AsyncProfilesSync(TOKEN, base_url=base_url, transport=CountingTransport()) as aps:
        await aps.plan(DesiredState.from_dict(_plan_document(spaces[:1], warehouses), environ={}))
        CountingTransport.requests = 0
        if traced:
            tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0] if traced else 0
        started = time.perf_counter()
        plan = await aps.plan(state, concurrency=8)
        wall = time.perf_counter() - started
        peak = (tracemalloc.get_traced_memory()[1] - base) / 2**20 if traced else 0.0
        if traced:
            tracemalloc.stop()
    assert not plan.has_changes, plan.render()
    return wall, CountingTransport.requests, peak


def state_plan_scale(settings: Settings) -> tuple[list[float], int, int, float, float]:
    """Plan N spaces x 3 warehouses x 20 collections, the emulator in its own process."""
    spaces = [f"planSpace{n:04d}" for n in range(settings.plan_spaces)]
    seeds = [f"{s}:{settings.plan_warehouses}" for s in spaces]
    extra = ["--collections", str(settings.plan_collections)]
    walls: list[float] = []
    with emulator_process(settings, seeds=seeds, extra=extra) as base_url:
        for _ in range(1 if settings.smoke else 3):
            wall, requests, _ = asyncio.run(_plan_once(base_url, spaces, settings.plan_warehouses))
            walls.append(wall)
        _, _, peak_big = asyncio.run(
            _plan_once(base_url, spaces, settings.plan_warehouses, traced=True)
        )
        small = spaces[: settings.plan_small_spaces]
        _, _, peak_small = asyncio.run(
            _plan_once(base_url, small, settings.plan_warehouses, traced=True)
        )
    minimum = len(spaces) * (1 + settings.plan_warehouses)
    return walls, requests, minimum, peak_big, peak_small


def blocking_vs_async_plan(settings: Settings) -> tuple[list[float], list[float]]:
    """Wall time of one plan with `ProfilesSync` and with `AsyncProfilesSync` (both at the
    default concurrency of 8), against an emulator that adds `latency` to every answer."""
    from segment_profiles_sync.state import DesiredState

    spaces = [f"latSpace{n:04d}" for n in range(settings.latency_spaces)]
    seeds = [f"{s}:{settings.latency_warehouses}" for s in spaces]
    state = DesiredState.from_dict(_plan_document(spaces, settings.latency_warehouses), environ={})
    blocking: list[float] = []
    asynchronous: list[float] = []

    async def async_plan(base_url: str) -> float:
        async with AsyncProfilesSync(TOKEN, base_url=base_url) as aps:
            started = time.perf_counter()
            await aps.plan(state)
            return time.perf_counter() - started

    extra = ["--latency", str(settings.latency)]
    with emulator_process(settings, seeds=seeds, extra=extra) as base_url:
        for _ in range(1 if settings.smoke else 3):
            with ProfilesSync(TOKEN, base_url=base_url) as ps:
                started = time.perf_counter()
                ps.plan(state)
                blocking.append(time.perf_counter() - started)
            asynchronous.append(asyncio.run(async_plan(base_url)))
    return blocking, asynchronous


# -- report --------------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({model})"


FIGURE_HEADER = [
    "Figure",
    "segment-profiles-sync",
    "raw httpx (baseline)",
    "ratio",
    "goal",
    "notes",
]


def table(rows: list[list[str]], header: list[str] = FIGURE_HEADER) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few iterations, for CI")
    parser.add_argument("--no-write", action="store_true", help="do not write BENCHMARKS.md")
    args = parser.parse_args()
    settings = Settings(args.smoke)

    python = bench_python(settings)
    imp_c, imp_r = import_times(settings, python, "import segment_profiles_sync", "import httpx")
    use_c, use_r = import_times(
        settings,
        python,
        "import segment_profiles_sync as s; s.ProfilesSync('t');"
        " import segment_profiles_sync._operations",
        "import httpx; httpx.Client()",
    )
    help_c, help_r = import_times(
        settings, python, "-m segment_profiles_sync --help", "import httpx"
    )
    version_c, version_r = import_times(
        settings, python, "-m segment_profiles_sync --version", "import httpx"
    )
    with emulator_process(settings) as base_url:
        list_c, list_r = list_overhead(settings, base_url)
        breakdown = list_cost_breakdown(base_url)
        retry_on, retry_off = retry_layer_cost(settings, base_url)
        peaks, rates = paging_memory(settings, base_url)
        cpu_c, cpu_r, wall_c, wall_r = asyncio.run(async_creates(settings, base_url))
    plan_walls, plan_requests, plan_minimum, plan_peak, plan_peak_small = state_plan_scale(settings)
    blocking_walls, async_walls = blocking_vs_async_plan(settings)
    latency_runs = pacing_under_latency(settings)
    documented_runs = documented_429(settings)
    shared_runs = shared_token(settings)
    process_runs = separate_processes(settings)
    blind_runs = retry_after_only(settings)
    ablation_rows = pacing_bench.ablation(smoke=settings.smoke)
    paced, unpaced = bulk_at_the_limit(settings)

    small, big = settings.small_total, settings.big_total
    figures = [
        Figure("import time (fresh interpreter)", "ms", imp_c, imp_r, "≤ 1.15×",
               "`import segment_profiles_sync` vs `import httpx`"),
        Figure("command line `--help`", "ms", help_c, help_r, "≤ 1.5×",
               "`python -m segment_profiles_sync --help` vs `python -c 'import httpx'`"),
        Figure("command line `--version`", "ms", version_c, version_r, "≤ 0.6×",
               "the same for `--version`"),
        Figure("import + client + first-call modules", "ms", use_c, use_r, "(context)",
               "what a script pays before its first request; vs `import httpx; httpx.Client()`"),
        Figure("list call, 1 page of 100, client CPU", "µs", list_c, list_r, "≤ 1.5×",
               f"baseline: `Client.get` + `json.loads`; extra cost: {breakdown}"),
        Figure(f"paging memory, traced peak, {big:,} items", "MiB", [peaks[big]], None, "< 8 MiB",
               f"{small:,} items: {peaks[small]:.2f} MiB (pages of 200)"),
        Figure(f"paging throughput, {big:,} items", "items/s", rates, None, "(context)",
               "wall time, server included"),
        Figure(f"async creates, {settings.creates} with 10 in flight, CPU", "µs", cpu_c, cpu_r,
               "≤ 2×", "per call; baseline posts the same bodies with httpx.AsyncClient"),
        Figure("async creates, wall time", "ms", wall_c, wall_r, "(context)", "server included"),
        Figure("list call with retries on (2) vs off (0)", "µs", retry_on, retry_off,
               "no difference", "client CPU per call; the retry layer costs nothing until a retry"),
        Figure(f"desired-state plan, {settings.plan_spaces} spaces × {settings.plan_warehouses} "
               f"warehouses × {settings.plan_collections} collections, async", "s", plan_walls,
               None, "minimum requests",
               f"{plan_requests} requests (minimum {plan_minimum}: one listing per space and per "
               f"managed warehouse); traced peak {plan_peak:.2f} MiB for "
               f"{settings.plan_spaces} spaces vs {plan_peak_small:.2f} MiB for "
               f"{settings.plan_small_spaces}"),
        Figure(f"plan at {settings.latency:.2f} s per answer, {settings.latency_spaces} spaces × "
               f"{settings.latency_warehouses} warehouses: ProfilesSync", "s", blocking_walls,
               async_walls, "≤ 1.2×",
               "baseline column: AsyncProfilesSync in the same run (both concurrency=8); the "
               "emulator adds the latency to every answer (--latency)"),
    ]  # fmt: skip
    limit = settings.bulk_limit
    for mode, latency, run in latency_runs:
        figures.append(
            Figure(f"pacing through {latency:.1f} s round trips, {mode} windows: "
                   f"{settings.pacing_creates} creates at {limit} req/s, "
                   f"{settings.bulk_in_flight} in flight", "% of limit",
                   [100 * run.fraction(limit)], None,
                   "≥ 85 %, ≤ 2 429s/100" if latency <= 0.3 else "(context: past 0.3 s)",
                   f"{run.per_100():.1f} 429s per 100 requests; {run.errors} errors surfaced; "
                   f"{run.wall:.1f} s wall (emulator --latency {latency} --rate-window-mode "
                   f"{mode})")
        )  # fmt: skip
    for latency, run in documented_runs:
        figures.append(
            Figure(f"pacing through {latency:.1f} s round trips, rolling windows, the "
                   f"documented 429 (Retry-After alone): {settings.pacing_creates} creates at "
                   f"{limit} req/s", "% of limit", [100 * run.fraction(limit)], None,
                   "≥ 85 %, ≤ 2 429s/100",
                   f"{run.per_100():.1f} 429s per 100 requests; {run.errors} errors surfaced; "
                   f"{run.wall:.1f} s wall (emulator --bare-429: window headers on successes "
                   f"only)")
        )  # fmt: skip
    for mode, run in shared_runs:
        figures.append(
            Figure(f"two clients, one token, {settings.shared_latency:.1f} s round trips, {mode} "
                   f"windows: {settings.pacing_creates} creates at {limit} req/s together",
                   "% of limit", [100 * run.fraction(limit)], None, "0 errors surfaced",
                   f"{run.per_100():.1f} 429s per 100 requests (each waited out and retried, "
                   f"not counted against max_retries); {run.errors} errors surfaced; "
                   f"{run.wall:.1f} s wall")
        )  # fmt: skip
    per_second = settings.bulk_limit  # the 1 s windows' limit
    for processes, mode, runs in process_runs:
        together = median_run(runs)
        figures.append(
            Figure(f"{processes} processes, one token, {settings.shared_latency:.1f} s round "
                   f"trips, {mode} 5 s windows of {PROCESS_LIMIT}: {settings.process_creates} "
                   "creates together",
                   "% of limit", [100 * run.fraction(PROCESS_LIMIT, 5.0) for run in runs], None,
                   "≥ 85 %, ≤ 5 429s/100, 0 errors",
                   f"median of {len(runs)} runs: {together.per_100():.1f} 429s per 100 "
                   f"requests; {together.errors} errors surfaced; {together.wall:.1f} s wall; "
                   "each process its own pacer")
        )  # fmt: skip
    for mode, run in blind_runs:
        figures.append(
            Figure(f"only Retry-After (no X-RateLimit-*, no msBeforeNext), 0.1 s round trips, "
                   f"{mode} 5 s windows of {BLIND_LIMIT}: {settings.pacing_creates} creates",
                   "% of limit",
                   [100 * run.fraction(BLIND_LIMIT, 5.0)], None, "≥ 70 %, ≤ 10 429s/100",
                   f"{run.per_100():.1f} 429s per 100 requests; {run.errors} errors surfaced; "
                   f"{run.wall:.1f} s wall (emulator --retry-after-only)")
        )  # fmt: skip
    for run in (paced, unpaced):
        label = "on" if run.pacing else "off (pace_requests=False)"
        figures.append(
            Figure(f"bulk at {limit} req/s: {settings.bulk_creates} creates in "
                   f"{settings.bulk_spaces} spaces, {settings.bulk_in_flight} in flight, "
                   f"pacing {label}", "% of limit", [100 * run.fraction(limit)], None,
                   "≥ 90 %, ≤ 2 429s/100, 0 errors" if run.pacing else "(comparison)",
                   f"{run.per_100():.1f} 429s per 100 requests; {run.errors} create errors "
                   f"surfaced; creates {run.wall:.1f} s wall; then a plan of the spaces: "
                   f"{run.plan_wall:.2f} s, {run.plan_errors} errors; pacing waits summed over "
                   f"requests {run.waited:.0f} s")
        )  # fmt: skip
    print(
        f"bulk, pacing on: {100 * paced.fraction(limit):.0f} % of the limit, "
        f"{paced.per_100():.1f} 429s/100, {paced.errors + paced.plan_errors} errors"
    )
    if plan_requests != plan_minimum:
        print(f"plan sent {plan_requests} requests, not the minimum {plan_minimum}")
        return 1
    rendered = table([f.row() for f in figures])
    print(rendered)
    ablated = ablation_table(ablation_rows)
    print(ablated)
    missed = missed_goals(
        latency_runs, documented_runs, process_runs, blind_runs, paced, per_second
    )

    if not args.no_write and not args.smoke:
        command = "make bench  (python benchmarks/run.py)"
        versions = ", ".join(
            f"{name} {version(name)}" for name in ("segment-profiles-sync", "httpx", "attrs")
        )
        (ROOT / "BENCHMARKS.md").write_text(
            "# Benchmarks\n\n"
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{command}`.\n\n"
            f"- Machine: {machine()}\n"
            f"- Python {platform.python_version()} ({platform.python_implementation()});"
            f" {versions}\n"
            "- Server: the bundled emulator's HTTP mode in its own process on 127.0.0.1, so the\n"
            "  CPU figures are the client's alone. Values are medians over rounds, with min–max.\n"
            f"- Rounds: {settings.rounds} (import: {settings.import_runs} alternating runs each; "
            f"the list call: {settings.list_rounds}, of {settings.list_calls} calls each, after "
            "a garbage collection).\n\n"
            f"{rendered}\n\n"
            "Ratios are client ÷ baseline from the same run. See `benchmarks/run.py` for how each\n"
            "figure is taken.\n\n"
            "## Pacing rules, each turned off\n\n"
            "Each rule of the pacer off in turn, in the case it is for, replayed on the\n"
            "deterministic simulation (`segment_profiles_sync.testing._simulation`: the real\n"
            "clients and emulator on virtual time, 20 in flight; 1 s windows at 30 requests,\n"
            "60 s windows at 150). Cells: 429s per 100 requests / share of the limit by full\n"
            "windows / share by the time the job took (`make bench`'s measure of processes,\n"
            "which counts the last window).\n\n"
            f"{ablated}\n\n"
            f"{EARLIER}"
        )
        print("\nwrote BENCHMARKS.md")
    if missed and not settings.smoke:
        print("pacing goals missed:\n  " + "\n  ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
