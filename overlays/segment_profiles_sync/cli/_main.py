"""`main()`: parse the arguments, run the command, turn what happened into an exit code."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import IO

from . import _exit
from ._args import build_parser


def _configure_logging(verbose: bool, err: IO[str]) -> None:
    if not verbose:
        return
    handler = logging.StreamHandler(err)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("segment_profiles_sync")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["emulator"]:  # its own options (and --help) are the emulator's
        from ..testing.__main__ import main as emulator_main

        return emulator_main(arguments[1:], prog="segment-profiles-sync emulator")
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command == "emulator":
        parser.error("the emulator's options come after it: segment-profiles-sync emulator ...")
    # Only now, past `--help` and `--version`, load what running a command needs.
    from ..errors import InvalidArgumentError, SegmentError
    from ._render import MissingExtraError

    err, out = sys.stderr, sys.stdout
    verbose = bool(getattr(args, "verbose", False))
    _configure_logging(verbose, err)
    from ._runner import Runner, UsageError

    runner = Runner(args, out, err, sys.stdin)
    try:
        return runner.run()
    except KeyboardInterrupt:
        runner.interrupted()
        return _exit.INTERRUPTED
    except (UsageError, InvalidArgumentError) as error:
        err.write(f"error: {error}\n")
        return _exit.USAGE
    except (SegmentError, MissingExtraError) as error:
        if verbose:
            traceback.print_exc(file=err)
        err.write(f"error: {error}\n")
        return _exit.ERROR
    except BrokenPipeError:  # `… | head`: the reader left; nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _exit.ERROR
