"""Derive `_sync_client.py` from `_async_client.py`, or check that it is up to date.

    python scripts/unasync.py          # rewrite the sync client
    python scripts/unasync.py --check  # fail, with a diff, if it is stale

The two clients must have the same methods, arguments, validation and error handling; writing
the async one and deriving the other (as encode/httpcore does) keeps them from drifting. The
rules are plain token substitutions, applied in order, then `ruff format`.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "overlays" / "segment_profiles_sync"
SOURCE = PACKAGE / "_async_client.py"
TARGET = PACKAGE / "_sync_client.py"

HEADER = (
    '"""`ProfilesSync`: the blocking client.\n\n'
    "Generated from `_async_client.py` by `scripts/unasync.py`: edit that file and run\n"
    "`make unasync`; `make check` fails if this one drifts.\n"
    '"""\n'
)

SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\bAwaitable, ", ""),
    # The async default (None → asyncio.sleep, imported lazily) becomes time.sleep.
    (
        r"Callable\[\[float\], Awaitable\[None\]\] \| None = None",
        "Callable[[float], None] = time.sleep",
    ),
    (r"\bAsyncProfilesSync\b", "ProfilesSync"),
    (r"\bAsyncRetryTransport\b", "RetryTransport"),
    (r"\bAsyncPager\b", "SyncPager"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhttpx\.AsyncHTTPTransport\b", "httpx.HTTPTransport"),
    (r"\bdefault_async_transport\b", "default_transport"),
    (r"\basyncio_detailed\b", "sync_detailed"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\basync (def|with|for) ", r"\1 "),
    (r"\bawait ", ""),
    (r"`async for`", "iterate"),
    (r"An asyncio client\b", "A client"),
]


def _header_end(text: str) -> int:
    """Index just past the module docstring."""
    return text.index('"""', 3) + 4


def unasync(source: str) -> str:
    body = source[_header_end(source) :]
    for pattern, replacement in SUBSTITUTIONS:
        body = re.sub(pattern, replacement, body, flags=re.MULTILINE)
    # Keep the imports in sorted order after the substitutions, then format.
    text = HEADER + body
    ruff = str(Path(sys.executable).parent / "ruff")
    stdin = ["--quiet", "--stdin-filename", str(TARGET), "-"]
    for command in (["check", "--fix-only", "--select", "I"], ["format"]):
        text = subprocess.run(  # noqa: S603 - the pinned ruff in our venv
            [ruff, *command, *stdin], input=text, capture_output=True, text=True, check=True
        ).stdout
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    expected = unasync(SOURCE.read_text())
    if args.check:
        current = TARGET.read_text() if TARGET.exists() else ""
        if current != expected:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    fromfile=f"committed/{TARGET.name}",
                    tofile=f"unasync/{TARGET.name}",
                )
            )
            print(
                f"\n{TARGET.name} is stale: edit {SOURCE.name}, then run `make unasync`.",
                file=sys.stderr,
            )
            return 1
        print(f"{TARGET.name} matches {SOURCE.name}.")
        return 0
    TARGET.write_text(expected)
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
