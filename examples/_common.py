"""Shared by the examples: where to connect and what to create, emulator or live.

With `DEMO_LIVE=1` the examples talk to Segment for real: they need `SEGMENT_PUBLIC_API_TOKEN`,
`SEGMENT_SPACE_ID`, `DEMO_METADATA_ID` (a warehouse catalog id) and `DEMO_SETTINGS` (a JSON
object of that warehouse's settings), and they remove every warehouse they create. Otherwise
they expect `make demo` to have started the emulator and set `SEGMENT_PUBLIC_API_URL`.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

LIVE = os.environ.get("DEMO_LIVE") == "1"
EMULATED_METADATA_ID = "CCIl4HLQPz"  # Snowflake, in the emulator's catalog


def require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(f"{name} is not set (see examples/_common.py for what the demo needs)")
    return value


def space_ids() -> list[str]:
    if LIVE:
        return [require("SEGMENT_SPACE_ID")]
    return require("DEMO_SPACE_IDS").split(",")


def metadata_id() -> str:
    return require("DEMO_METADATA_ID") if LIVE else EMULATED_METADATA_ID


def settings(index: int) -> dict[str, Any]:
    if LIVE:
        parsed = json.loads(require("DEMO_SETTINGS"))
        if not isinstance(parsed, dict):
            sys.exit("DEMO_SETTINGS must be a JSON object")
        return parsed
    return {
        "account": "acme-xy12345",
        "database": "SEGMENT",
        "warehouse": f"PROFILES_WH_{index}",
        "username": "SEGMENT_USER",
        "password": "not-a-real-password",
    }


def say(text: str) -> None:
    print(text, flush=True)
