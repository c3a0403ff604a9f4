"""The command line as a person or a CI job uses it: a subprocess against the emulator over
real HTTP, checking stdout, stderr and the exit code (JSON parsed, not string-matched), and
the interactive paths in a real pseudo-terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

pytestmark = pytest.mark.slow

SPACE = "cliSpace000000000000001"
OTHER = "cliSpace000000000000002"
SECRET = "cli-secret-never-shown"
TOKEN = "cli-token-never-shown"


@pytest.fixture
def emulator() -> ProfilesSyncEmulator:
    """This module's emulator (overrides conftest's; `server` serves it)."""
    emulator = ProfilesSyncEmulator(token=TOKEN)
    emulator.add_space(SPACE, warehouses=2)
    emulator.add_space(OTHER, warehouses=1)
    return emulator


@pytest.fixture
def env(server: EmulatorServer) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SEGMENT_", "PUBLIC_API"))}
    return {
        **base,
        "SEGMENT_PUBLIC_API_URL": server.base_url,
        "SEGMENT_PUBLIC_API_TOKEN": TOKEN,
        "PW": SECRET,
        "PYTHONUNBUFFERED": "1",
    }


def cli(
    *args: str, env: dict[str, str], stdin: str = "", check: int | None = 0
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    if check is not None:
        assert result.returncode == check, result.stdout + result.stderr
    return result


def document(tmp_path: Path, *, extra: list[dict[str, Any]] | None = None) -> str:
    path = tmp_path / "profiles-sync.json"
    warehouses = [
        {
            "name": "Analytics",
            "metadata_id": "CCIl4HLQPz",
            "settings": {"account": "acme", "password": "${PW}"},
            "selective_sync": {"collections": {"tracks": False}},
        },
        {"name": "warehouse 1", "metadata_id": "CCIl4HLQPz", "enabled": False},
        *(extra or []),
    ]
    path.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"warehouses": warehouses}}}))
    return str(path)


def test_warehouse_commands(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """create (settings from a file and from stdin), list (json, jsonl), update, remove."""
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"account": "a", "password": SECRET}))
    created = json.loads(
        cli("warehouses", "create", "--space", SPACE, "--metadata-id", "CCIl4HLQPz",
            "--settings", f"@{settings}", "--name", "From file", "--disabled", env=env).stdout
    )  # fmt: skip
    assert (created["name"], created["enabled"]) == ("From file", False)
    assert created["settings"] == {"account": "a", "password": "(secret)"}
    assert emulator.stored_settings(SPACE, created["id"])["password"] == SECRET
    piped = json.loads(
        cli("warehouses", "create", "--space", SPACE, "--metadata-id", "CCIl4HLQPz",
            "--settings", "-", env=env, stdin=json.dumps({"password": SECRET})).stdout
    )  # fmt: skip
    listed = json.loads(cli("warehouses", "list", "--space", SPACE, env=env).stdout)
    assert {w["id"] for w in listed} >= {created["id"], piped["id"]}
    lines = cli("--output", "jsonl", "warehouses", "list", "--space", SPACE, env=env).stdout
    assert [json.loads(line)["id"] for line in lines.splitlines()] == [w["id"] for w in listed]
    updated = json.loads(
        cli("warehouses", "update", "--space", SPACE, "--warehouse", created["id"],
            "--enable", "--schema-name", "prof", env=env).stdout
    )  # fmt: skip
    assert (updated["enabled"], updated["schema_name"]) == (True, "prof")
    removed = json.loads(
        cli("warehouses", "remove", "--space", SPACE, "--warehouse", piped["id"], env=env).stdout
    )
    assert removed == {"removed": piped["id"], "space_id": SPACE}


def test_selective_sync_commands(env: dict[str, str], emulator: ProfilesSyncEmulator) -> None:
    """update with --disable COLLECTION and COLLECTION.PROPERTY, then list shows it."""
    warehouse = emulator.warehouses(SPACE)[0]["id"]
    status = cli("selective-sync", "update", "--space", SPACE, "--warehouse", warehouse,
                 "--disable", "tracks", "--disable", "identifies.context_ip", env=env)  # fmt: skip
    assert json.loads(status.stdout) == {"status": "UPDATED"}
    items = json.loads(
        cli("selective-sync", "list", "--space", SPACE, "--warehouse", warehouse, env=env).stdout
    )
    by_name = {i["collection"]: i for i in items}
    assert by_name["tracks"]["enabled"] is False
    assert by_name["identifies"]["properties_off"] == ["context_ip"]


def test_errors_are_one_line_with_the_right_exit_code(env: dict[str, str]) -> None:
    """API errors exit 1, usage errors 64, one line, no traceback (unless -v)."""
    api = cli("selective-sync", "update", "--space", SPACE, "--warehouse", "nope",
              "--disable", "tracks", env=env, check=1)  # fmt: skip
    assert api.stderr.startswith("error: 404 Not Found for PATCH ")
    assert api.stderr.count("\n") == 1
    usage = cli("warehouses", "create", "--space", SPACE, "--metadata-id", "x",
                "--settings", '{"password": "' + SECRET + '"', env=env, check=64)  # fmt: skip
    assert "is not valid JSON" in usage.stderr
    assert SECRET not in usage.stderr
    assert "Traceback" not in api.stderr + usage.stderr
    verbose = cli("-v", "warehouses", "remove", "--space", SPACE, "--warehouse", "nope",
                  env=env, check=1)  # fmt: skip
    assert "Traceback" in verbose.stderr
    required = cli("warehouses", "list", env=env, check=64).stderr
    assert required.startswith("error: the following arguments are required: --space")
    no_token = {k: v for k, v in env.items() if k != "SEGMENT_PUBLIC_API_TOKEN"}
    missing = cli("warehouses", "list", "--space", SPACE, env=no_token, check=1)
    assert "SEGMENT_PUBLIC_API_TOKEN" in missing.stderr


def test_plan_apply_plan(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """--detailed-exitcode 2 with changes, apply --auto-approve, then 0 with none."""
    path = document(tmp_path)
    planned = cli("plan", "-f", path, "--detailed-exitcode", env=env, check=2)
    plan = json.loads(planned.stdout)
    assert plan["summary"]["create"] == 1
    assert plan["has_changes"] is True
    refused = cli("apply", "-f", path, env=env, check=1)
    assert "--auto-approve" in refused.stderr
    applied = json.loads(cli("apply", "-f", path, "--auto-approve", env=env).stdout)
    assert applied["result"]["ok"] is True
    assert [o["status"] for o in applied["result"]["outcomes"]] == ["applied"] * 3
    again = cli("--output", "table", "plan", "-f", path, "--detailed-exitcode", env=env, check=0)
    assert "No changes." in again.stdout


def test_apply_exits_1_when_a_change_fails(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """A failed change is reported and the exit code is 1."""
    emulator.fail_next(422, method="POST")
    result = cli("apply", "-f", document(tmp_path), "--auto-approve", env=env, check=1)
    outcomes = json.loads(result.stdout)["result"]["outcomes"]
    assert [(o["action"], o["status"]) for o in outcomes] == [
        ("create", "failed"),
        ("update", "applied"),
        ("selective_sync", "skipped"),
    ]


def test_export_yaml_and_json(env: dict[str, str], tmp_path: Path) -> None:
    """YAML on stdout by default; -o x.json writes JSON and names the secret variables."""
    yaml_text = cli("export", "--space", SPACE, "--space", OTHER, env=env).stdout
    assert yaml_text.startswith("# yaml-language-server: $schema=")
    assert "\n# Secrets are not exported." in yaml_text
    assert f"  {OTHER}:" in yaml_text
    out = tmp_path / "exported.json"
    result = cli("export", "--space", SPACE, "-o", str(out), env=env)
    exported = json.loads(out.read_text())
    assert list(exported["spaces"]) == [SPACE]
    assert "PROFILES_SYNC_" in result.stderr


def test_no_secret_in_any_output_at_any_verbosity(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Neither the token nor a warehouse secret appears in stdout or stderr, even with -v."""
    path = document(tmp_path)
    emulator.apply_then_fail_next(500, method="POST")  # a recovered create, logged
    runs = [
        cli("-v", "plan", "-f", path, env=env, check=None),
        cli("-v", "--output", "table", "apply", "-f", path, "--auto-approve", env=env),
        cli("-v", "export", "--space", SPACE, env=env),
        cli("-v", "warehouses", "list", "--space", SPACE, env=env),
        cli("-v", "--output", "table", "warehouses", "list", "--space", SPACE, env=env),
    ]
    for run in runs:
        assert SECRET not in run.stdout + run.stderr
        assert TOKEN not in run.stdout + run.stderr
    assert "DEBUG" in runs[0].stderr
    assert "recovered" in runs[1].stdout


