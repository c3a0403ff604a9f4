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
TEMPLATES = ROOT / "templates"
GENERATED = ROOT / "generated"
PACKAGE = "segment_profiles_sync_api"
PROVENANCE = "provenance.json"
GENERATOR = "openapi-python-client"
GENERATOR_VERSION = "0.29.1"
HAND_OWNED = {"README.md"}  # files in generated/ that the generator does not write
# Each custom template replaces one of the generator's, copied from it at this SHA-256. A
# generator upgrade that changes the upstream template must fail here, loudly, instead of
# silently rendering our stale copy (see templates/README.md).
UPSTREAM_TEMPLATES = {
    "model.py.jinja": "fd1c79680d51c06cfbb89809ad123750ba9add98b688036c04cabbf1f8ba40a0",
    "types.py.jinja": "93df9d75883a4eafac77dd21bc6907f3ef612e3f7841e08656618dcf6c4ce494",
}
# What a template writes when the spec uses a type it does not know how to check: generation
# fails instead of shipping a parser that would let such values through unchecked.
UNSUPPORTED_MARKER = "UNSUPPORTED_"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _custom_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.glob("*.jinja") if p.is_file())


def check_templates(upstream_dir: Path) -> list[str]:
    """Problems with the custom templates against the installed generator's own ones."""
    problems = []
    for template in _custom_templates():
        expected = UPSTREAM_TEMPLATES.get(template.name)
        upstream = upstream_dir / template.name
        if expected is None:
            problems.append(f"templates/{template.name} is not in UPSTREAM_TEMPLATES")
        elif not upstream.is_file():
            problems.append(f"the generator no longer has {template.name}")
        elif _sha256(upstream) != expected:
            problems.append(
                f"the generator's {template.name} changed (sha256 {_sha256(upstream)}, "
                f"templates/{template.name} was copied from {expected}): port the change"
            )
    return problems


def _generate_into(out: Path) -> None:
    """Write the package and its provenance file into `out` (a fresh folder)."""
    installed = importlib.metadata.version(GENERATOR)
    if installed != GENERATOR_VERSION:
        sys.exit(
            f"{GENERATOR} {installed} is installed, but {GENERATOR_VERSION} is pinned: "
            "run `make generate` (it installs the pinned tools into .venv)."
        )
    import openapi_python_client

    problems = check_templates(Path(openapi_python_client.__file__).parent / "templates")
    if problems:
        sys.exit("custom templates do not match the pinned generator:\n  " + "\n  ".join(problems))
    bindir = Path(sys.executable).parent
    cmd = [
        str(bindir / GENERATOR),
        "generate",
        "--path", str(SPEC),
        "--config", str(CONFIG),
        "--meta", "none",
        "--fail-on-warning",
        "--custom-template-path", str(TEMPLATES),
        "--output-path", str(out / PACKAGE),
    ]  # fmt: skip
    # The post-hooks call `ruff`: put the venv's pinned one first on PATH.
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(  # noqa: S603 - fixed argv, the pinned tool in our venv
        cmd, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode != 0:
        sys.exit(f"generation failed:\n{result.stdout}\n{result.stderr}")
    unsupported = [
        str(path.relative_to(out))
        for path in (out / PACKAGE).rglob("*.py")
        if UNSUPPORTED_MARKER in path.read_text()
    ]
    if unsupported:
        sys.exit(
            "a custom template met a property type it cannot check (see templates/README.md): "
            + ", ".join(sorted(unsupported))
        )
    (out / PACKAGE / "py.typed").write_text("")
    provenance = {
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "arguments": ["--meta", "none", "--fail-on-warning", "--custom-template-path", "templates"],
        "inputs": {
            "openapi.yaml": {"sha256": _sha256(SPEC)},
            "generator-config.yml": {"sha256": _sha256(CONFIG)},
            **{
                f"templates/{t.name}": {
                    "sha256": _sha256(t),
                    "upstream_sha256": UPSTREAM_TEMPLATES[t.name],
                }
                for t in _custom_templates()
            },
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
