"""Regenerate `generated/` from `openapi.yaml`, or prove that it is up to date.

    python scripts/generate.py          # replace generated/segment_profiles_sync_api whole
    python scripts/generate.py --check  # regenerate into a temporary folder and diff

Why a script and not a one-line Makefile rule: openapi-python-client's `--overwrite` only clears
`api/` and `models/`, `--meta none` writes no `py.typed`, and the drift check has to see new and
deleted files as well as changed ones. Generating into a temporary folder and swapping the
package whole handles all three, and the provenance file records what produced the code.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yml"
GENERATED = ROOT / "generated"
PACKAGE = "segment_profiles_sync_api"
PROVENANCE = "provenance.json"
GENERATOR = "openapi-python-client"
GENERATOR_VERSION = "0.29.1"
HAND_OWNED = {"README.md"}  # files in generated/ that the generator does not write


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _generate_into(out: Path) -> None:
    """Write the package and its provenance file into `out` (a fresh folder)."""
    installed = importlib.metadata.version(GENERATOR)
    if installed != GENERATOR_VERSION:
        sys.exit(
            f"{GENERATOR} {installed} is installed, but {GENERATOR_VERSION} is pinned: "
            "run `make generate` (it installs the pinned tools into .venv)."
        )
    bindir = Path(sys.executable).parent
    cmd = [
        str(bindir / GENERATOR),
        "generate",
        "--path", str(SPEC),
        "--config", str(CONFIG),
        "--meta", "none",
        "--fail-on-warning",
        "--output-path", str(out / PACKAGE),
    ]  # fmt: skip
    # The post-hooks call `ruff`: put the venv's pinned one first on PATH.
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(  # noqa: S603 - fixed argv, the pinned tool in our venv
        cmd, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        sys.exit(f"generation failed:\n{result.stdout}\n{result.stderr}")
    (out / PACKAGE / "py.typed").write_text("")
    provenance = {
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "arguments": ["--meta", "none", "--fail-on-warning"],
        "inputs": {
            "openapi.yaml": {"sha256": _sha256(SPEC)},
            "generator-config.yml": {"sha256": _sha256(CONFIG)},
        },
    }
    (out / PROVENANCE).write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.name not in HAND_OWNED
    }


def _diff(committed: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    lines: list[str] = []
    for name in sorted(committed.keys() | fresh.keys()):
        old, new = committed.get(name), fresh.get(name)
        if old == new:
            continue
        if old is None:
            lines.append(f"new file (not committed): generated/{name}\n")
        elif new is None:
            lines.append(f"deleted file (still committed): generated/{name}\n")
        lines.extend(
            difflib.unified_diff(
                (old or b"").decode(errors="replace").splitlines(keepends=True),
                (new or b"").decode(errors="replace").splitlines(keepends=True),
                fromfile=f"committed/generated/{name}",
                tofile=f"regenerated/generated/{name}",
            )
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if generated/ is stale")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _generate_into(out)
        if args.check:
            diff = _diff(_tree(GENERATED), _tree(out))
            if diff:
                sys.stdout.writelines(diff)
                print(
                    "\ngenerated/ is out of date with openapi.yaml / generator-config.yml."
                    "\nRun `make generate` and commit the result; never edit generated/ by hand.",
                    file=sys.stderr,
                )
                return 1
            print("generated/ is up to date.")
            return 0
        GENERATED.mkdir(exist_ok=True)
        shutil.rmtree(GENERATED / PACKAGE, ignore_errors=True)
        shutil.copytree(out / PACKAGE, GENERATED / PACKAGE)
        shutil.copy2(out / PROVENANCE, GENERATED / PROVENANCE)
    print(f"regenerated generated/{PACKAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
