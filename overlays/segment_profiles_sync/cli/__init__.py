"""`segment-profiles-sync`: the command line over the clients and the desired-state layer.

    segment-profiles-sync plan -f profiles-sync.yaml --detailed-exitcode
    segment-profiles-sync apply -f profiles-sync.yaml --auto-approve
    segment-profiles-sync warehouses list --space 9aQ1Lj62S4bomZKLF4DPqW --output jsonl

A thin shell: arguments (argparse), rendering and exit codes. Everything it does is a call
that a library user could make. Exit codes: 0 done, 1 a runtime error (or a failed change),
2 a usage error (and, for `plan --detailed-exitcode`, "there are changes"), 130 interrupted.
"""

from __future__ import annotations

from ._main import main

__all__ = ["main"]
