"""When openapi.yaml changes: the API diff gate, and a regeneration drill with the real generator
on a temporary copy of the project (as a maintainer would meet each case)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
WAREHOUSE_FIELDS_END = """        schemaName:
          type: string
          description: The custom schema name that Segment uses on the Warehouse side.
"""
CREATED_AT = """        createdAt:
          type: string
          format: date-time
          description: When the warehouse was created.
"""


def run(
    *argv: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), cwd=cwd, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


# -- the API diff gate -------------------------------------------------------------------------


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of the project (for its history: the release commit), with the working tree's
    spec, changelog and script on top, sharing node_modules."""
    target = tmp_path / "clone"
    assert run("git", "clone", "--quiet", str(ROOT), str(target), cwd=tmp_path).returncode == 0
    for name in ("openapi.yaml", "CHANGELOG.md", "scripts/spec_diff.py"):
        shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def gate(project: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, str(project / "scripts" / "spec_diff.py"), "--check", cwd=project)


def test_breaking_change_needs_a_changelog_entry(clone: Path) -> None:
    """Removing a path fails the gate, naming the operation; an ### API entry lets it pass."""
    spec = clone / "openapi.yaml"
    text = spec.read_text()
    start = text.index("  /spaces/{spaceId}/profiles-warehouses/{warehouseId}/selective-syncs:")
    end = text.index("components:")
    spec.write_text(text[:start] + text[end:])
    failed = gate(clone)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "breaking: " in failed.stdout
    assert "listSelectiveSyncsFromWarehouseAndSpace" in failed.stderr
    edit(
        clone / "CHANGELOG.md",
        "### API\n",
        "### API\n- Removed listSelectiveSyncsFromWarehouseAndSpace and "
        "updateSelectiveSyncForWarehouseAndSpace.\n",
    )
    passed = gate(clone)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "every breaking change is announced" in passed.stdout


def test_new_optional_response_field_is_not_breaking(clone: Path) -> None:
    """Adding an optional response field is reported, and passes the gate unannounced."""
    edit(clone / "openapi.yaml", WAREHOUSE_FIELDS_END, WAREHOUSE_FIELDS_END + CREATED_AT)
    result = gate(clone)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "breaking: 0" in result.stdout
    assert "non-breaking: " in result.stdout


# -- the regeneration drill --------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The spec, the generator's inputs, both packages and the scripts, copied."""
    target = tmp_path / "project"
    target.mkdir()
    for name in ("openapi.yaml", "generator-config.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("templates", "generated", "overlays", "scripts"):
        shutil.copytree(
            ROOT / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    return target


def regenerate(project: Path) -> None:
    result = run(sys.executable, str(project / "scripts" / "generate.py"), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


def python_in(project: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` with the copy's packages first on the path."""
    env = {**os.environ, "PYTHONPATH": f"{project / 'generated'}{os.pathsep}{project / 'overlays'}"}
    return run(sys.executable, "-c", textwrap.dedent(code), cwd=project, env=env)


def mypy_in(project: Path) -> subprocess.CompletedProcess[str]:
    mypy = str(Path(sys.executable).parent / "mypy")
    return run(
        mypy, "--cache-dir", str(project / ".mypy_cache"),
        "overlays/segment_profiles_sync", "generated/segment_profiles_sync_api", cwd=project,
    )  # fmt: skip


SERVE_ONE_WAREHOUSE = """
    import httpx
    from segment_profiles_sync import ProfilesSync
    from tests_payload import warehouse

    def answer(extra):
        def handler(request):
            return httpx.Response(200, json={"data": {"profilesWarehouses": [warehouse(**extra)]}})
        return httpx.MockTransport(handler)
"""


def _payload_module(project: Path) -> None:
    shutil.copy2(ROOT / "tests" / "payloads.py", project / "overlays" / "tests_payload.py")


def test_added_optional_field_flows_through_unchanged_overlay(project: Path) -> None:
    """createdAt (date-time) becomes a typed, parsed attribute; old servers still work."""
    edit(project / "openapi.yaml", WAREHOUSE_FIELDS_END, WAREHOUSE_FIELDS_END + CREATED_AT)
    overlay_before = {p: p.read_bytes() for p in (project / "overlays").rglob("*.py")}
    regenerate(project)
    assert (
        "created_at: datetime.datetime | Unset"
        in (
            project / "generated/segment_profiles_sync_api/models/profiles_warehouse.py"
        ).read_text()
    )
    _payload_module(project)
    result = python_in(project, SERVE_ONE_WAREHOUSE + """
    import datetime
    from segment_profiles_sync.models import UNSET
    with ProfilesSync("t", transport=answer({"createdAt": "2026-11-27T01:02:03Z"})) as ps:
        [new] = list(ps.list_warehouses("s"))
    assert new.created_at == datetime.datetime(2026, 11, 27, 1, 2, 3, tzinfo=datetime.UTC)
    with ProfilesSync("t", transport=answer({})) as ps:
        [old] = list(ps.list_warehouses("s"))
    assert old.created_at is UNSET
    print("ok")
    """)  # fmt: skip
    assert result.stdout.strip() == "ok", result.stdout + result.stderr
    for path, content in overlay_before.items():
        assert path.read_bytes() == content  # the overlay needed no change


def test_added_enum_value_old_client_refuses_new_accepts(project: Path) -> None:
    """Before regeneration the new status is a validation error naming it; after, a value."""
    probe = """
    import httpx
    from segment_profiles_sync import ProfilesSync, APIResponseValidationError
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, json={"data": {"status": "QUEUED"}})
    )
    with ProfilesSync("t", transport=transport) as ps:
        try:
            print(ps.update_selective_sync("s", "w", enable_event_tables=True).value)
        except APIResponseValidationError as error:
            print("refused:", error)
    """
    before = python_in(project, probe)
    assert "refused:" in before.stdout, before.stdout + before.stderr
    assert "QUEUED" in before.stdout
    edit(
        project / "openapi.yaml", "enum: [UNCHANGED, UPDATED]", "enum: [UNCHANGED, UPDATED, QUEUED]"
    )
    regenerate(project)
    after = python_in(project, probe)
    assert after.stdout.strip() == "QUEUED", after.stdout + after.stderr


def test_removed_field_the_overlay_uses_fails_the_check(project: Path) -> None:
    """Removing `metadata` from the warehouse makes mypy fail, naming the field."""
    required = "required: [id, spaceId, workspaceId, enabled, metadata, settings]"
    edit(project / "openapi.yaml", required, required.replace(" metadata,", ""))
    edit(
        project / "openapi.yaml",
        """        metadata:
          $ref: '#/components/schemas/WarehouseMetadataV1'
        settings:
          $ref: '#/components/schemas/WarehouseSettings'
        schemaName:""",
        """        settings:
          $ref: '#/components/schemas/WarehouseSettings'
        schemaName:""",
    )
    regenerate(project)
    result = mypy_in(project)
    assert result.returncode == 1, result.stdout
    assert '"ProfilesWarehouse" has no attribute "metadata"' in result.stdout


def test_renamed_operation_names_the_broken_call(project: Path) -> None:
    """Renaming an operationId fails the seam check, naming the client method and the id."""
    edit(project / "openapi.yaml", "operationId: removeProfilesWarehouseFromSpace",
         "operationId: removeWarehouseFromSpace")  # fmt: skip
    regenerate(project)
    seam = run(sys.executable, str(project / "scripts" / "check_seam.py"), cwd=project)
    assert seam.returncode == 1
    assert "AsyncProfilesSync.remove_warehouse" in seam.stderr
    assert "removeProfilesWarehouseFromSpace" in seam.stderr
