"""Everything a call needs from the generated package, loaded on the first call.

The generated models (about 20 attrs classes) and operation modules cost more to import than
the rest of the client together, and a script pays that before doing anything. The clients
therefore import this module inside their methods (`from . import _operations as ops`): the
first call loads it, later calls find it in `sys.modules`. `__all__` is exactly what the
clients use as `ops.<name>` (a test holds the two to one set).
"""

from __future__ import annotations

from segment_profiles_sync_api.api.profiles_sync import (
    create_profiles_warehouse,
    list_profiles_warehouse_in_space,
    list_selective_syncs_from_warehouse_and_space,
    remove_profiles_warehouse_from_space,
    update_profiles_warehouse_for_space_warehouse,
    update_selective_sync_for_warehouse_and_space,
)
from segment_profiles_sync_api.models import (
    CreateProfilesWarehouse201Response,
    ListProfilesWarehouseInSpace200Response,
    ListSelectiveSyncsFromWarehouseAndSpace200Response,
    RemoveProfilesWarehouseFromSpace200Response,
    UpdateProfilesWarehouseForSpaceWarehouse200Response,
    UpdateSelectiveSyncForWarehouseAndSpace200Response,
)
from segment_profiles_sync_api.types import parsing_each_value_once

from ._list_answers import selective_syncs_page, warehouses_page
from ._requests import create_body, or_unset, selective_sync_body, update_body
from ._response import raise_for_failure, unwrap

__all__ = [
    "CreateProfilesWarehouse201Response",
    "ListProfilesWarehouseInSpace200Response",
    "ListSelectiveSyncsFromWarehouseAndSpace200Response",
    "RemoveProfilesWarehouseFromSpace200Response",
    "UpdateProfilesWarehouseForSpaceWarehouse200Response",
    "UpdateSelectiveSyncForWarehouseAndSpace200Response",
    "create_body",
    "create_profiles_warehouse",
    "list_profiles_warehouse_in_space",
    "list_selective_syncs_from_warehouse_and_space",
    "or_unset",
    "parsing_each_value_once",
    "raise_for_failure",
    "remove_profiles_warehouse_from_space",
    "selective_sync_body",
    "selective_syncs_page",
    "unwrap",
    "update_body",
    "update_profiles_warehouse_for_space_warehouse",
    "update_selective_sync_for_warehouse_and_space",
    "warehouses_page",
]
