"""`make check` catches a spec edit that was not regenerated, and says what differs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: run by make test, left out of -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent


def _copy_project(tmp: Path) -> Path:
    for name in ("openapi.yaml", "generator-config.yml"):
        shutil.copy2(ROOT / name, tmp / name)
    shutil.copytree(
        ROOT / "generated", tmp / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "templates", tmp / "templates")
    (tmp / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "generate.py", tmp / "scripts" / "generate.py")
    return tmp


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(project / "scripts" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_unregenerated_spec_edit_fails_with_a_diff(tmp_path: Path) -> None:
    """Editing a schema without regenerating fails, showing the files and lines that differ."""
    project = _copy_project(tmp_path)
    spec = project / "openapi.yaml"
    text = spec.read_text()
    assert "description: Whether event tables sync." in text
    spec.write_text(text.replace("Whether event tables sync.", "Whether event tables are synced."))
    result = _check(project)
    assert result.returncode == 1
    assert "+++ regenerated/generated/segment_profiles_sync_api/models/" in result.stdout
    assert "+        enable_event_tables (bool | Unset): Whether event tables are synced." in (
        result.stdout
    )
    assert '"sha256"' in result.stdout  # the provenance file records the new spec hash
    assert "make generate" in result.stderr


def test_deleted_generated_file_is_reported(tmp_path: Path) -> None:
    """A generated file missing from the tree is named in the report."""
    project = _copy_project(tmp_path)
    (project / "generated" / "segment_profiles_sync_api" / "models" / "logos.py").unlink()
    result = _check(project)
    assert result.returncode == 1
    assert (
        "new file (not committed): generated/segment_profiles_sync_api/models/logos.py"
        in result.stdout
    )


def test_edited_template_fails_the_drift_check(tmp_path: Path) -> None:
    """A custom template changed without regenerating shows up as a diff of what it renders."""
    project = _copy_project(tmp_path)
    template = project / "templates" / "types.py.jinja"
    template.write_text(template.read_text().replace('return "UNSET"', 'return "UNSET"  # x', 1))
    result = _check(project)
    assert result.returncode == 1
    assert "+++ regenerated/generated/segment_profiles_sync_api/types.py" in result.stdout
    assert "templates/types.py.jinja" in result.stdout  # its hash in the provenance file


def test_template_copied_from_another_generator_version_fails_loudly(tmp_path: Path) -> None:
    """If the pinned generator's own template is not the one ours was copied from, stop."""
    project = _copy_project(tmp_path)
    script = project / "scripts" / "generate.py"
    text = script.read_text()
    upstream = "93df9d75883a4eafac77dd21bc6907f3ef612e3f7841e08656618dcf6c4ce494"
    assert upstream in text
    script.write_text(text.replace(upstream, "0" * 64))
    result = _check(project)
    assert result.returncode != 0
    assert "the generator's types.py.jinja changed" in result.stderr
    assert "port the change" in result.stderr


DERIVED = [
    "_sync_client.py",
    "_sync_transport.py",
    "_sync_pager.py",
    "_sync_proxies.py",
    "state/_sync_io.py",
]


def test_every_derived_twin_is_checked() -> None:
    """The list above is every pair `scripts/unasync.py` derives (none is left out)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("unasync", ROOT / "scripts" / "unasync.py")
    assert spec is not None
    assert spec.loader is not None
    unasync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(unasync)
    package = ROOT / "overlays" / "segment_profiles_sync"
    derived = sorted(str(target.relative_to(package)) for _, target, _ in unasync.PAIRS)
    assert derived == sorted(DERIVED)


@pytest.mark.parametrize("derived", DERIVED)
def test_a_hand_edited_twin_fails_the_drift_check(tmp_path: Path, derived: str) -> None:
    """`make drift` (unasync --check) fails, naming the file, when a derived twin (the
    transport's included) was edited instead of its asyncio source."""
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "unasync.py", tmp_path / "scripts" / "unasync.py")
    shutil.copytree(
        ROOT / "overlays",
        tmp_path / "overlays",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"),
    )
    target = tmp_path / "overlays" / "segment_profiles_sync" / derived
    target.write_text(target.read_text() + "\n\nHAND_EDIT = True\n")
    result = subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{Path(derived).name} is stale" in result.stderr
    assert "-HAND_EDIT = True" in result.stdout
