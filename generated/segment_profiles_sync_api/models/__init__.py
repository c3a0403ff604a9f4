"""Contains all the data models used in inputs/outputs"""

from .create_profiles_warehouse_201_response import CreateProfilesWarehouse201Response
from .create_profiles_warehouse_alpha_input import CreateProfilesWarehouseAlphaInput
from .create_profiles_warehouse_alpha_output import CreateProfilesWarehouseAlphaOutput
from .integration_option import IntegrationOption
from .list_profiles_warehouse_in_space_200_response import (
    ListProfilesWarehouseInSpace200Response,
)
from .list_profiles_warehouse_in_space_alpha_output import (
    ListProfilesWarehouseInSpaceAlphaOutput,
)
from .list_selective_syncs_from_warehouse_and_space_200_response import (
    ListSelectiveSyncsFromWarehouseAndSpace200Response,
)
from .list_selective_syncs_from_warehouse_and_space_alpha_output import (
    ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput,
)
from .logos import Logos
from .pagination_output import PaginationOutput
from .profiles_warehouse import ProfilesWarehouse
from .remove_profiles_warehouse_from_space_200_response import (
    RemoveProfilesWarehouseFromSpace200Response,
)
from .remove_profiles_warehouse_from_space_alpha_output import (
    RemoveProfilesWarehouseFromSpaceAlphaOutput,
)
from .remove_warehouse_status import RemoveWarehouseStatus
from .request_error import RequestError
from .request_error_envelope import RequestErrorEnvelope
from .schema_override import SchemaOverride
from .selective_sync_item import SelectiveSyncItem
from .selective_sync_properties import SelectiveSyncProperties
from .selective_sync_update_status import SelectiveSyncUpdateStatus
from .update_profiles_warehouse_for_space_warehouse_200_response import (
    UpdateProfilesWarehouseForSpaceWarehouse200Response,
)
from .update_profiles_warehouse_for_space_warehouse_alpha_input import (
    UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
)
from .update_profiles_warehouse_for_space_warehouse_alpha_output import (
    UpdateProfilesWarehouseForSpaceWarehouseAlphaOutput,
)
from .update_selective_sync_for_warehouse_and_space_200_response import (
    UpdateSelectiveSyncForWarehouseAndSpace200Response,
)
from .update_selective_sync_for_warehouse_and_space_alpha_input import (
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput,
)
from .update_selective_sync_for_warehouse_and_space_alpha_output import (
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput,
)
from .warehouse_metadata import WarehouseMetadata
from .warehouse_settings import WarehouseSettings

__all__ = (
    "CreateProfilesWarehouse201Response",
    "CreateProfilesWarehouseAlphaInput",
    "CreateProfilesWarehouseAlphaOutput",
    "IntegrationOption",
    "ListProfilesWarehouseInSpace200Response",
    "ListProfilesWarehouseInSpaceAlphaOutput",
    "ListSelectiveSyncsFromWarehouseAndSpace200Response",
    "ListSelectiveSyncsFromWarehouseAndSpaceAlphaOutput",
    "Logos",
    "PaginationOutput",
    "ProfilesWarehouse",
    "RemoveProfilesWarehouseFromSpace200Response",
    "RemoveProfilesWarehouseFromSpaceAlphaOutput",
    "RemoveWarehouseStatus",
    "RequestError",
    "RequestErrorEnvelope",
    "SchemaOverride",
    "SelectiveSyncItem",
    "SelectiveSyncProperties",
    "SelectiveSyncUpdateStatus",
    "UpdateProfilesWarehouseForSpaceWarehouse200Response",
    "UpdateProfilesWarehouseForSpaceWarehouseAlphaInput",
    "UpdateProfilesWarehouseForSpaceWarehouseAlphaOutput",
    "UpdateSelectiveSyncForWarehouseAndSpace200Response",
    "UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput",
    "UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput",
    "WarehouseMetadata",
    "WarehouseSettings",
)
