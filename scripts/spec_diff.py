"""What a change to `openapi.yaml` means for users: breaking, non-breaking or unclassified.

    python scripts/spec_diff.py                 # against the last release (CHANGELOG.md)
    python scripts/spec_diff.py --base <ref>    # against any git ref
    python scripts/spec_diff.py --check         # fail on a breaking change the CHANGELOG's
                                                # unreleased "### API" section does not mention

The diff itself is Atlassian's `openapi-diff` (pinned in package.json). It reads request and
response bodies only under `application/json`, and every body of this API is the vendor type
`application/vnd.segment.v1alpha+json`, so both specs are handed to it with that media type
renamed; nothing else is changed. The base is the spec at the commit the last release was cut
from, which CHANGELOG.md records next to the release ("Released from commit <sha>"): tags do
not travel with every clone.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = "openapi.yaml"
CHANGELOG = ROOT / "CHANGELOG.md"
TOOL = ROOT / "node_modules" / ".bin" / "openapi-diff"
VENDOR_TYPE = "application/vnd.segment.v1alpha+json"
RELEASE_HEADER = re.compile(r"^## \[(?P<version>[^\]]+)\]", re.MULTILINE)
RELEASE_COMMIT = re.compile(r"Released from commit `(?P<sha>[0-9a-f]{7,40})`")
KINDS = (("breaking", "breakingDifferences"), ("non-breaking", "nonBreakingDifferences"),
         ("unclassified", "unclassifiedDifferences"))  # fmt: skip


def last_release(changelog: str) -> tuple[str, str] | None:
    """(version, commit) of the newest release section that records its commit."""
    headers = list(RELEASE_HEADER.finditer(changelog))
    for here, after in zip(headers, [*headers[1:], None], strict=True):
        if here["version"] == "Unreleased":
            continue
        section = changelog[here.end() : after.start() if after else len(changelog)]
        commit = RELEASE_COMMIT.search(section)
        if commit is not None:
            return here["version"], commit["sha"]
    return None


def unreleased_api_notes(changelog: str) -> str:
    """The text of `### API` under `## [Unreleased]` ("" when there is none)."""
    unreleased = re.search(r"^## \[Unreleased\]\s*$(.*?)(?=^## \[|\Z)", changelog, re.M | re.S)
    if unreleased is None:
        return ""
    api = re.search(r"^### API\s*$(.*?)(?=^### |\Z)", unreleased[1], re.M | re.S)
    return "" if api is None else api[1]


def _spec_at(ref: str) -> str:
    result = subprocess.run(  # noqa: S603 - fixed argv
        ["git", "show", f"{ref}:{SPEC}"],  # noqa: S607 - git from PATH, as make does
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"spec-diff: no {SPEC} at {ref!r} in this clone: {result.stderr.strip()}")
    return result.stdout


def run_diff(old_text: str, new_text: str) -> dict[str, Any]:
    """openapi-diff's JSON result for two spec texts (media type normalised, see above)."""
    if not TOOL.exists():
        raise SystemExit("spec-diff: openapi-diff is not installed: run `make spec-diff`")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in (("old", old_text), ("new", new_text)):
            path = Path(tmp) / f"{name}.yaml"
            path.write_text(text.replace(VENDOR_TYPE, "application/json"))
            paths.append(str(path))
        result = subprocess.run(  # noqa: S603 - the pinned tool, fixed argv
            [str(TOOL), *paths], capture_output=True, text=True, check=False
        )
    output = result.stdout
    if "No changes found" in output:
        return {}
    start = output.find("{")
    if start < 0:
        raise SystemExit(f"spec-diff: openapi-diff failed:\n{output}\n{result.stderr}")
    parsed: dict[str, Any] = json.loads(output[start:])
    return parsed


def _operations(spec_text: str) -> dict[str, str]:
    """`paths.<path>.<method>` → operationId, to name what a difference touches."""
    import yaml

    spec = yaml.safe_load(spec_text)
    found = {}
    for path, item in (spec.get("paths") or {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[f"paths.{path}.{method}"] = operation["operationId"]
    return found


def describe(difference: dict[str, Any], operations: dict[str, str]) -> tuple[str, list[str]]:
    """A one-line description and the names (operationIds, paths) it concerns."""
    details = difference.get("sourceSpecEntityDetails") or []
    details += difference.get("destinationSpecEntityDetails") or []
    locations = sorted({d.get("location", "") for d in details if d.get("location")})
    names: list[str] = []
    for location in locations:
        for prefix, operation_id in operations.items():
            # The operation itself, something inside it, or the whole path it lives under.
            if (
                location == prefix
                or location.startswith(prefix + ".")
                or prefix.startswith(location + ".")
            ):
                names.append(operation_id)
        if location.startswith("paths."):
            names.append(location.split(".")[1] if location.count(".") else location)
    where = ", ".join(locations) or "(no location)"
    text = f"{difference.get('code', '?')} ({difference.get('entity', '?')}): {where}"
    return text, sorted(set(names))


def report(
    result: dict[str, Any], operations: dict[str, str]
) -> Iterator[tuple[str, str, list[str]]]:
    for kind, key in KINDS:
        for difference in result.get(key) or []:
            text, names = describe(difference, operations)
            yield kind, text, names


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--base", help="git ref to compare with (default: the last release)")
    parser.add_argument("--check", action="store_true", help="fail on unannounced breaking changes")
    args = parser.parse_args()
    changelog = CHANGELOG.read_text()
    base = args.base
    if base is None:
        release = last_release(changelog)
        if release is None:
            print("spec-diff: CHANGELOG.md records no release commit; nothing to compare with")
            return 0
        version, base = release
        print(f"spec-diff: {SPEC} against release {version} (commit {base})")
    else:
        print(f"spec-diff: {SPEC} against {base}")
    old = _spec_at(base)
    new = (ROOT / SPEC).read_text()
    result = run_diff(old, new)
    operations = {**_operations(old), **_operations(new)}
    rows = list(report(result, operations))
    if not rows:
        print("no changes to the API surface")
        return 0
    for kind, _ in KINDS:
        mine = [r for r in rows if r[0] == kind]
        print(f"{kind}: {len(mine)}")
        for _, text, names in mine:
            print(f"  - {text}" + (f"  [{', '.join(names)}]" if names else ""))
    if not args.check:
        return 0
    notes = unreleased_api_notes(changelog)
    missing = [
        (text, names)
        for kind, text, names in rows
        if kind == "breaking" and not any(name in notes for name in names)
    ]
    if missing:
        print(
            '\nspec-diff: breaking changes that CHANGELOG.md\'s [Unreleased] "### API" section '
            "does not mention (name the operation or path):",
            file=sys.stderr,
        )
        for text, names in missing:
            print(f"  - {text} (mention one of: {', '.join(names) or 'the path'})", file=sys.stderr)
        return 1
    print("every breaking change is announced in CHANGELOG.md's ### API section")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
