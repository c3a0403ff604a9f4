"""The CI recipes the site shows are real files, checked here: the pre-commit hook definition
by pre-commit itself, the GitHub Actions workflow against SchemaStore's workflow schema (as
vendored by check-jsonschema; actionlint installs from PyPI only as a source package that
downloads its binary, which this machine cannot), and every command they run by our parser."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from segment_profiles_sync.cli._args import build_parser

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent


def commands(workflow: dict[str, Any]) -> list[list[str]]:
    """Every `segment-profiles-sync …` command the workflow runs, as argv."""
    found = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "").replace("\\\n", " ")
            for line in script.splitlines():
                line = line.split(">")[0].strip()
                if line.startswith("segment-profiles-sync "):
                    found.append(shlex.split(line)[1:])
    return found


def test_the_workflow_runs_only_commands_that_exist() -> None:
    """validate, plan --out with markdown and a table plan in the log, apply PLAN -f, and the
    way forward after a stale plan (plan and apply by hand behind an environment): each
    command parses with our parser, every apply applies a saved plan, and one run per
    document at a time."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    argvs = commands(workflow)
    verbs = [a[a.index(c)] for a in argvs for c in ("validate", "plan", "apply") if c in a]
    assert verbs == ["validate", "plan", "plan", "apply", "plan", "apply"]
    parser = build_parser()
    parsed = [parser.parse_args(argv) for argv in argvs]
    assert [a.output for a in parsed if a.command == "plan"] == ["markdown", "table", "table"]
    for apply in (a for a in parsed if a.command == "apply"):
        assert (apply.saved_plan, apply.auto_approve) == ("plan.json", True)
    assert workflow["concurrency"]["cancel-in-progress"] is False
    # `on:` is read by YAML 1.1 as the boolean True.
    assert "workflow_dispatch" in workflow[True]
    manual = workflow["jobs"]["replan-and-apply"]
    assert manual["environment"] == "profiles-sync"
    assert manual["if"] == "github.event_name == 'workflow_dispatch'"


def test_the_hook_runs_a_command_that_exists(tmp_path: Path) -> None:
    """The pre-commit hook's entry, given a document, is a valid `validate`."""
    [hook] = yaml.safe_load(HOOKS.read_text())
    argv = [*shlex.split(hook["entry"])[1:], "profiles-sync.yaml"]
    args = build_parser().parse_args(argv)
    assert (args.command, args.files) == ("validate", ["profiles-sync.yaml"])


@pytest.mark.slow
def test_pre_commit_accepts_the_hook_manifest() -> None:
    """`pre-commit validate-manifest` (pre-commit's own check of a hooks repository)."""
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_workflow_passes_the_github_workflow_schema() -> None:
    """check-jsonschema with SchemaStore's github-workflows schema (vendored, offline)."""
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_published_schema_is_the_current_one() -> None:
    """docs/profiles-sync.schema.json (the URL an export's first line names) is what
    `segment-profiles-sync schema` prints: regenerate it when the document changes."""
    import json

    from segment_profiles_sync.state import SCHEMA_URL, document_schema

    published = json.loads((ROOT / "docs" / "profiles-sync.schema.json").read_text())
    assert published == document_schema()
    assert SCHEMA_URL.endswith("/profiles-sync.schema.json")
