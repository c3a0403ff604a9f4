"""Fixtures for the Airflow provider's suite (make test-airflow, Airflow really installed).

The emulator is served over real HTTP on 127.0.0.1; the connection comes from an
`AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT` JSON, as a deployment would set it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

TOKEN = "airflow-test-token-4f9a"  # the emulator's token: must never appear in output
PASSWORD = "document-secret-7c21"  # a warehouse password from the document's ${VAR}
SPACE = "AirflowSpace0000000001"
OTHER_SPACE = "AirflowSpace0000000002"


@pytest.fixture
def emulator() -> ProfilesSyncEmulator:
    emulator = ProfilesSyncEmulator(token=TOKEN)
    emulator.add_space(SPACE)
    emulator.add_space(OTHER_SPACE)
    return emulator


@pytest.fixture
def server(emulator: ProfilesSyncEmulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as server:
        yield server


def connection_json(base_url: str, token: str = TOKEN, **extra: object) -> str:
    return json.dumps(
        {
            "conn_type": "segment_profiles_sync",
            "host": base_url,
            "password": token,
            "extra": {"max_retries": "1", "timeout": "5", "concurrency": "2", **extra},
        }
    )


@pytest.fixture
def connection(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> str:
    """The default connection, pointing at the emulator."""
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT", connection_json(server.base_url)
    )
    return "segment_profiles_sync_default"


def write_document(
    folder: Path, *, enabled: bool = True, spaces: tuple[str, ...] = (SPACE,)
) -> Path:
    """A document declaring one warehouse per space, its password from ${PS_TEST_PASSWORD}."""
    lines = ["version: 1", "spaces:"]
    for space in spaces:
        lines += [
            f"  {space}:",
            "    warehouses:",
            "      - name: Analytics",
            "        metadata_id: CCIl4HLQPz",
            f"        enabled: {'true' if enabled else 'false'}",
            "        settings:",
            "          account: acme-xy12345",
            "          password: ${PS_TEST_PASSWORD}",
        ]
    path = folder / "profiles-sync.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PS_TEST_PASSWORD", PASSWORD)
    return write_document(tmp_path)
