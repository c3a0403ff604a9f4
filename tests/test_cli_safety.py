"""The command line's small safety rules, through the console script: the per-space lock,
flags that contradict each other, closed standard input, unwritable exports, TOML nulls,
flag names in messages, YAML 1.1 surprises, and the plan's advice for duplicates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from segment_profiles_sync import StateError
from segment_profiles_sync.cli._lock import space_locks
from segment_profiles_sync.state import DesiredState, document_schema, validate_document
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

# The command line's suite's emulator (its own token and spaces) and helpers.
from tests.test_cli import SPACE, cli, document, emulator, env

__all__ = ["emulator", "env"]  # fixtures, used by name


def error_of(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    [line] = result.stderr.strip().splitlines()
    return json.loads(line)["error"]  # type: ignore[no-any-return]


def test_apply_holds_a_lock_per_space_and_a_second_run_stops_before_writing(
    env: dict[str, str], emulator: ProfilesSyncEmulator, server: EmulatorServer, tmp_path: Path
) -> None:
    doc = document(tmp_path)
    with space_locks(server.base_url, [SPACE]):  # another apply on this machine
        held = cli("--output", "json", "apply", "-f", doc, "--auto-approve", env=env, check=1)
        assert "another apply on this machine holds this space" in error_of(held)["message"]
        assert [r for r in emulator.requests if r.method != "GET"] == []
        unlocked = cli("apply", "-f", doc, "--auto-approve", "--no-lock", env=env, check=0)
        del unlocked
    cli("apply", "-f", doc, "--auto-approve", env=env, check=0)  # the lock is free again


def test_the_lock_refuses_in_process_too_and_names_each_space(server: EmulatorServer) -> None:
    with space_locks(server.base_url, ["A0000000000000000000001"]):
        with (
            pytest.raises(StateError) as raised,
            space_locks(server.base_url, ["A0000000000000000000001", "B0000000000000000000001"]),
        ):
            pass
        assert [p.path for p in raised.value.problems] == ["spaces.A0000000000000000000001"]
        with space_locks("https://other.example", ["A0000000000000000000001"]):
            pass  # another API root: another lock


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["selective-sync", "update", "--space", SPACE, "--warehouse", "w",
          "--enable", "tracks", "--disable", "tracks"], "--enable and --disable both name tracks"),
        (["--base-url", "http://example.com", "warehouses", "list", "--space", SPACE],
         "--base-url is plain http://"),
        (["--base-url", "https://x.example", "--region", "eu", "warehouses", "list",
          "--space", SPACE], "pass --base-url or --region, not both"),
        (["--max-retries", "99", "warehouses", "list", "--space", SPACE], "--max-retries must"),
        (["--output", "json", "emulator"], "global options"),
    ],
)  # fmt: skip
def test_contradictions_are_usage_errors_in_the_command_line_s_words(
    env: dict[str, str], args: list[str], says: str
) -> None:
    result = cli(*args, env=env, check=64)
    assert says in result.stderr
    assert "base_url" not in result.stderr
    assert "max_retries" not in result.stderr


def test_rotate_secrets_with_a_saved_plan_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    doc = document(tmp_path)
    plan = str(tmp_path / "plan.json")
    cli("plan", "-f", doc, "--out", plan, env=env, check=0)
    result = cli("apply", plan, "-f", doc, "--rotate-secrets", "--auto-approve", env=env, check=64)
    assert "--rotate-secrets goes with plan" in result.stderr


def test_settings_from_a_closed_standard_input_is_a_clear_error(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "segment_profiles_sync", "warehouses", "create", "--space",
               SPACE, "--metadata-id", "CCIl4HLQPz", "--settings", "-"]  # fmt: skip
    result = subprocess.run(
        ["/bin/sh", "-c", '"$@" <&-', "sh", *command],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 64, result.stderr
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_into_a_missing_folder_is_one_line_naming_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "out.yaml"
    result = cli("--output", "json", "export", "--space", SPACE, "-o", str(target), env=env,
                 check=1)  # fmt: skip
    error = error_of(result)
    assert error["exit_code"] == 1
    assert str(target) in error["message"]
    plain = cli("export", "--space", SPACE, "-o", str(target), env=env, check=1)
    assert plain.stderr.count("\n") == 1
    assert "cannot be written" in plain.stderr


def test_toml_export_of_a_null_setting_names_the_key(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    emulator.add_warehouse(SPACE, name="W", settings={"account": "a", "region": None})
    result = cli("export", "--space", SPACE, "-o", str(tmp_path / "out.toml"), env=env, check=1)
    assert "settings.region: is null, which TOML cannot hold" in result.stderr
    assert not (tmp_path / "out.toml").exists()
    cli("export", "--space", SPACE, "-o", str(tmp_path / "out.yaml"), env=env, check=0)


def test_validate_warns_of_yaml_1_1_booleans_and_octals_in_settings(tmp_path: Path) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        enabled: yes\n        settings:\n"
        "          ssl: NO\n          quoted: 'on'\n          mode: 0777\n          port: 5439\n"
    )
    found = [d for d in validate_document(path) if "YAML 1.1" in d.message]
    assert [(d.path.rsplit(".", 1)[-1], d.line, d.column) for d in found] == [
        ("ssl", 9, 16),
        ("mode", 11, 17),
    ]
    assert "the boolean false" in found[0].message
    assert "the octal number 511" in found[1].message
    assert all(d.severity == "warning" for d in found)


@pytest.mark.parametrize(
    "doc",
    [
        {"version": 1.0, "spaces": {}},
        {"version": 1, "spaces": {SPACE: {"warehouses": [
            {"name": "A", "id": None, "metadata_id": "CCIl4HLQPz"}]}}},
    ],
)  # fmt: skip
def test_the_schema_and_the_loader_agree_on_float_versions_and_null_ids(
    doc: dict[str, Any],
) -> None:
    jsonschema.validate(doc, document_schema())
    DesiredState.from_dict(doc)


def test_plan_says_which_duplicate_to_remove_and_how(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Two applies at once left two warehouses named "Analytics": plan names both ids and
    gives the exact command that removes the extra one."""
    first = emulator.add_warehouse(SPACE, name="Analytics")
    second = emulator.add_warehouse(SPACE, name="Analytics")
    result = cli("plan", "-f", document(tmp_path), env=env, check=1)
    assert f"id: {first['id']}" in result.stderr
    assert (
        f"segment-profiles-sync warehouses remove --space {SPACE} --warehouse {second['id']}"
        in result.stderr
    )