def test_emulator_command_and_version(env: dict[str, str]) -> None:
    """`emulator` is the bundled emulator's command line; --version prints the version."""
    from segment_profiles_sync import __version__

    assert cli("--version", env=env).stdout.strip() == f"segment-profiles-sync {__version__}"
    assert "--rate-limit" in cli("emulator", "--help", env=env).stdout
    assert "no --token flag" in " ".join(cli("--help", env=env).stdout.split())


# -- in a terminal ---------------------------------------------------------------------------


class Terminal:
    """The command in a pseudo-terminal: what a person would see, and their keys."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "segment_profiles_sync", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "COLUMNS": "120", "TERM": "xterm"},
            close_fds=True,
        )
        os.close(slave)
        self.seen = ""

    def read_until(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the process ended and closed its side
                    chunk = b""
                if not chunk:
                    if text not in self.seen:
                        raise AssertionError(f"{text!r} never appeared:\n{self.seen}")
                    break
                self.seen += chunk.decode(errors="replace")
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def finish(self) -> int:
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 5)
                if not ready:
                    break
                chunk = os.read(self.master, 65536)
                if not chunk:
                    break
                self.seen += chunk.decode(errors="replace")
        except OSError:
            pass
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # fail this test only: no process left to later ones
            self.process.kill()
            self.process.wait()
            raise
        finally:
            os.close(self.master)
        return code


def test_apply_asks_on_a_terminal(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """On a terminal: a table-style plan, `Apply 3 changes? [y/N]`, then the outcomes."""
    terminal = Terminal(["apply", "-f", document(tmp_path)], env)
    terminal.read_until("Apply 3 changes? [y/N]")
    assert '+ create warehouse "Analytics"' in terminal.seen
    terminal.type("y\n")
    assert terminal.finish() == 0
    assert "Apply: 3 applied." in terminal.seen
    assert SECRET not in terminal.seen


def test_answering_no_applies_nothing(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Anything but y leaves the spaces alone and exits 1."""
    terminal = Terminal(["apply", "-f", document(tmp_path)], env)
    terminal.read_until("[y/N]")
    terminal.type("\n")
    assert terminal.finish() == 1
    assert "Not applied." in terminal.seen
    assert not [r for r in emulator.requests if r.method != "GET"]


