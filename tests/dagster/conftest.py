"""Fixtures for the Dagster suite (make test-dagster, Dagster really installed): the emulator
over real HTTP on 127.0.0.1, the token in an environment variable read through EnvVar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

TOKEN = "dagster-test-token-5b0e"  # must never appear in the event log or metadata
PASSWORD = "dagster-document-secret-e3a7"
SPACE = "DagsterSpace0000000001"


@pytest.fixture
def emulator() -> ProfilesSyncEmulator:
    emulator = ProfilesSyncEmulator(token=TOKEN)
    emulator.add_space(SPACE)
    return emulator


@pytest.fixture
def server(emulator: ProfilesSyncEmulator) -> Iterator[EmulatorServer]:
    with emulator.serve() as server:
        yield server


@pytest.fixture
def env(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    monkeypatch.setenv("PS_DAGSTER_TOKEN", TOKEN)
    monkeypatch.setenv("PS_TEST_PASSWORD", PASSWORD)
    return server


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "profiles-sync.yaml"
    path.write_text(
        "\n".join(
            [
                "version: 1",
                "spaces:",
                f"  {SPACE}:",
                "    warehouses:",
                "      - name: Analytics",
                "        metadata_id: CCIl4HLQPz",
                "        settings:",
                "          account: acme-xy12345",
                "          password: ${PS_TEST_PASSWORD}",
                "        selective_sync:",
                "          collections:",
                "            tracks: false",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path
