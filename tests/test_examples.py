"""`make demo` keeps working: the examples run against the emulator started by its CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: run by make test, left out of -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent


def test_demo_runs_every_example() -> None:
    """The demo script starts the emulator, runs the examples and stops it, exit code 0."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SEGMENT_", "PUBLIC_API", "DEMO_"))
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "run_demo.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "turned off tracks and identifies.context_ip: UPDATED" in out
    assert "same change again: UNCHANGED" in out
    assert "typed error as expected: NotFoundError" in out
    assert "created 12 warehouses concurrently" in out
    assert "== async quickstart done" in out
    assert "Plan: 1 to create, 1 to update, 1 to selective sync." in out
    assert "plan again:\n" in out
    unchanged = "No changes. 1 secret value not compared (the API does not show it)."
    assert unchanged in out
    assert "${PROFILES_SYNC_STATEDEMOSPACE00000001_ANALYTICS_PASSWORD}" in out
    assert "not-a-real-password" not in out.split("== desired state against")[1]
    assert "== desired state done" in out
    transcript = out.split("== command line (examples/cli_demo.yaml)")[1]
    assert "$ segment-profiles-sync plan -f cli_demo.yaml --detailed-exitcode" in transcript
    assert "Plan: 1 to create, 1 to update, 1 to selective sync.\n(exit code 2)" in transcript
    assert "Apply: 3 applied.\n(exit code 0)" in transcript
    assert f"{unchanged}\n(exit code 0)" in transcript
    assert "== command line done" in out
    assert "Traceback" not in result.stderr
