"""`make demo`: start the bundled emulator, run the examples against it, stop it.

The emulator runs as its own process through its command line
(`python -m segment_profiles_sync.testing`), exactly as a user would start it, and the
examples find it through `SEGMENT_PUBLIC_API_URL` / `SEGMENT_PUBLIC_API_TOKEN`, exactly as
they would find Segment. With `DEMO_LIVE=1` the emulator is skipped and the examples run
against the real API (see `_common.py`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPACES = ["9aQ1Lj62S4bomZKLF4DPqW", "2bXw9kLmNpQrStUvWxYzAb", "7cDeFgHiJkLmNoPqRsTuVw"]
# Two more for examples/desired_state.py (and its document), untouched by the quickstarts.
STATE_SPACES = ["StateDemoSpace00000001", "StateDemoSpace00000002"]
CLI_SPACE = "CliDemoSpace0000000001"  # examples/cli_demo.yaml, driven by the command line
TOKEN = "demo-token"


def run_examples(env: dict[str, str]) -> int:
    for script in ("quickstart.py", "quickstart_async.py", "desired_state.py"):
        result = subprocess.run([sys.executable, str(HERE / script)], env=env, check=False)  # noqa: S603
        if result.returncode != 0:
            print(f"{script} failed with exit code {result.returncode}", file=sys.stderr)
            return result.returncode
        print()
    return 0 if env.get("DEMO_LIVE") == "1" else run_command_line(env)


def run_command_line(env: dict[str, str]) -> int:
    """The command line's plan → apply → plan, printed as a terminal session."""
    print("== command line (examples/cli_demo.yaml)")
    document = str(HERE / "cli_demo.yaml")
    steps = [
        (["plan", "-f", document, "--detailed-exitcode"], 2),
        (["apply", "-f", document, "--auto-approve"], 0),
        (["plan", "-f", document, "--detailed-exitcode"], 0),
    ]
    env = {**env, "DEMO_WAREHOUSE_PASSWORD": "not-a-real-password"}
    for args, expected in steps:
        print(f"$ segment-profiles-sync {' '.join(args).replace(document, 'cli_demo.yaml')}")
        command = [sys.executable, "-m", "segment_profiles_sync", "--output", "table", *args]
        result = subprocess.run(command, env=env, check=False)  # noqa: S603
        print(f"(exit code {result.returncode})\n")
        if result.returncode != expected:
            print(f"expected exit code {expected}", file=sys.stderr)
            return 1
    print("== command line done")
    return 0


def main() -> int:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if env.get("DEMO_LIVE") == "1":
        print("DEMO_LIVE=1: running the examples against the real Segment API")
        return run_examples(env)
    spaces = [*SPACES, *STATE_SPACES, CLI_SPACE]
    seeds = [arg for space in spaces for arg in ("--seed", f"{space}:2")]
    emulator = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "segment_profiles_sync.testing", "--token", TOKEN, *seeds],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        base_url = emulator.stdout.readline().strip()
        if not base_url.startswith("http://"):
            print("the emulator did not start", file=sys.stderr)
            return 1
        print(f"emulator: {base_url} (token {TOKEN!r}, spaces seeded with 2 warehouses each)\n")
        env.update(
            SEGMENT_PUBLIC_API_URL=base_url,
            SEGMENT_PUBLIC_API_TOKEN=TOKEN,
            DEMO_SPACE_IDS=",".join(SPACES),
        )
        return run_examples(env)
    finally:
        emulator.send_signal(signal.SIGINT)  # it says "emulator stopped" itself
        emulator.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())
