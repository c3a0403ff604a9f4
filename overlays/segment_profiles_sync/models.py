"""The response and request models, re-exported under stable names.

They are the generated attrs classes: snake_case attributes, `to_dict()` for the camelCase wire
form (unknown fields the server sent included, in `additional_properties`), and `from_dict()`.
Import them from here, not from `segment_profiles_sync_api.models`, whose module layout follows
the generator.

Optional fields the server did not send (and optional arguments you leave out) hold `UNSET`,
which is falsy and is not `None` (a JSON null): test with `isinstance(value, Unset)` or
`value is UNSET`. `UNSET` is a singleton that survives `copy.deepcopy` and pickling.
"""

from segment_profiles_sync_api.models import (
    IntegrationOption,
    Logos,
    PaginationOutput,
    ProfilesWarehouse,
    RemoveWarehouseStatus,
    RequestError,
    RequestErrorEnvelope,
    SchemaOverride,
    SelectiveSyncItem,
    SelectiveSyncProperties,
    SelectiveSyncUpdateStatus,
    WarehouseMetadata,
    WarehouseSettings,
)
from segment_profiles_sync_api.types import UNSET, Unset

__all__ = [  # noqa: RUF022 - plain sorted(), as tests/test_exports.py checks
    "IntegrationOption",
    "Logos",
    "PaginationOutput",
    "ProfilesWarehouse",
    "RemoveWarehouseStatus",
    "RequestError",
    "RequestErrorEnvelope",
    "SchemaOverride",
    "SelectiveSyncItem",
    "SelectiveSyncProperties",
    "SelectiveSyncUpdateStatus",
    "UNSET",
    "Unset",
    "WarehouseMetadata",
    "WarehouseSettings",
]
