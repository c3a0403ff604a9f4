"""Turn façade arguments into generated request models (pure, shared by both clients).

Unset optional arguments stay `UNSET`, so the generated `to_dict()` omits them: the API reads a
missing key as "leave as is" and a null as a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from segment_profiles_sync_api.models import (
    CreateProfilesWarehouseAlphaInput,
    SchemaOverride,
    UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput,
    WarehouseSettings,
)
from segment_profiles_sync_api.types import UNSET

from ._typecheck import ShapeError, check_model
from ._validation import check_optional, check_settings, check_text
from .errors import InvalidArgumentError, InvalidArgumentTypeError


def _or_unset(value: Any) -> Any:
    return UNSET if value is None else value


def create_body(
    *,
    metadata_id: Any,
    settings: Any,
    name: Any,
    enabled: Any,
    schema_name: Any,
) -> CreateProfilesWarehouseAlphaInput:
    return CreateProfilesWarehouseAlphaInput(
        metadata_id=check_text("metadata_id", metadata_id),
        settings=WarehouseSettings.from_dict(check_settings("settings", settings)),
        name=_or_unset(check_optional("name", name, str)),
        enabled=_or_unset(check_optional("enabled", enabled, bool)),
        schema_name=_or_unset(check_optional("schema_name", schema_name, str)),
    )


def update_body(
    *, settings: Any, name: Any, enabled: Any, schema_name: Any
) -> UpdateProfilesWarehouseForSpaceWarehouseAlphaInput:
    return UpdateProfilesWarehouseForSpaceWarehouseAlphaInput(
        settings=WarehouseSettings.from_dict(check_settings("settings", settings)),
        name=_or_unset(check_optional("name", name, str)),
        enabled=_or_unset(check_optional("enabled", enabled, bool)),
        schema_name=_or_unset(check_optional("schema_name", schema_name, str)),
    )


def _override(index: int, value: Any) -> SchemaOverride:
    path = f"sync_overrides[{index}]"
    if isinstance(value, SchemaOverride):
        override = value
    elif isinstance(value, Mapping):
        unknown = set(value) - {"collection", "enabled", "property"}
        if unknown:
            raise InvalidArgumentError(
                f"{path} has unknown keys {sorted(unknown)}; "
                "expected 'collection', 'enabled' and optionally 'property'"
            )
        try:
            override = SchemaOverride.from_dict(value)
        except KeyError as missing:
            raise InvalidArgumentError(f"{path} is missing {missing}") from None
    else:
        raise InvalidArgumentTypeError(
            f"{path} must be a dict or SchemaOverride, not {type(value).__name__}"
        )
    try:
        check_model(override, path)
    except ShapeError as error:
        raise InvalidArgumentTypeError(str(error)) from None
    return override


def selective_sync_body(
    *, sync_overrides: Iterable[Mapping[str, Any] | SchemaOverride] | None, enable_event_tables: Any
) -> UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput:
    overrides: Any = UNSET
    if sync_overrides is not None:
        if isinstance(sync_overrides, str | bytes | Mapping) or not isinstance(
            sync_overrides, Iterable
        ):
            raise InvalidArgumentTypeError(
                f"sync_overrides must be a list of overrides, not {type(sync_overrides).__name__}"
            )
        overrides = [_override(i, o) for i, o in enumerate(sync_overrides)]
    return UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput(
        sync_overrides=overrides,
        enable_event_tables=_or_unset(
            check_optional("enable_event_tables", enable_event_tables, bool)
        ),
    )
