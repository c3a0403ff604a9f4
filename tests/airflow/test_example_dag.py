"""The example DAG, end to end with `airflow dags test` against the emulator over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from segment_profiles_sync.testing import ProfilesSyncEmulator

from .conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "examples" / "airflow"
SPACE = "AirflowDemoSpace000001"
PASSWORD = "example-dag-secret-91d3"


def airflow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "airflow"), *args]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=240, check=False
    )


@pytest.fixture
def airflow_env(tmp_path: Path, emulator: ProfilesSyncEmulator) -> dict[str, str]:
    emulator.add_space(SPACE)
    home = tmp_path / "airflow-home"
    home.mkdir()
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "SEGMENT_WAREHOUSE_PASSWORD": PASSWORD,
    }


def test_the_example_dag_plans_and_applies_against_the_emulator(
    airflow_env: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """Run 1 creates the warehouse and sets its selective sync; run 2 finds nothing to do
    (the apply is skipped). The token and the password are in no line of either run."""
    with emulator.serve() as server:
        airflow_env["AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT"] = json.dumps(
            {"conn_type": "segment_profiles_sync", "host": server.base_url, "password": TOKEN}
        )
        migrated = airflow(airflow_env, "db", "migrate")
        assert migrated.returncode == 0, migrated.stderr[-2000:]
        pool = airflow(
            airflow_env, "pools", "set", "segment_profiles_sync__segment_profiles_sync_default",
            "1", "one token",
        )  # fmt: skip
        assert pool.returncode == 0, pool.stderr[-2000:]
        first = airflow(airflow_env, "dags", "test", "segment_profiles_sync")
        assert first.returncode == 0, (first.stdout + first.stderr)[-4000:]
        [warehouse] = emulator.warehouses(SPACE)
        assert emulator.stored_settings(SPACE, warehouse["id"])["password"] == PASSWORD
        assert emulator.selective_sync(SPACE, warehouse["id"])
        second = airflow(airflow_env, "dags", "test", "segment_profiles_sync")
        assert second.returncode == 0, (second.stdout + second.stderr)[-4000:]
    assert len(emulator.warehouses(SPACE)) == 1
    for run in (first, second):
        output = run.stdout + run.stderr
        assert "state=success" in output
        assert TOKEN not in output
        assert PASSWORD not in output
    assert "no changes: the live state matches" in second.stdout + second.stderr
