"""The command line's exit codes: one table, named (documented in `--help` and on the site)."""

from __future__ import annotations

OK = 0
ERROR = 1  # a runtime error, or a change that failed
USAGE = 2  # arguments that cannot be used (argparse's own code, kept for our checks too)
CHANGES = 2  # `plan --detailed-exitcode`: the plan has changes
INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
