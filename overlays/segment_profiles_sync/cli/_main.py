"""`main()`: parse the arguments, run the command, turn what happened into an exit code.

Errors are one line on standard error (`error: …`), or, with `--output json`/`jsonl`, one JSON
object there (`{"error": {"type", "message", "exit_code", "problems"}}`), so a script that
parses the output never meets text it cannot read; standard output then holds valid JSON or
nothing. SIGTERM (a CI runner cancelling the job) is handled as Ctrl-C.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from typing import IO, Any

from . import _exit
from ._args import UsageError, build_parser, wants_json
from ._signals import sigterm_as_ctrl_c


def _configure_logging(verbose: bool, err: IO[str]) -> None:
    if not verbose:
        return
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("segment_profiles_sync")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def report_error(
    err: IO[str],
    error: BaseException,
    code: int,
    *,
    as_json: bool,
    kind: str | None = None,
    extra: dict[str, Any] | None = None,
) -> int:
    """Say what went wrong, in the output's language; returns `code`. `extra` adds fields to
    the JSON error object (the interrupted apply's lists)."""
    if as_json:
        problems = [
            {"path": p.path, "message": p.message} for p in getattr(error, "problems", ()) or ()
        ]
        document: dict[str, Any] = {
            "error": {
                "type": kind or type(error).__name__,
                "message": str(error),
                "exit_code": code,
                "problems": problems,
                **(extra or {}),
            }
        }
        err.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        from .._text import inert  # a message may quote a name from the API

        lines = str(error).split("\n")
        err.write("error: " + "\n".join(inert(line) for line in lines) + "\n")
    err.flush()
    return code


def _emulator(arguments: list[str]) -> int:
    from ..testing.__main__ import main as emulator_main

    try:
        return emulator_main(arguments, prog="segment-profiles-sync emulator")
    except SystemExit as exit_:  # argparse's usage error: our usage code
        return _exit.USAGE if exit_.code == 2 else int(exit_.code or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    err, out = sys.stderr, sys.stdout
    as_json = wants_json(arguments)
    if arguments[:1] == ["emulator"]:  # its own options (and --help) are the emulator's
        return _emulator(arguments[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except UsageError as usage:
        return report_error(err, usage, _exit.USAGE, as_json=as_json, kind="UsageError")
    if args.command == "emulator":
        return report_error(
            err,
            UsageError(
                "global options (--output, --base-url, …) do not apply to the emulator, which "
                "takes its own after its name: segment-profiles-sync emulator --port 8765 …"
            ),
            _exit.USAGE,
            as_json=as_json,
            kind="UsageError",
        )
    # Only now, past `--help` and `--version`, load what running a command needs.
    from ..errors import InvalidArgumentError, SegmentError
    from ._render import MissingExtraError
    from ._runner import Runner

    verbose = bool(getattr(args, "verbose", False))
    _configure_logging(verbose, err)
    runner = Runner(args, out, err, sys.stdin)
    previous = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, sigterm_as_ctrl_c)
    except ValueError:  # not the main thread (an embedding host): leave SIGTERM alone
        previous = None
    try:
        return runner.run()
    except KeyboardInterrupt:
        summary = runner.interrupted(as_json=as_json)
        if as_json:
            report_error(
                err, KeyboardInterrupt("interrupted"), _exit.INTERRUPTED, as_json=True,
                extra=summary,
            )  # fmt: skip
        return _exit.INTERRUPTED
    except (UsageError, InvalidArgumentError) as error:
        return report_error(err, error, _exit.USAGE, as_json=as_json, kind="UsageError")
    except (SegmentError, MissingExtraError) as error:
        if verbose:
            traceback.print_exc(file=err)
        return report_error(err, error, _exit.ERROR, as_json=as_json)
    except BrokenPipeError:  # `… | head`: the reader left; nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _exit.ERROR
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
