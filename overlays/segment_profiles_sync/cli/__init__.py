"""`segment-profiles-sync`: the command line over the clients and the desired-state layer.

    segment-profiles-sync plan -f profiles-sync.yaml --detailed-exitcode
    segment-profiles-sync apply -f profiles-sync.yaml --auto-approve
    segment-profiles-sync warehouses list --space 9aQ1Lj62S4bomZKLF4DPqW --output jsonl

A thin shell: arguments (argparse), rendering and exit codes. Everything it does is a call
that a library user could make.

Exit codes: 0 done; 1 an error (API, document, configuration such as no token), or a change that
failed or was refused; 2 plan --detailed-exitcode only: the plan has changes; 64 a usage error:
arguments that cannot be used (never 2, so a CI gate cannot mistake it for "changes"); 130
interrupted: Ctrl-C, or SIGTERM from a CI runner cancelling the job.
"""

from __future__ import annotations

from ._main import main

__all__ = ["main"]
