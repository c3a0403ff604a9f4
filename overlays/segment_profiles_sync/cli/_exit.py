"""The command line's exit codes: one table, named. Every place that states them is built from
`TABLE` (`--help`'s epilog by `describe()`, the site's table by `markdown_table()`) or held to
it by a test (the package docstring), as pip's `status_codes` is used everywhere."""

from __future__ import annotations

from typing import NamedTuple

__all__ = [
    "CHANGES",
    "ERROR",
    "INTERRUPTED",
    "OK",
    "TABLE",
    "USAGE",
    "ExitCode",
    "describe",
    "markdown_table",
]


class ExitCode(NamedTuple):
    code: int
    meaning: str


OK = 0
ERROR = 1
CHANGES = 2
USAGE = 64  # sysexits' EX_USAGE: never 2, which `plan --detailed-exitcode` keeps for changes
INTERRUPTED = 130  # 128 + SIGINT

TABLE: tuple[ExitCode, ...] = (
    ExitCode(OK, "done"),
    ExitCode(
        ERROR,
        "an error (API, document, configuration such as no token), or a change that failed "
        "or was refused",
    ),
    ExitCode(CHANGES, "plan --detailed-exitcode only: the plan has changes"),
    ExitCode(
        USAGE,
        "a usage error: arguments that cannot be used (never 2, so a CI gate cannot mistake it "
        'for "changes")',
    ),
    ExitCode(INTERRUPTED, "interrupted: Ctrl-C, or SIGTERM from a CI runner cancelling the job"),
)


def describe() -> str:
    """One paragraph: `Exit codes: 0 done; 1 …; …`."""
    return "Exit codes: " + "; ".join(f"{e.code} {e.meaning}" for e in TABLE) + "."


def markdown_table() -> str:
    """The site's table (docs/ci.md), checked against this one by a test."""
    rows = [f"| {e.code} | {e.meaning} |" for e in TABLE]
    return "\n".join(["| code | meaning |", "|---|---|", *rows])
