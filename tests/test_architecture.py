"""The tree as documented: docs that state a fact are held to the code that defines it (exit
codes, the seam to generated code), and the layers import only downward (`cli/` uses the
state layer's public names only). `make test` runs these with everything else."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from segment_profiles_sync import cli
from segment_profiles_sync.cli import _exit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "overlays" / "segment_profiles_sync"
MAINTAINERS = (ROOT / "docs" / "maintainers.md").read_text()


def words(text: str) -> str:
    return " ".join(text.split())


def imports(path: Path) -> list[tuple[str, int]]:
    """(module, level) of every import in a file, lazy ones included."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, 0) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.module or "", node.level))
    return found


# -- exit codes: one table --------------------------------------------------------------------


def test_help_states_the_exit_codes_of_the_table() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync", "--help"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert words(_exit.describe()) in words(result.stdout)


def test_the_package_docstring_and_the_site_state_the_same_codes() -> None:
    assert words(_exit.describe()) in words(cli.__doc__ or "")
    assert _exit.markdown_table() in (ROOT / "docs" / "ci.md").read_text()


def test_the_command_line_returns_named_codes_only() -> None:
    """No `return 0` (or any literal code) in cli/: every code is a name from `_exit`."""
    literal = re.compile(r"^\s*return \d+\s*$", re.MULTILINE)
    offenders = [p.name for p in (PACKAGE / "cli").glob("*.py") if literal.search(p.read_text())]
    assert offenders == []


# -- the seam: one set, stated three times -------------------------------------------------------


def real_importers() -> set[str]:
    """Modules of the package that import the generated package (by the code, not by grep)."""
    return {
        path.stem
        for path in PACKAGE.rglob("*.py")
        if any(m.split(".")[0] == "segment_profiles_sync_api" and level == 0
               for m, level in imports(path))
    }  # fmt: skip


def ruff_allowance() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    ignores = config["tool"]["ruff"]["lint"]["per-file-ignores"]
    [pattern] = [k for k, v in ignores.items() if "TID251" in v and k.startswith("overlays/")]
    match = re.fullmatch(r"overlays/segment_profiles_sync/\{(.+)\}\.py", pattern)
    assert match is not None, pattern
    return set(match.group(1).split(","))


def documented_seam() -> tuple[set[str], set[str]]:
    """The seam row of the maintainers page's layer table, and the lint paragraph's list."""
    [row] = [line for line in MAINTAINERS.splitlines() if line.startswith("| the seam |")]
    table = set(re.findall(r"`(\w+)`", row.split("|")[2]))
    lint = re.search(r"`TID251` lets only the seam modules \(([^)]*)\)", words(MAINTAINERS))
    assert lint is not None
    return table, set(re.findall(r"`(\w+)`", lint.group(1)))


def test_the_seam_is_one_set_in_code_config_and_docs() -> None:
    table, lint = documented_seam()
    assert real_importers() == ruff_allowance() == table == lint


# -- layers: imports run downward ----------------------------------------------------------------


def test_the_command_line_uses_only_the_state_layer_s_public_names() -> None:
    offenders = [
        f"{path.name}: {module}"
        for path in (PACKAGE / "cli").glob("*.py")
        for module, level in imports(path)
        if (level == 2 and module.startswith("state."))
        or (level == 0 and module.startswith("segment_profiles_sync.state."))
    ]
    assert offenders == []


def test_no_layer_imports_one_above_it() -> None:
    """state/ never imports cli/ (nor the orchestrator modules); testing/ imports neither."""
    above = {"state": ("cli", "airflow", "dagster"), "testing": ("state", "cli")}
    offenders = []
    for layer, forbidden in above.items():
        for path in (PACKAGE / layer).glob("*.py"):
            for module, level in imports(path):
                name = module.split(".")[0]
                if level == 2 and name in forbidden:
                    offenders.append(f"{layer}/{path.name}: ..{module}")
    assert offenders == []


def test_complexity_is_budgeted() -> None:
    """ruff's mccabe check is on at 12; the allow-list is short, each entry with a reason."""
    text = (ROOT / "pyproject.toml").read_text()
    config = tomllib.loads(text)
    lint = config["tool"]["ruff"]["lint"]
    assert "C901" in lint["select"]
    assert lint["mccabe"]["max-complexity"] == 12
    allowed = [k for k, v in lint["per-file-ignores"].items() if "C901" in v]
    assert len(allowed) <= 3
    for key in allowed:
        before = text[: text.index(f'"{key}"')].rstrip().splitlines()[-1]
        assert before.startswith("#"), f"{key} has no reason above it"


def test_the_operations_module_exports_exactly_what_the_clients_use() -> None:
    from segment_profiles_sync import _operations

    used = set(re.findall(r"\bops\.(\w+)", (PACKAGE / "_async_client.py").read_text()))
    assert set(_operations.__all__) == used


def test_the_state_layer_has_no_import_circle() -> None:
    """Within state/, the module-level import graph (TYPE_CHECKING and lazy imports count
    too) has no cycle: data (`_plan`) below rendering and the saved plan's reader."""
    graph: dict[str, set[str]] = {}
    for path in (PACKAGE / "state").glob("*.py"):
        graph[path.stem] = {
            module.split(".")[0] for module, level in imports(path) if level == 1 and module
        }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, {m})] == []
