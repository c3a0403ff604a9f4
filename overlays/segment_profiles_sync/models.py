"""The response and request models, re-exported under stable names.

They are the generated attrs classes: snake_case attributes, `to_dict()` for the camelCase wire
form (unknown fields the server sent included, in `additional_properties`), and `from_dict()`.
Import them from here, not from `segment_profiles_sync_api.models`, whose module layout follows
the generator.
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

__all__ = [
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
    "WarehouseMetadata",
    "WarehouseSettings",
]
