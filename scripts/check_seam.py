"""Check the seam between the overlay and the generated package: every generated operation and
model the overlay imports still exists, and say which client method breaks when one does not.

    python scripts/check_seam.py

An operationId renamed or removed in `openapi.yaml` renames or removes a generated module;
mypy then reports an import error deep in `_operations.py`. This names the public calls that
broke (`AsyncProfilesSync.remove_warehouse` and its sync twin) and the operationId to look for.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "overlays" / "segment_profiles_sync"
GENERATED = ROOT / "generated" / "segment_profiles_sync_api"
OPERATIONS_PACKAGE = "segment_profiles_sync_api.api.profiles_sync"


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.title() for part in rest)


def imported_operations(module: Path) -> list[str]:
    tree = ast.parse(module.read_text())
    return [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == OPERATIONS_PACKAGE
        for alias in node.names
    ]


def callers(operation: str) -> list[str]:
    """`Class.method` of the async client that use `ops.<operation>` (the sync twin mirrors)."""
    tree = ast.parse((OVERLAY / "_async_client.py").read_text())
    found = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in cls.body:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Attribute) and node.attr == operation:
                    found.append(f"{cls.name}.{fn.name}")
                    break
    return found


def main() -> int:
    available = {p.stem for p in (GENERATED / "api" / "profiles_sync").glob("*.py")} - {"__init__"}
    used = imported_operations(OVERLAY / "_operations.py")
    missing = [op for op in used if op not in available]
    for operation in missing:
        methods = callers(operation) or ["(no client method found)"]
        print(
            f"{', '.join(methods)} (and the blocking twin) call the generated operation "
            f"`{operation}`, which no longer exists: was operationId `{_camel(operation)}` "
            "renamed or removed in openapi.yaml? Update overlays/segment_profiles_sync/"
            "_operations.py and the calls, or restore the operationId.",
            file=sys.stderr,
        )
    if missing:
        return 1
    print(f"the {len(used)} generated operations the overlay calls are all there")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
