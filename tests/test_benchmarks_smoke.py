"""The benchmark code keeps working: a tiny run (a few iterations), no timing asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: run by make test, left out of -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_smoke_run() -> None:
    """`benchmarks/run.py --smoke` runs every figure and prints the table; writes nothing."""
    before = (ROOT / "BENCHMARKS.md").read_text() if (ROOT / "BENCHMARKS.md").exists() else None
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for figure in ("import time", "list call", "paging memory", "async creates", "retries on"):
        assert figure in result.stdout
    # The ablation table has its own header, not the figures' (an old rendering slip).
    assert "| rule (turned off) | case | 1 s: on |" in result.stdout
    assert "|---|---|---|---|---|---|\n| rule (turned off)" not in result.stdout
    after = (ROOT / "BENCHMARKS.md").read_text() if (ROOT / "BENCHMARKS.md").exists() else None
    assert after == before
