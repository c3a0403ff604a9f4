"""One distribution ships both import packages, built sdist-first as a release would be."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: run by make test, left out of -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # `python -m build` with no target builds the sdist, then the wheel *from that sdist*.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (sdist,) = out.glob("*.tar.gz")
    assert sdist.name.startswith("segment_profiles_sync-")
    (whl,) = out.glob("*.whl")
    return whl


def test_wheel_ships_both_packages_typed(wheel: Path) -> None:
    """The wheel holds the generated and the overlay package, each with py.typed, and no tests."""
    names = zipfile.ZipFile(wheel).namelist()
    assert "segment_profiles_sync_api/py.typed" in names
    assert "segment_profiles_sync/py.typed" in names
    assert "segment_profiles_sync_api/api/profiles_sync/create_profiles_warehouse.py" in names
    assert not [n for n in names if n.startswith(("tests/", "generated/", "overlays/"))]


def test_wheel_runtime_dependencies_are_light(wheel: Path) -> None:
    """Only attrs, httpx, python-dateutil and sniffio are required at runtime."""
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode())
    required = sorted(
        r.split(">")[0].split("<")[0].split("=")[0].strip()
        for r in meta.get_all("Requires-Dist") or []
        if "extra ==" not in r
    )
    assert required == ["attrs", "httpx", "python-dateutil", "sniffio"]
    assert meta["Requires-Python"] == ">=3.11"


def test_metadata_is_complete(wheel: Path) -> None:
    """Project URLs, classifiers for exactly the tested Pythons, keywords, license, extras."""
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode())
        entry_points = zf.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    urls = {u.split(",")[0] for u in meta.get_all("Project-URL") or []}
    assert {"Documentation", "Repository", "Changelog"} <= urls
    pythons = sorted(
        c.rsplit(" ", 1)[1] for c in meta.get_all("Classifier") or [] if "Python :: 3." in c
    )
    assert pythons == ["3.11", "3.12", "3.13"]  # the test matrix's versions
    assert meta["License-Expression"] == "MIT"
    assert set(meta.get_all("Provides-Extra") or []) == {"cli", "yaml", "airflow", "dagster"}
    assert "segment-profiles-sync = segment_profiles_sync.cli:main" in entry_points
    assert "segment_profiles_sync = segment_profiles_sync.testing.pytest_plugin" in entry_points
    assert "[apache_airflow_provider]" in entry_points
    assert "provider_info = segment_profiles_sync.airflow.provider_info:get_provider_info" in (
        entry_points
    )


def test_wheel_works_in_a_fresh_virtualenv(wheel: Path, tmp_path: Path) -> None:
    """Installed with its cli extra into a new venv: the console script talks to the bundled
    emulator (started by the same script), and the pytest plugin's fixtures work."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, bin_dir = str(venv / "bin" / "python"), venv / "bin"
    lock = str(ROOT / "requirements-lock.txt")
    install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*install, "-c", lock, f"{wheel}[cli]", "pytest"], check=True)
    emulator = subprocess.Popen(
        [str(bin_dir / "segment-profiles-sync"), "emulator", "--token", "t", "--seed", "S1:2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        base_url = emulator.stdout.readline().strip()
        env = {"SEGMENT_PUBLIC_API_URL": base_url, "SEGMENT_PUBLIC_API_TOKEN": "t", "PATH": ""}
        listed = subprocess.run(
            [str(bin_dir / "segment-profiles-sync"), "warehouses", "list", "--space", "S1"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert len(json.loads(listed.stdout)) == 2
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
        if emulator.stdout is not None:
            emulator.stdout.close()
    suite = tmp_path / "test_user.py"
    suite.write_text(
        "def test_fixtures(profiles_sync_emulator, profiles_sync_client):\n"
        "    space = profiles_sync_emulator.add_space(warehouses=2)\n"
        "    assert len(list(profiles_sync_client.list_warehouses(space))) == 2\n"
    )
    result = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert "1 passed" in result.stdout, result.stdout + result.stderr
