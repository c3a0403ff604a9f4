"""The command line's exit codes: one table, named (documented in `--help` and on the site)."""

from __future__ import annotations

OK = 0
ERROR = 1  # a runtime error, or a change that failed
CHANGES = 2  # `plan --detailed-exitcode`: the plan has changes (and only that)
USAGE = 64  # arguments that cannot be used (sysexits' EX_USAGE; never 2, which is "changes")
INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
