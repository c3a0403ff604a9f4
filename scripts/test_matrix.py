"""Run the test suite on every Python 3.11+ this machine has (`make test-matrix`).

    python scripts/test_matrix.py            # the fast suite (-m "not slow") on each
    python scripts/test_matrix.py --smoke    # import the package and run its smoke subset

Interpreters are found as `python3.X` on PATH or under pyenv (`~/.pyenv/versions/3.X.*`).
Each gets its own `.venv-py3.X` with the package and `requirements-test.txt` (pinned through
requirements-lock.txt). The development tools (generator, mypy, Schemathesis) stay on the
main interpreter: the `slow` tests that drive them run in `make test`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.11", "3.12", "3.13")
SMOKE = ["tests/test_exports.py", "tests/test_errors.py", "tests/test_validation.py",
         "tests/test_client.py"]  # fmt: skip


def _works(python: str) -> bool:
    """A pyenv shim for a version that is not selected exists but fails: try it."""
    probe = subprocess.run([python, "-c", "pass"], capture_output=True, check=False)  # noqa: S603
    return probe.returncode == 0


def find(version: str) -> str | None:
    pyenv = sorted((Path.home() / ".pyenv" / "versions").glob(f"{version}.*"))
    candidates = [str(c / "bin" / f"python{version}") for c in reversed(pyenv)]
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    return next((c for c in candidates if Path(c).exists() and _works(c)), None)


def prepare(version: str, python: str) -> Path:
    venv = ROOT / f".venv-py{version}"
    bin_python = venv / "bin" / "python"
    if not bin_python.exists():
        subprocess.run([python, "-m", "venv", str(venv)], check=True)  # noqa: S603
    pip = [str(bin_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    lock = str(ROOT / "requirements-lock.txt")
    subprocess.run([*pip, "-c", lock, "-r", str(ROOT / "requirements-test.txt")], check=True)  # noqa: S603
    subprocess.run([*pip, "-c", lock, "--no-build-isolation", "-e", str(ROOT)], check=True)  # noqa: S603
    return bin_python


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a few test files only")
    parser.add_argument(
        "--others",
        action="store_true",
        help="skip this interpreter's version (make test has just run the suite on it)",
    )
    args = parser.parse_args()
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    outcomes: dict[str, str] = {}
    runs: dict[str, subprocess.Popen[str]] = {}
    selection = SMOKE if args.smoke else ["-m", "not slow"]
    for version in VERSIONS:
        if args.others and version == current:
            outcomes[version] = "the main suite's interpreter (make pytest)"
            continue
        python = find(version)
        if python is None:
            outcomes[version] = "not found, skipped"
            continue
        bin_python = prepare(version, python)
        # The interpreters' suites run side by side (each is one process; the machine has
        # two cores), their output collected and printed in order below.
        runs[version] = subprocess.Popen(  # noqa: S603 - our venv, fixed arguments
            [str(bin_python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *selection],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    failed = False
    for version, run in runs.items():
        stdout, stderr = run.communicate()
        summary = next(
            (
                line
                for line in reversed(stdout.splitlines())
                if re.search(r"\d+ (passed|failed)", line)
            ),
            "no summary line",
        )
        outcomes[version] = f"{'ok' if run.returncode == 0 else 'FAILED'}: {summary.strip('= ')}"
        if run.returncode != 0:
            failed = True
            sys.stdout.write(stdout[-4000:] + stderr[-2000:])
    results = [(version, outcomes[version]) for version in VERSIONS if version in outcomes]
    print("\ntest matrix:")
    for version, outcome in results:
        print(f"  Python {version}: {outcome}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
