"""Documents and fakes the desired-state tests share: a document of warehouse entries, an
emulator hook for "another run wrote meanwhile", and a file writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from segment_profiles_sync.testing import EmulatedResponse, ProfilesSyncEmulator

from tests.payloads import SNOWFLAKE, SPACE_ID

SPACE = SPACE_ID
BIGQUERY = "gs4Kx1v7yH"


def document(*warehouses: dict[str, Any], space: str = SPACE) -> dict[str, Any]:
    return {"version": 1, "spaces": {space: {"warehouses": list(warehouses)}}}


def entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "metadata_id": SNOWFLAKE, "settings": {"account": "acme"}, **extra}


def after_post(emulator: ProfilesSyncEmulator, hook: Callable[[], object]) -> None:
    """Run `hook` (another run's write) right after the emulator answers the next POST."""
    original = emulator.handle
    fired: list[bool] = []

    def handle(method: str, target: str, headers: Any, body: bytes) -> EmulatedResponse:
        response = original(method, target, headers, body)
        if method.upper() == "POST" and not fired:
            fired.append(True)
            hook()
        return response

    emulator.handle = handle  # type: ignore[method-assign]


def named(emulator: ProfilesSyncEmulator, name: str, space: str = SPACE) -> list[str]:
    return [w["id"] for w in emulator.warehouses(space) if w["settings"].get("name") == name]


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
