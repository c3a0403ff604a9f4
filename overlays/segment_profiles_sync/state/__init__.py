"""Desired state: declare what each space's Profiles Sync should look like, plan, apply, export.

    from segment_profiles_sync import ProfilesSync
    from segment_profiles_sync.state import load_state

    state = load_state("profiles-sync.yaml")       # or DesiredState.from_dict(doc)
    with ProfilesSync() as ps:
        plan = ps.plan(state)                       # reads only
        print(plan.render())
        result = ps.apply(plan)                     # ApplyResult: .ok, .outcomes, .errors
        exported = ps.export(["9aQ1Lj62S4bomZKLF4DPqW"])

The document format, the secret rules and the outcomes are described in the README. This layer
sits above the clients and uses only their public methods: `_diff.py`, `_export.py`,
`_document.py` and `_plan.py` are pure; `_async_io.py` (and its derived twin `_sync_io.py`) do
the I/O.
"""

from .._secrecy import SECRET_KEY_PARTS, Secret, is_masked, is_secret_key
from ..errors import AmbiguousStateError, PlanStaleError, StateError, StateProblem
from ._document import (
    CollectionSpec,
    DesiredState,
    SelectiveSyncSpec,
    SpaceSpec,
    WarehouseSpec,
    dump_state,
    load_state,
    load_state_text,
)
from ._export import placeholder_name
from ._plan import (
    OUTPUT_FORMAT_VERSION,
    ApplyResult,
    Change,
    FieldDiff,
    LiveWarehouse,
    Outcome,
    Plan,
    Progress,
    ProgressCallback,
    Unmanaged,
    apply_report,
)
from ._render import render_markdown
from ._saved import load_plan
from ._schema import SCHEMA_URL, document_schema
from ._validate import Diagnostic, validate_document

__all__ = [
    "OUTPUT_FORMAT_VERSION",
    "SCHEMA_URL",
    "SECRET_KEY_PARTS",
    "AmbiguousStateError",
    "ApplyResult",
    "Change",
    "CollectionSpec",
    "DesiredState",
    "Diagnostic",
    "FieldDiff",
    "LiveWarehouse",
    "Outcome",
    "Plan",
    "PlanStaleError",
    "Progress",
    "ProgressCallback",
    "Secret",
    "SelectiveSyncSpec",
    "SpaceSpec",
    "StateError",
    "StateProblem",
    "Unmanaged",
    "WarehouseSpec",
    "apply_report",
    "document_schema",
    "dump_state",
    "is_masked",
    "is_secret_key",
    "load_plan",
    "load_state",
    "load_state_text",
    "placeholder_name",
    "render_markdown",
    "validate_document",
]
