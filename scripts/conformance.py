"""Run Schemathesis against the emulator's HTTP mode with `openapi.yaml` (part of `make test`).

A tool we did not write checks that the emulator answers as the spec says: status codes,
media types, headers, response schemas, rejection of invalid input, acceptance of valid input,
auth, unsupported methods, and use-after-delete. The emulator is seeded with the spec's example
ids so that the examples phase reaches real successes, not only 404s. Bounded and seeded, so
runs are reproducible and quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from segment_profiles_sync.testing import ProfilesSyncEmulator

ROOT = Path(__file__).resolve().parent.parent
SPACE_ID = "9aQ1Lj62S4bomZKLF4DPqW"
EXAMPLE_WAREHOUSES = ("qABd3NVTPfTLQ3kXWoBhgi", "fQyLbqjfwaqg9mr3hDQ7We", "3eadBBqVMQD2DEtaWXSkqA")
MAX_EXAMPLES = os.environ.get("CONFORMANCE_MAX_EXAMPLES", "60")
SEED = os.environ.get("CONFORMANCE_SEED", "20261126")


def main() -> int:
    emulator = ProfilesSyncEmulator(token="conformance-token")  # noqa: S106 - a test token
    emulator.add_space(SPACE_ID, warehouses=2)
    for warehouse_id in EXAMPLE_WAREHOUSES:
        emulator.add_warehouse(SPACE_ID, warehouse_id=warehouse_id)
    with emulator.serve() as server:
        command = [
            str(Path(sys.executable).parent / "st"),
            "--config-file", str(ROOT / "schemathesis.toml"),
            "run",
            str(ROOT / "openapi.yaml"),
            "--url", server.base_url,
            "--checks", "all",
            "--header", f"Authorization: Bearer {emulator.token}",
            "--max-examples", MAX_EXAMPLES,
            "--seed", SEED,
            "--workers", "1",
            "--no-color",
        ]  # fmt: skip
        result = subprocess.run(command, check=False, cwd=ROOT)  # noqa: S603 - fixed argv
    print(f"conformance: {len(emulator.requests)} requests answered by the emulator")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
