"""The command line's less travelled paths, run in-process (`main([...])`) for speed: usage
errors, files, empty plans, a closed pipe, and the parser's options before and after commands.
The subprocess tests in test_cli.py cover the same commands end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from segment_profiles_sync.cli import main
from segment_profiles_sync.cli._args import build_parser
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

SPACE = "inprocSpace00000000001"
TOKEN = "inproc-token"


@pytest.fixture
def emulator() -> ProfilesSyncEmulator:
    """This module's emulator (overrides conftest's): one space with one warehouse."""
    emulator = ProfilesSyncEmulator(token=TOKEN)
    emulator.add_space(SPACE, warehouses=1)
    return emulator


@pytest.fixture
def cli_env(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's environment points at `server`; standard input is empty."""
    monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
    monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", TOKEN)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def write_document(tmp_path: Path, *warehouses: dict[str, object]) -> Path:
    """A one-space document with these warehouses, as a JSON file."""
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"warehouses": list(warehouses)}}}))
    return path


def test_global_options_before_or_after_the_command() -> None:
    """`--region eu plan …` and `plan … --region eu` both set the region."""
    parser = build_parser()
    before = parser.parse_args(["--region", "EU", "plan", "-f", "x.yaml"])
    after = parser.parse_args(["plan", "-f", "x.yaml", "--region", "eu", "--timeout", "3"])
    assert (before.region, after.region, after.timeout) == ("eu", "eu", 3.0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["selective-sync", "update", "--space", SPACE, "--warehouse", "w"], "nothing to change"),
        (
            ["selective-sync", "update", "--space", SPACE, "--warehouse", "w", "--disable", ".p"],
            "COLLECTION.PROPERTY",
        ),
        (
            ["warehouses", "create", "--space", SPACE, "--metadata-id", "m", "--settings", "[1]"],
            "must be a JSON object",
        ),
        (
            ["warehouses", "create", "--space", SPACE, "--metadata-id", "m", "--settings",
             "@/nonexistent/settings.json"],
            "cannot read",
        ),
        (["warehouses", "remove", "--space", "..", "--warehouse", "w"], "space_id"),
    ],
)  # fmt: skip
def test_usage_errors_exit_64(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    """Arguments that cannot be used: one line, exit 64 (never 2), nothing sent."""
    assert main(argv) == 64
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert message in err
    assert emulator.requests == []


def test_options_reach_the_client(
    emulator: ProfilesSyncEmulator, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """--timeout and --max-retries are used; a listing in JSON parses."""
    emulator.fail_next(503, times=2)
    assert main(["--max-retries", "0", "warehouses", "list", "--space", SPACE]) == 1
    assert "503" in capsys.readouterr().err
    assert (
        main(["--timeout", "5", "--max-retries", "3", "warehouses", "list", "--space", SPACE]) == 0
    )
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_empty_plan_and_apply_in_json(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Nothing to do: plan exits 0; apply says so without asking."""
    document = tmp_path / "state.json"
    document.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"warehouses": []}}}))
    assert main(["plan", "-f", str(document), "--detailed-exitcode"]) == 0
    assert json.loads(capsys.readouterr().out)["has_changes"] is False
    assert main(["apply", "-f", str(document)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "format_version": 1,
        "plan": {
            "format_version": 1,
            "has_changes": False,
            "summary": {"replace": 0, "create": 0, "update": 0, "selective_sync": 0, "remove": 0},
            "not_compared": 0,
            "changes": [],
            "unmanaged": [
                {
                    "space_id": SPACE,
                    "warehouse_id": emulator.warehouses(SPACE)[0]["id"],
                    "name": "warehouse 1",
                }
            ],
        },
        "result": None,
    }
    assert main(["--output", "table", "apply", "-f", str(document)]) == 0
    assert "No changes." in capsys.readouterr().out


def test_bad_document_lists_every_problem(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """A document with problems: exit 1, each problem with its path."""
    document = tmp_path / "state.json"
    document.write_text(json.dumps({"version": 2, "spaces": {SPACE: {"warehouses": [{}]}}}))
    assert main(["plan", "-f", str(document)]) == 1
    err = capsys.readouterr().err
    assert "version: must be 1" in err
    assert f"spaces.{SPACE}.warehouses[0]" in err


def test_export_to_a_yaml_file_and_json_to_stdout(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """-o x.yaml writes YAML; --output json prints JSON."""
    out = tmp_path / "exported.yaml"
    assert main(["export", "--space", SPACE, "-o", str(out)]) == 0
    assert out.read_text().startswith("# yaml-language-server: $schema=https://")
    assert "wrote" in capsys.readouterr().err
    assert main(["--output", "json", "export", "--space", SPACE]) == 0
    assert list(json.loads(capsys.readouterr().out)["spaces"]) == [SPACE]


def test_table_output_of_single_calls(
    emulator: ProfilesSyncEmulator, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two-column tables for one warehouse, text for a removal and a status."""
    warehouse = emulator.warehouses(SPACE)[0]["id"]
    assert main(["--output", "table", "warehouses", "update", "--space", SPACE,
                 "--warehouse", warehouse, "--disable", "--name", "Renamed"]) == 0  # fmt: skip
    shown = capsys.readouterr().out
    assert "Renamed" in shown
    assert "hunter2" not in shown
    assert main(["--output", "table", "selective-sync", "update", "--space", SPACE,
                 "--warehouse", warehouse, "--event-tables", "off"]) == 0  # fmt: skip
    assert "selective sync: UPDATED" in capsys.readouterr().out
    assert main(["--output", "table", "selective-sync", "list", "--space", SPACE,
                 "--warehouse", warehouse]) == 0  # fmt: skip
    assert "identifies" in capsys.readouterr().out
    assert main(["--output", "table", "warehouses", "remove", "--space", SPACE,
                 "--warehouse", warehouse]) == 0  # fmt: skip
    assert f"removed warehouse {warehouse}" in capsys.readouterr().out


def test_emulator_options_go_after_it(capsys: pytest.CaptureFixture[str]) -> None:
    """`--region eu emulator` is a usage error (64): the emulator takes its own options."""
    assert main(["--region", "eu", "emulator"]) == 64
    assert "do not apply to the emulator" in capsys.readouterr().err


def test_apply_auto_approved_as_a_table(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """The plan, then each outcome, then the summary; exit 0."""
    document = write_document(tmp_path, {"name": "New", "metadata_id": "CCIl4HLQPz"})
    assert main(["--output", "table", "apply", "-f", str(document), "--auto-approve"]) == 0
    out = capsys.readouterr().out
    assert 'applied  + create warehouse "New"' in out
    assert out.rstrip().endswith("Apply: 1 applied.")


def test_the_emulator_subcommand_usage_errors_exit_64(capsys: pytest.CaptureFixture[str]) -> None:
    """`segment-profiles-sync emulator --port 70000`: the same usage code as every command."""
    assert main(["emulator", "--port", "70000"]) == 64
    assert "--port" in capsys.readouterr().err


def test_messages_name_the_command_line_flag(
    emulator: ProfilesSyncEmulator,
    cli_env: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """A replace refused without permission names `--allow-replace`; nothing is written."""
    document = write_document(tmp_path, {"name": "warehouse 1", "metadata_id": "aea3c55dsz"})
    assert main(["--output", "json", "apply", "-f", str(document), "--auto-approve"]) == 1
    error = json.loads(capsys.readouterr().err)["error"]
    assert "--allow-replace" in error["problems"][0]["message"]
    assert [r.method for r in emulator.requests if r.method != "GET"] == []


def test_interrupted_with_json_output_says_so_in_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C with --output json: 130, and one error object on stderr (nothing else)."""
    from segment_profiles_sync.cli import _runner

    def interrupted(self: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(_runner.Runner, "run", interrupted)
    assert main(["--output", "json", "schema"]) == 130
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["error"]["exit_code"] == 130


def test_the_command_line_runs_outside_the_main_thread(capsys: pytest.CaptureFixture[str]) -> None:
    """An embedding host may call main() from a worker thread: SIGTERM is left alone there."""
    import threading

    codes: list[int] = []
    worker = threading.Thread(target=lambda: codes.append(main(["--output", "json", "schema"])))
    worker.start()
    worker.join()
    assert codes == [0]
    assert json.loads(capsys.readouterr().out)["title"] == "segment-profiles-sync desired state"
