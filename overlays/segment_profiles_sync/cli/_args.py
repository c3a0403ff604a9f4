"""The command line's arguments (standard library only, so `--help` starts fast)."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from .._version import __version__
from . import _exit

# Help text about the token, not a token:
TOKEN_NOTE = (
    "The token is read from SEGMENT_PUBLIC_API_TOKEN (or PUBLIC_API_TOKEN) only: there is no "  # noqa: S105
    "--token flag, because a token on the command line lands in shell history and process "
    "listings. Pass settings with secrets as --settings @file.json or --settings - (stdin)."
)
OUTPUT_NOTE = (
    "--output: table (the default on a terminal), json (the default otherwise: one JSON "
    "document), jsonl (one object per line, streamed page by page for listings), markdown "
    "(plan and apply: for a pull-request comment). With json or jsonl an error is one JSON "
    'object on standard error: {"error": {"type", "message", "exit_code", "problems"}}.'
)
EXIT_NOTE = _exit.describe()


class UsageError(Exception):
    """Arguments that cannot be used (exit 64; never argparse's 2, which for
    `plan --detailed-exitcode` means "there are changes")."""


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is raised (and reported by `main`) instead of exiting 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def wants_json(arguments: list[str]) -> bool:
    """Whether the command asked for JSON output (read before parsing, for usage errors)."""
    for index, argument in enumerate(arguments):
        if argument.startswith("--output="):
            return argument.split("=", 1)[1] in {"json", "jsonl"}
        if argument == "--output" and index + 1 < len(arguments):
            return arguments[index + 1] in {"json", "jsonl"}
    return False


def _add_globals(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """The options every command takes, before or after its name. On the commands they
    default to SUPPRESS, so a value given before the command name is not reset to None."""
    kw: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    group = parser.add_argument_group("connection and output")
    group.add_argument("--region", choices=["us", "eu"], type=str.lower, help="API region", **kw)
    group.add_argument("--base-url", metavar="URL", help="API root (instead of --region)", **kw)
    group.add_argument("--timeout", type=float, metavar="SECONDS", help="per-request timeout", **kw)
    group.add_argument(
        "--max-retries", type=int, metavar="N", help="retries per request (0-50)", **kw
    )
    group.add_argument(
        "--rate-limit-patience",
        type=float,
        metavar="SECONDS",
        help="how long the server's 429 waits may add up for a request before they count "
        "as retries (default 120)",
        **kw,
    )
    group.add_argument(
        "--budget-share",
        type=float,
        metavar="SHARE",
        help="plan with this part (0-1] of the token's rate-limit window, when several "
        "processes split one token on purpose (default 1)",
        **kw,
    )
    group.add_argument(
        "--output",
        choices=["table", "json", "jsonl", "markdown"],
        help="output format (see below)",
        **kw,
    )
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="DEBUG logs (redacted) and tracebacks",
        **kw,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="segment-profiles-sync",
        description="Manage Segment Profiles Sync warehouses and selective sync, one call at a "
        "time or from a desired-state document (plan, apply, export).",
        epilog=f"{TOKEN_NOTE} {OUTPUT_NOTE} {EXIT_NOTE}",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_globals(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, help_text: str, parent: Any = commands) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = parent.add_parser(
            name, help=help_text, description=help_text, epilog=f"{TOKEN_NOTE} {EXIT_NOTE}"
        )
        _add_globals(sub, top=False)
        return sub

    document_help = "desired-state document (.yaml, .json or .toml; - for standard input)"

    def documented(sub: argparse.ArgumentParser, *, required: bool = True) -> None:
        sub.add_argument("-f", "--file", required=required, help=document_help)
        sub.add_argument(
            "--format",
            choices=["yaml", "json", "toml"],
            help="the document's format when it comes from standard input (default yaml, "
            "which reads JSON too)",
        )
        sub.add_argument(
            "--target",
            action="append",
            default=[],
            metavar="SPACE_ID",
            help="only this space of the document (repeatable)",
        )

    plan = command("plan", "Show what `apply` would change (reads only).")
    documented(plan)
    plan.add_argument(
        "--out",
        metavar="PLAN.json",
        help="save the plan (no secret in it) for `apply PLAN.json -f DOC` to apply exactly",
    )
    plan.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 0 with no changes, 2 with changes, 1 on error",
    )
    plan.add_argument("--rotate-secrets", action="store_true", help="send secrets again")

    apply = command(
        "apply",
        "Plan, confirm, and apply a desired-state document; or apply a saved plan exactly.",
    )
    apply.add_argument(
        "saved_plan",
        nargs="?",
        metavar="PLAN.json",
        help="a plan saved by `plan --out`: apply exactly its changes (refused if a space or "
        "its document entry changed since)",
    )
    documented(apply)
    apply.add_argument("--auto-approve", action="store_true", help="apply without asking")
    apply.add_argument(
        "--allow-replace",
        action="store_true",
        help="allow replacing a warehouse whose metadata_id changed (remove, then create)",
    )
    apply.add_argument("--rotate-secrets", action="store_true", help="send secrets again")
    apply.add_argument(
        "--lock",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="hold a lock per space so two applies on this machine cannot race (default on)",
    )

    export = command("export", "Write what the spaces hold now as a desired-state document.")
    export.add_argument(
        "--space", "--target", dest="space", action="append", required=True, metavar="ID"
    )
    export.add_argument(
        "-o", "--out", metavar="FILE", help="write here; the format follows .yaml/.yml/.json/.toml"
    )

    validate = command(
        "validate", "Check a document offline (no token, no network): every problem, located."
    )
    validate.add_argument("files", nargs="*", metavar="FILE", help="documents to check")
    validate.add_argument("-f", "--file", help=document_help)
    validate.add_argument(
        "--format", choices=["yaml", "json", "toml"], help="format of standard input"
    )
    validate.add_argument(
        "--strict", action="store_true", help="warnings (unknown settings keys) fail too"
    )

    command("schema", "Print the document's JSON Schema (draft-07), for editors and CI.")

    warehouses = commands.add_parser("warehouses", help="One warehouse call at a time.")
    w_cmds = warehouses.add_subparsers(dest="action", metavar="ACTION", required=True)
    w_list = command("list", "List the warehouses of a space.", w_cmds)
    w_list.add_argument("--space", required=True, metavar="ID")
    w_create = command("create", "Create a warehouse.", w_cmds)
    w_create.add_argument("--space", required=True, metavar="ID")
    w_create.add_argument("--metadata-id", required=True, metavar="ID")
    w_create.add_argument(
        "--settings", required=True, metavar="@FILE|JSON|-", help="settings object"
    )
    w_create.add_argument("--name")
    w_create.add_argument("--schema-name")
    w_create.add_argument("--disabled", action="store_true", help="create it disabled")
    w_update = command("update", "Update a warehouse.", w_cmds)
    w_update.add_argument("--space", required=True, metavar="ID")
    w_update.add_argument("--warehouse", required=True, metavar="ID")
    w_update.add_argument("--settings", metavar="@FILE|JSON|-", help="settings object")
    w_update.add_argument("--name")
    state = w_update.add_mutually_exclusive_group()
    state.add_argument("--enable", action="store_true")
    state.add_argument("--disable", action="store_true")
    w_update.add_argument("--schema-name")
    w_remove = command("remove", "Remove a warehouse.", w_cmds)
    w_remove.add_argument("--space", required=True, metavar="ID")
    w_remove.add_argument("--warehouse", required=True, metavar="ID")

    selective = commands.add_parser("selective-sync", help="Read or change selective sync.")
    s_cmds = selective.add_subparsers(dest="action", metavar="ACTION", required=True)
    s_list = command("list", "List a warehouse's collections and what syncs.", s_cmds)
    s_list.add_argument("--space", required=True, metavar="ID")
    s_list.add_argument("--warehouse", required=True, metavar="ID")
    s_update = command("update", "Turn collections or properties on or off.", s_cmds)
    s_update.add_argument("--space", required=True, metavar="ID")
    s_update.add_argument("--warehouse", required=True, metavar="ID")
    s_update.add_argument("--disable", action="append", default=[], metavar="COLLECTION[.PROPERTY]")
    s_update.add_argument("--enable", action="append", default=[], metavar="COLLECTION[.PROPERTY]")
    s_update.add_argument("--event-tables", choices=["on", "off"])

    emulator = commands.add_parser(
        "emulator", help="Run the bundled emulator, for trying the command out.", add_help=False
    )
    emulator.add_argument("rest", nargs=argparse.REMAINDER)
    return parser
