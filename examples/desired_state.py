"""Desired state: plan, apply, plan again (no changes), then export what exists.

    make demo                          # against the bundled emulator

Reads `desired_state.yaml` beside this file (YAML needs the `yaml` or `cli` extra), with the
warehouse password taken from `DEMO_WAREHOUSE_PASSWORD`. Against the real API, point the
document at your own spaces first.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from _common import LIVE, say
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync
from segment_profiles_sync.state import dump_state, load_state

HERE = Path(__file__).resolve().parent


def main() -> None:
    if LIVE:
        say("desired_state.py names the demo's own spaces; skipped against the real API")
        return
    os.environ.setdefault("DEMO_WAREHOUSE_PASSWORD", "not-a-real-password")
    state = load_state(HERE / "desired_state.yaml")
    with ProfilesSync() as ps:
        say(f"== desired state against {ps.base_url}")
        plan = ps.plan(state)
        say(plan.render())
        result = ps.apply(plan)
        say(result.render())
        again = ps.plan(state)
        say("plan again:")
        say(again.render())
        assert not again.has_changes, "apply then plan must be empty"

    async def export() -> str:
        async with AsyncProfilesSync() as aps:  # the async client runs spaces concurrently
            exported = await aps.export([state.spaces[0].space_id])
        return dump_state(exported)

    say("export (secrets become ${...} placeholders):")
    say(asyncio.run(export()))
    say("== desired state done")


if __name__ == "__main__":
    main()
