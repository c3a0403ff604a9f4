"""The API's quirks, in one place (pure; nothing here imports the generated package).

Each is a fact of the wire that more than one layer needs, and that would drift if each kept
its own copy:

- a warehouse's **name** travels in `settings["name"]`, not in a field of its own;
- a **selective-sync property** is a boolean, or (in some API versions) an object with
  `enabled`: `property_state` reads either, and says `None` for anything else;
- **error answers** carry `{"errors": [{type, message, field, data}]}`, which is read
  leniently: anything that is not that envelope gives no entries, never an exception.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "NAME_SETTING",
    "error_entries",
    "name_in_settings",
    "property_is_off",
    "property_state",
    "settings_without_name",
]

NAME_SETTING = "name"


def name_in_settings(settings: Mapping[str, Any]) -> str | None:
    """A warehouse's name, from where the API keeps it (`settings["name"]`)."""
    name = settings.get(NAME_SETTING)
    return name if isinstance(name, str) else None


def settings_without_name(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings proper: the name is shown and compared as a field of its own."""
    return {k: v for k, v in settings.items() if k != NAME_SETTING}


def property_state(value: Any) -> bool | None:
    """A live selective-sync property's on/off, or None when its shape is not one we read."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Mapping) and isinstance(value.get("enabled"), bool):
        return bool(value["enabled"])
    return None


def property_is_off(value: Any) -> bool:
    return property_state(value) is False


def error_entries(body: bytes) -> list[dict[str, Any]]:
    """The entries of an error answer's `{"errors": [...]}` envelope ([] for anything else)."""
    try:
        document: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    errors = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(errors, list):
        return []
    return [e for e in errors if isinstance(e, dict)]
