"""Desired state: declare what each space's Profiles Sync should look like, plan, apply, export.

    from segment_profiles_sync import ProfilesSync
    from segment_profiles_sync.state import load_state

    state = load_state("profiles-sync.yaml")       # or DesiredState.from_dict(doc)
    with ProfilesSync() as ps:
        plan = ps.plan(state)                       # reads only
        print(plan.render())
        result = ps.apply(plan)                     # ApplyResult: .ok, .outcomes, .errors
        exported = ps.export(["9aQ1Lj62S4bomZKLF4DPqW"])

The document format, the secret rules and the outcomes are described on the documentation
site ("Desired state", "Desired state in CI"). This layer sits above the clients and below the
command line and the orchestrator integrations: it calls the clients only through the
`AsyncWarehouseAPI` protocol it owns, and everything those above it need is exported here (the
command line imports no private module of it; a test holds that). `_document`, `_diff`,
`_plan`, `_render`, `_saved`, `_export`, `_schema` and `_validate` are pure; `_async_io` (and
its derived twin `_sync_io`) and `_pool` do the I/O.
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
    save_plan,
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
    "save_plan",
    "validate_document",
]
