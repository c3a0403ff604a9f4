"""Mutation testing of the pacing models and the retry decisions (`make mutation`).

mutmut (pinned in requirements-dev.txt) mutates one line at a time and runs the tests that
reach it; a mutant the tests do not notice "survives". Goal (issue #26): at least 90 % of
the mutants of `_pacing/` and `retry.py` killed, and every survivor listed in MUTATION.md
with the reason it is left alive. A survivor not listed there fails the run (a new rule
without a test that pins it), and so does a score under the goal.

mutmut expects the code under `src/` or the project root; ours is under `overlays/`. So it
runs in a scratch folder outside the tree, where `src` is a link to `overlays`, with the
mutated copy put first on the path (the editable install's `.pth` points at the original).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each run works in a fresh temporary folder, outside the tree (pytest and wheel builds run
# beside it in `make test`), its own: one fixed folder per user was emptied by a second run
# started meanwhile (two checkouts' `make test`, or `make mutation` beside one), which then
# failed the first.
WORK_PREFIX = "segment-profiles-sync-mutation-"
REPORT = ROOT / "MUTATION.md"
GOAL = 0.90
TESTS = [
    "tests/test_pacing_models.py",
    "tests/test_pacing_coordinator.py",
    "tests/test_pacing.py",
    "tests/test_pacing_shared.py",
    "tests/test_retry_table.py",
]
# test_pacing.py's tests through a client and the emulator (threads, tasks, a transport):
# slow per mutant, and they kill nothing the table tests above do not (measured: the same
# survivors without them), so the mutation run leaves them out; pytest runs them as usual.
CLIENT_LEVEL = (
    "not concurrent_tasks and not threads_sharing and not without_pacing and not cancelling"
    " and not never_moves and not headers_tell"
)
# Each mutant is a fresh `pytest.main` in a forked child, so its fixed cost is most of the run:
# the plugins the pacing tests do not use stay unloaded, and `tests/conftest.py` freezes the
# collected heap (its `pytest_collection_finish`: the child's garbage collections then skip
# what it inherited). Together about 0.5 -> 0.16 s per mutant.
PYTEST_ARGS = [
    *("-p", "no:cacheprovider"),
    *("-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:anyio"),
    *("-p", "no:platformdirs"),
    *("-q", "-m", "not slow", "-k", CLIENT_LEVEL),
]
# A mutant that makes a test loop is stopped after (its tests' time + 1 s) x 3 x 2 CPU
# seconds, not mutmut's default x 15 x 2 (30 s or more, for four such mutants per run): the
# slowest mutant that ends takes 1.3 s.
CONFIG = f"""
[tool.mutmut]
source_paths = ["src/segment_profiles_sync/"]
only_mutate = ["src/segment_profiles_sync/_pacing/*", "src/segment_profiles_sync/retry.py"]
pytest_add_cli_args_test_selection = {TESTS!r}
pytest_add_cli_args = {PYTEST_ARGS!r}
timeout_multiplier = 3.0
"""


def prepare(work: Path) -> None:
    (work / "src").symlink_to(ROOT / "overlays")
    (work / "tests").symlink_to(ROOT / "tests")
    text = (ROOT / "pyproject.toml").read_text()
    (work / "pyproject.toml").write_text(text + CONFIG)
    (work / "mutants" / "src").mkdir(parents=True)  # on the path before mutmut fills it


def run(work: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(work / "mutants" / "src"), str(ROOT / "generated")]),
    }
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    done = subprocess.run(  # noqa: S603 - fixed argv, the pinned tool in our venv
        [mutmut, *args], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:])
        raise SystemExit(f"mutmut {args[0]} failed ({done.returncode})")
    return done.stdout


def results(work: Path) -> dict[str, str]:
    """Mutant name -> status ("killed", "survived", "no tests", "timeout", …)."""
    out = run(work, "results", "--all", "true")
    statuses = {}
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name.startswith("segment_profiles_sync."):
            statuses[name] = status
    return statuses


def listed() -> set[str]:
    """The survivors MUTATION.md explains (each on a line starting with its name in ``)."""
    if not REPORT.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", REPORT.read_text(), flags=re.MULTILINE))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix=WORK_PREFIX) as work:
        return check(Path(work))


def check(work: Path) -> int:
    # `make test` runs this beside pytest with one child (`MUTATION_CHILDREN=1`): pytest is
    # the longer of the two, and a second child only took its core.
    children = os.environ.get("MUTATION_CHILDREN") or str(os.cpu_count() or 2)
    prepare(work)
    run(work, "run", "--max-children", children)
    statuses = results(work)
    killed = sum(status in {"killed", "timeout"} for status in statuses.values())
    alive = sorted(n for n, status in statuses.items() if status not in {"killed", "timeout"})
    score = killed / max(1, len(statuses))
    print(f"mutation: {killed} of {len(statuses)} killed ({score:.1%}); {len(alive)} alive")
    unexplained = sorted(set(alive) - listed())
    for name in sorted(listed() - set(alive)):
        print(f"  killed now, still in MUTATION.md (remove it): {name}")
    for name in unexplained:
        print(f"  not in MUTATION.md: {name}")
        print("    " + run(work, "show", name).strip().replace("\n", "\n    "))
    if score < GOAL:
        print(f"mutation: under the goal of {GOAL:.0%}")
        return 1
    if unexplained:
        print("mutation: survivors without a reason: pin them with a test, or explain them")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