def test_progress_bar_on_a_terminal(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Work over several spaces draws a progress bar on stderr when it is a terminal."""
    emulator.delay_next(0.3, method="GET", times=2)
    terminal = Terminal(["export", "--space", SPACE, "--space", OTHER, "-o",
                         str(tmp_path / "out.yaml")], env)  # fmt: skip
    terminal.read_until("exporting")
    assert terminal.finish() == 0
    assert "requests" in terminal.seen


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_during_apply_says_what_was_applied(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path, stop: signal.Signals
) -> None:
    """Interrupted mid-apply (Ctrl-C, or SIGTERM as a CI runner cancelling the job sends):
    exit 130 and a line naming the changes already applied."""
    emulator.delay_next(20, method="PATCH")
    terminal = Terminal(["apply", "-f", document(tmp_path), "--auto-approve"], env)
    deadline = time.monotonic() + 30
    while not any(r.method == "PATCH" for r in emulator.requests):
        assert time.monotonic() < deadline, terminal.seen
        time.sleep(0.02)
    terminal.process.send_signal(stop)
    assert terminal.finish() == 130
    assert "interrupted: 1 change applied, 1 in flight (may have been applied)" in terminal.seen
    summary = terminal.seen.split("interrupted:")[1]
    assert 'applied    + create warehouse "Analytics"' in summary
    assert "in flight  ~ update warehouse" in summary
    assert "Traceback" not in terminal.seen


def test_ctrl_c_during_apply_with_json_output_is_one_object_with_both_lists(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """--output json: one JSON object on stderr, per space the changes applied (the create,
    answered) and the one in flight (the PATCH that had not answered: it may have been)."""
    emulator.delay_next(20, method="PATCH")
    process = subprocess.Popen(
        [sys.executable, "-m", "segment_profiles_sync", "--output", "json", "apply", "-f",
         document(tmp_path), "--auto-approve"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not any(r.method == "PATCH" for r in emulator.requests):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    [line] = err.splitlines()
    error = json.loads(line)["error"]
    assert error["exit_code"] == 130
    [space] = error["spaces"].values()
    assert [c["action"] for c in space["applied"]] == ["create"]
    assert space["applied"][0]["status"] == "applied"
    assert [c["action"] for c in space["in_flight"]] == ["update"]
    assert out == ""


def test_missing_extra_names_it(env: dict[str, str]) -> None:
    """Without rich, a table says which extra to install; JSON output still works."""
    script = (
        "import sys; sys.modules['rich'] = None; "
        "from segment_profiles_sync.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    base = [sys.executable, "-c", script, "warehouses", "list", "--space", SPACE]
    table = subprocess.run(
        [*base, "--output", "table"], capture_output=True, text=True, env=env, check=False
    )
    assert table.returncode == 1
    assert "pip install 'segment-profiles-sync[cli]'" in table.stderr
    plain = subprocess.run(base, capture_output=True, text=True, env=env, check=False)
    assert plain.returncode == 0
    assert len(json.loads(plain.stdout)) == 2


# -- the exit-code and error contract, through the console script ---------------------------


def error_object(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    """With --output json, an error is one JSON object on stderr (and stdout is valid JSON
    or empty)."""
    if result.stdout.strip():
        json.loads(result.stdout)
    error: dict[str, Any] = json.loads(result.stderr)["error"]
    return error


def test_every_exit_code_of_the_table(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """0 done, 2 changes (only with --detailed-exitcode), 1 error, 64 usage (even with
    --detailed-exitcode), each error a JSON object with --output json."""
    doc = document(tmp_path)
    changes = cli("--output", "json", "plan", "-f", doc, "--detailed-exitcode", env=env, check=2)
    assert json.loads(changes.stdout)["format_version"] == 1
    cli("--output", "json", "plan", "-f", doc, env=env, check=0)
    usage = cli("--output", "json", "plan", "-f", doc, "--detailed-exitcode", "--bogus",
                env=env, check=64)  # fmt: skip
    assert error_object(usage)["exit_code"] == 64
    assert "--bogus" in error_object(usage)["message"]
    missing = cli("--output", "json", "plan", "--detailed-exitcode", env=env, check=64)
    assert error_object(missing)["type"] == "UsageError"
    api = cli("--output", "json", "warehouses", "remove", "--space", SPACE, "--warehouse",
              "nope", env=env, check=1)  # fmt: skip
    assert error_object(api)["type"] == "NotFoundError"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"prune": "yes"}}}))
    state = cli("--output", "json", "plan", "-f", str(bad), "--detailed-exitcode", env=env,
                check=1)  # fmt: skip
    problem = error_object(state)["problems"][0]
    assert problem["path"] == f"spaces.{SPACE}.prune"
    no_token = {k: v for k, v in env.items() if k != "SEGMENT_PUBLIC_API_TOKEN"}
    config = cli("--output", "json", "plan", "-f", doc, "--detailed-exitcode", env=no_token,
                 check=1)  # fmt: skip
    assert error_object(config)["type"] == "ConfigurationError"
    listing = cli("--output", "json", "warehouses", "list", "--space", "unknownSpace00000001",
                  env=env, check=1)  # fmt: skip
    assert json.loads(listing.stdout) == []  # a listing that failed still closes its array
    assert "--seed unknownSpace00000001:0" in error_object(listing)["message"]


def test_ctrl_c_at_the_prompt_cancels_at_once(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Ctrl-C while `[y/N]` waits: out at once with 130, nothing applied."""
    terminal = Terminal(["apply", "-f", document(tmp_path)], env)
    terminal.read_until("[y/N]")
    started = time.monotonic()
    terminal.process.send_signal(signal.SIGINT)
    assert terminal.finish() == 130
    assert time.monotonic() - started < 10  # not a timing goal: it used to wait for Enter
    assert not [r for r in emulator.requests if r.method != "GET"]


def test_ctrl_c_landing_on_another_thread_still_wakes_the_prompt(
    env: dict[str, str],
    emulator: ProfilesSyncEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The kernel may hand Ctrl-C to any thread (CI saw it: the prompt then waited forever).
    Here SIGINT is delivered to a helper thread while `[y/N]` waits, in process: the loop
    must wake and stop with 130, not sit until a key is typed."""
    from segment_profiles_sync.cli import main

    for key in ("SEGMENT_PUBLIC_API_URL", "SEGMENT_PUBLIC_API_TOKEN", "PW"):
        monkeypatch.setenv(key, env[key])
    master, slave = pty.openpty()
    prompted, typed = threading.Event(), threading.Event()

    class Screen(io.StringIO):
        def write(self, text: str) -> int:
            if "[y/N]" in text:
                prompted.set()
            return super().write(text)

    def ctrl_c_on_this_thread() -> None:
        if prompted.wait(30):
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        if not finished.wait(5):  # still waiting: unblock it, and fail below
            typed.set()
            os.write(master, b"n\n")

    finished = threading.Event()
    with os.fdopen(slave, "r") as stdin:
        monkeypatch.setattr(sys, "stdin", stdin)
        monkeypatch.setattr(sys, "stderr", Screen())
        helper = threading.Thread(target=ctrl_c_on_this_thread)
        helper.start()
        try:
            code = main(["apply", "-f", document(tmp_path)])
        finally:
            finished.set()
            helper.join()
            os.close(master)
    assert not typed.is_set(), "Ctrl-C on another thread did not wake the prompt"
    assert code == 130
    assert not [r for r in emulator.requests if r.method != "GET"]


def test_a_saved_plan_through_the_command_line(
    env: dict[str, str], emulator: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """plan --out, then apply PLAN -f DOC: exactly those changes; no secret in the file;
    a plan whose space changed since is refused (exit 1, nothing written)."""
    doc, saved = document(tmp_path), tmp_path / "plan.json"
    planned = cli("--output", "markdown", "plan", "-f", doc, "--out", str(saved), env=env)
    assert planned.stdout.startswith("### Profiles Sync plan: Plan: 1 to create")
    assert "<details>" in planned.stdout
    assert SECRET not in saved.read_text()
    applied = cli("--output", "json", "apply", str(saved), "-f", doc, "--auto-approve", env=env)
    assert json.loads(applied.stdout)["result"]["counts"]["applied"] == 3
    cli("plan", "-f", doc, "--out", str(saved), env=env)
    emulator.add_warehouse(SPACE, name="meanwhile")
    before = len([r for r in emulator.requests if r.method != "GET"])
    cli("apply", str(saved), "-f", doc, "--auto-approve", env=env, check=0)  # nothing to do
    doc_changes = document(tmp_path, extra=[{"name": "New", "metadata_id": "CCIl4HLQPz"}])
    cli("plan", "-f", doc_changes, "--out", str(saved), env=env)
    emulator.add_warehouse(SPACE, name="meanwhile 2")
    stale = cli("--output", "json", "apply", str(saved), "-f", doc_changes, "--auto-approve",
                env=env, check=1)  # fmt: skip
    outcome = json.loads(stale.stdout)["result"]["outcomes"][0]
    assert outcome["status"] == "skipped"
    assert "changed since the plan" in outcome["error"]
    assert len([r for r in emulator.requests if r.method != "GET"]) == before


def test_validate_needs_no_token_and_no_network(tmp_path: Path) -> None:
    """The environment cleared but for an unroutable API address: validate still works."""
    env = {"PATH": os.environ.get("PATH", ""), "SEGMENT_PUBLIC_API_URL": "http://10.255.255.1",
           "PYTHONPATH": os.environ.get("PYTHONPATH", "")}  # fmt: skip
    good = tmp_path / "good.yaml"
    good.write_text(f"version: 1\nspaces:\n  {SPACE}:\n    warehouses: []\n")
    clean = cli("--output", "table", "validate", "-f", str(good), env=env)
    assert "0 errors, 0 warnings" in clean.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        settings: {acount: x}\n        enabled: no?\n"
    )
    result = cli("--output", "json", "validate", "-f", str(bad), env=env, check=1)
    diagnostics = json.loads(result.stdout)
    assert {d["severity"] for d in diagnostics} == {"error", "warning"}
    error = next(d for d in diagnostics if d["severity"] == "error")
    assert (error["line"], error["column"]) == (8, 9)
    warnings_only = tmp_path / "typo.yaml"
    warnings_only.write_text(bad.read_text().replace("        enabled: no?\n", ""))
    cli("validate", "-f", str(warnings_only), env=env, check=0)
    cli("validate", "-f", str(warnings_only), "--strict", env=env, check=1)
    piped = cli("--output", "table", "validate", "-f", "-", "--format", "json", env=env,
                stdin=json.dumps({"version": 1, "spaces": {}}))  # fmt: skip
    assert "<stdin>: 0 errors" in piped.stdout
    schema = json.loads(cli("schema", env=env).stdout)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def test_a_document_from_stdin_and_export_formats(env: dict[str, str], tmp_path: Path) -> None:
    """`-f -` reads the document from standard input; `export -o` follows the suffix (TOML
    too) or refuses it."""
    text = Path(document(tmp_path)).read_text()
    piped = cli("--output", "json", "plan", "-f", "-", "--format", "json", env=env, stdin=text)
    assert json.loads(piped.stdout)["has_changes"] is True
    targeted = cli("--output", "json", "plan", "-f", "-", "--target", OTHER, env=env, stdin=text,
                   check=1)  # fmt: skip
    assert "not in the document" in targeted.stderr
    cli("apply", "-f", "-", env=env, stdin=text, check=64)  # nothing could answer the prompt
    toml_out = tmp_path / "exported.toml"
    cli("export", "--space", SPACE, "-o", str(toml_out), env=env)
    import tomllib

    exported = tomllib.loads(toml_out.read_text())
    assert len(exported["spaces"][SPACE]["warehouses"]) == 2
    refused = cli("export", "--space", SPACE, "-o", str(tmp_path / "out.txt"), env=env, check=64)
    assert ".yaml, .yml, .json or .toml" in refused.stderr
    yaml_out = tmp_path / "exported.yaml"
    cli("export", "--space", SPACE, "-o", str(yaml_out), env=env)
    assert yaml_out.read_text().startswith("# yaml-language-server: $schema=https://")


def test_the_wakeup_descriptor_of_an_embedding_host_is_kept() -> None:
    """A host that already set `signal.set_wakeup_fd` keeps it; off the main thread (where it
    cannot be set) the command runs all the same; afterwards nothing is left set."""
    import asyncio
    import socket

    from segment_profiles_sync.cli._signals import awake

    async def answer() -> int:
        return 42

    theirs, other = socket.socketpair()
    theirs.setblocking(False)
    try:
        previous = signal.set_wakeup_fd(theirs.fileno())
        assert asyncio.run(awake(answer())) == 42
        assert signal.set_wakeup_fd(previous) == theirs.fileno()
    finally:
        theirs.close()
        other.close()
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(asyncio.run(awake(answer()))))
    worker.start()
    worker.join()
    assert results == [42]
    assert asyncio.run(awake(answer())) == 42
    assert signal.set_wakeup_fd(-1) == -1
