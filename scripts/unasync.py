"""Derive the blocking twins from their asyncio sources, or check that they are up to date.

    python scripts/unasync.py          # rewrite the derived files
    python scripts/unasync.py --check  # fail, with a diff, if one is stale

Each pair must have the same functions, arguments, validation and error handling; writing the
async side and deriving the other (as encode/httpcore does) keeps them from drifting. The
rules are plain token substitutions, applied in order, then `ruff format`. A rule that fires
in no file is an error: it is stale, and a stale rule hides the next real change it should
have made.
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


def _header(title: str, source: str) -> str:
    return (
        f'"""{title}\n\n'
        f"Generated from `{source}` by `scripts/unasync.py`: edit that file and run\n"
        "`make unasync`; `make check` fails if this one drifts.\n"
        '"""\n'
    )


# (async source, derived target, the derived file's docstring)
PAIRS: list[tuple[Path, Path, str]] = [
    (
        PACKAGE / "_async_client.py",
        PACKAGE / "_sync_client.py",
        _header("`ProfilesSync`: the blocking client.", "_async_client.py"),
    ),
    (
        PACKAGE / "_async_transport.py",
        PACKAGE / "_sync_transport.py",
        _header(
            "`RetryTransport`: retries, pacing and logging under the blocking httpx client.",
            "_async_transport.py",
        ),
    ),
    (
        PACKAGE / "_async_proxies.py",
        PACKAGE / "_sync_proxies.py",
        _header(
            "The default network transport with the environment's proxies: blocking.",
            "_async_proxies.py",
        ),
    ),
    (
        PACKAGE / "_async_pager.py",
        PACKAGE / "_sync_pager.py",
        _header("`SyncPager`: walks a listing page by page.", "_async_pager.py"),
    ),
    (
        PACKAGE / "state" / "_async_io.py",
        PACKAGE / "state" / "_sync_io.py",
        _header("Plan, apply and export against the API: the blocking twin.", "_async_io.py"),
    ),
]

SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\bAwaitable, ", ""),
    # The async default (None → asyncio.sleep, imported lazily) becomes time.sleep.
    (
        r"Callable\[\[float\], Awaitable\[None\]\] \| None = None",
        "Callable[[float], None] = time.sleep",
    ),
    (r"\bAsyncProfilesSync\b", "ProfilesSync"),
    (r"\bAsyncWarehouseAPI\b", "WarehouseAPI"),
    (r"\bAsyncRetryTransport\b", "RetryTransport"),
    (r"\bAsyncPager\b", "SyncPager"),
    (r"\b_AsyncProxyRouter\b", "_ProxyRouter"),
    (r"\b_async_proxies\b", "_sync_proxies"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\b__aiter__\b", "__iter__"),
    (r"Awaitable\[Page\[T\]\]", "Page[T]"),
    # `async for` has no `yield from`; the blocking twin has.
    (r"for item in page\.items:\n +yield item", "yield from page.items"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhttpx\.AsyncHTTPTransport\b", "httpx.HTTPTransport"),
    (r"\bdefault_async_transport\b", "default_transport"),
    (r"\bfor_each_async\b", "for_each"),
    (r"\b_async_io\b", "_sync_io"),
    (r"\b_async_transport\b", "_sync_transport"),
    # The transport: what only asyncio needs has a blocking no-op twin in `_transport.py` (as
    # httpcore's sync primitives), so every rule renames and none deletes a line.
    (r"\bcheck_loop\b", "no_loop_to_check"),
    (r"\bdefault_async_sleep\b", "default_sleep"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\baread\b", "read"),
    (r"\basync_wait_for_answer\b", "wait_for_answer"),
    (r"\basyncio_detailed\b", "sync_detailed"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    # `[x async for x in it]` has no shorter async form, but its sync twin is `list(it)`.
    (r"\[(\w+) async for \1 in ([^\]]+)\]", r"list(\2)"),
    (r"\basync (def|with|for) ", r"\1 "),
    (r"\bawait ", ""),
    (r"`async for`", "iterate"),
    (r"An asyncio client\b", "A client"),
]


def _header_end(text: str) -> int:
    """Index just past the module docstring."""
    return text.index('"""', 3) + 4


def unasync(source: str, target: Path, header: str, hits: list[int]) -> str:
    body = source[_header_end(source) :]
    for index, (pattern, replacement) in enumerate(SUBSTITUTIONS):
        body, count = re.subn(pattern, replacement, body, flags=re.MULTILINE)
        hits[index] += count
    # Keep the imports in sorted order after the substitutions, then format.
    text = header + body
    ruff = str(Path(sys.executable).parent / "ruff")
    stdin = ["--quiet", "--stdin-filename", str(target), "-"]
    for command in (["check", "--fix-only", "--select", "I"], ["format"]):
        text = subprocess.run(  # noqa: S603 - the pinned ruff in our venv
            [ruff, *command, *stdin], input=text, capture_output=True, text=True, check=True
        ).stdout
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    hits = [0] * len(SUBSTITUTIONS)
    stale = 0
    for source, target, header in PAIRS:
        expected = unasync(source.read_text(), target, header, hits)
        current = target.read_text() if target.exists() else ""
        if not args.check:
            if current != expected:
                target.write_text(expected)
                print(f"wrote {target.relative_to(ROOT)}")
            continue
        if current != expected:
            stale += 1
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    expected.splitlines(keepends=True),
                    fromfile=f"committed/{target.name}",
                    tofile=f"unasync/{target.name}",
                )
            )
            print(
                f"\n{target.name} is stale: edit {source.name}, then run `make unasync`.",
                file=sys.stderr,
            )
        else:
            print(f"{target.name} matches {source.name}.")
    unused = [SUBSTITUTIONS[i][0] for i, n in enumerate(hits) if n == 0]
    if unused:
        print(f"substitution rules that fired nowhere (remove them): {unused}", file=sys.stderr)
        return 1
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
