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
from segment_profiles_sync_api.types import UNSET, Unset

from ._validation import check_optional, check_settings, check_text
from .errors import InvalidArgumentError, InvalidArgumentTypeError


def or_unset(value: Any) -> Any:
    """`None` (an argument left out) as `UNSET`, which the generated `to_dict()` omits."""
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
        name=or_unset(check_optional("name", name, str)),
        enabled=or_unset(check_optional("enabled", enabled, bool)),
        schema_name=or_unset(check_optional("schema_name", schema_name, str)),
    )


def update_body(
    *, settings: Any, name: Any, enabled: Any, schema_name: Any
) -> UpdateProfilesWarehouseForSpaceWarehouseAlphaInput:
    return UpdateProfilesWarehouseForSpaceWarehouseAlphaInput(
        settings=WarehouseSettings.from_dict(check_settings("settings", settings)),
        name=or_unset(check_optional("name", name, str)),
        enabled=or_unset(check_optional("enabled", enabled, bool)),
        schema_name=or_unset(check_optional("schema_name", schema_name, str)),
    )


_OVERRIDE_KEYS = frozenset({"collection", "enabled", "property"})


def _override(index: int, value: Any) -> SchemaOverride:
    """One checked override; errors use the wire names (`property`, not the model's
    `property_`) and refuse keys the API does not define, which would be sent unchecked."""
    path = f"sync_overrides[{index}]"
    if isinstance(value, SchemaOverride):
        fields: dict[str, Any] = {"collection": value.collection, "enabled": value.enabled}
        if not isinstance(value.property_, Unset):
            fields["property"] = value.property_
        extra = set(value.additional_properties)
    elif isinstance(value, Mapping):
        fields = dict(value)
        extra = set(fields) - _OVERRIDE_KEYS
    else:
        raise InvalidArgumentTypeError(
            f"{path} must be a dict or SchemaOverride, not {type(value).__name__}"
        )
    if extra:
        raise InvalidArgumentError(
            f"{path} has unknown keys {sorted(map(str, extra))}; "
            "expected 'collection', 'enabled' and optionally 'property'"
        )
    for key in ("collection", "enabled"):
        if key not in fields:
            raise InvalidArgumentError(f"{path} is missing '{key}'")
    collection, enabled = fields["collection"], fields["enabled"]
    prop = fields.get("property")
    if not isinstance(collection, str) or not collection:
        raise InvalidArgumentTypeError(f"{path}.collection must be a non-empty str")
    if not isinstance(enabled, bool):
        raise InvalidArgumentTypeError(
            f"{path}.enabled must be a bool, not {type(enabled).__name__}"
        )
    if prop is not None and (not isinstance(prop, str) or not prop):
        raise InvalidArgumentTypeError(f"{path}.property must be a non-empty str or None")
    return SchemaOverride(collection=collection, enabled=enabled, property_=or_unset(prop))


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
        enable_event_tables=or_unset(
            check_optional("enable_event_tables", enable_event_tables, bool)
        ),
    )
