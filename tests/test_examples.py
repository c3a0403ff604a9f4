"""`make demo` keeps working: the examples run against the emulator started by its CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_runs_both_quickstarts() -> None:
    """The demo script starts the emulator, runs both examples and stops it, exit code 0."""
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
    assert "Traceback" not in result.stderr
