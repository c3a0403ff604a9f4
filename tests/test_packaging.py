"""One distribution ships both import packages, built sdist-first as a release would be."""

from __future__ import annotations

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
    """Only attrs, httpx and python-dateutil are required at runtime."""
    with zipfile.ZipFile(wheel) as zf:
        meta_name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(meta_name).decode())
    required = sorted(
        r.split(">")[0].split("<")[0].split("=")[0].strip()
        for r in meta.get_all("Requires-Dist") or []
        if "extra ==" not in r
    )
    assert required == ["attrs", "httpx", "python-dateutil"]
    assert meta["Requires-Python"] == ">=3.11"
