"""Argument checks made before any request is sent (pure functions).

The generated code percent-encodes path ids but lets `""`, `"."` and `".."` through, and httpx
then resolves the dot segment: a DELETE with warehouse id `".."` would go to the space itself.
`None` would become the text "None". So every id is checked here first, and nothing is sent
for a bad one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ._constants import MAX_ID_LENGTH, MAX_PAGE_SIZE, MAX_SETTINGS_DEPTH
from ._secrecy import Secret, is_masked
from .errors import InvalidArgumentError, InvalidArgumentTypeError


def check_id(name: str, value: Any) -> str:
    """Return `value` if it is a usable path id; raise before anything is sent otherwise."""
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, not {type(value).__name__}")
    if not 1 <= len(value) <= MAX_ID_LENGTH:
        raise InvalidArgumentError(
            f"{name} must be 1 to {MAX_ID_LENGTH} characters long, got {len(value)}"
        )
    if value in {".", ".."}:
        raise InvalidArgumentError(f"{name} must not be {value!r} (a relative path segment)")
    return value


def check_text(name: str, value: Any) -> str:
    """A required, non-empty string body field (for example `metadata_id`)."""
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(f"{name} must not be empty")
    return value


def _check_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentTypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def check_page_size(value: Any) -> int | None:
    """`page_size` becomes `pagination.count`, which the API bounds to 1..1000."""
    if value is None:
        return None
    size = _check_int("page_size", value)
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidArgumentError(f"page_size must be between 1 and {MAX_PAGE_SIZE}, got {size}")
    return size


def check_max_items(value: Any) -> int | None:
    if value is None:
        return None
    count = _check_int("max_items", value)
    if count < 1:
        raise InvalidArgumentError(f"max_items must be at least 1, got {count}")
    return count


def check_cursor(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"start_cursor must be a str, not {type(value).__name__}")
    if not value:
        raise InvalidArgumentError("start_cursor must not be empty")
    return value


def check_optional(name: str, value: Any, kind: type[str] | type[bool]) -> Any:
    """None, or an instance of `kind` (used for `str` and `bool` options)."""
    if value is None or isinstance(value, kind):
        return value
    raise InvalidArgumentTypeError(
        f"{name} must be a {kind.__name__} or None, not {type(value).__name__}"
    )


def _json_copy(path: str, value: Any, depth: int = 0) -> Any:
    """A plain-JSON copy of `value`, or `InvalidArgumentTypeError` naming the first bad path.

    Checked here because json would otherwise fail inside httpx with its own `TypeError` or
    `ValueError` (a `set`, a `datetime`, NaN), after the call had started. Values are never
    shown in the message: settings hold passwords.
    """
    if depth > MAX_SETTINGS_DEPTH:
        raise InvalidArgumentTypeError(
            f"{path} is nested too deeply (more than {MAX_SETTINGS_DEPTH} levels)"
        )
    if isinstance(value, Secret):  # from a desired-state document: revealed only here
        return _json_copy(path, value.reveal(), depth)
    if isinstance(value, str | Mapping) and is_masked(value):
        raise InvalidArgumentError(
            f"{path} is a mask the API shows in place of a secret ('<redacted>', '•••'), not "
            "a value: sending it back would overwrite the secret"
        )
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentTypeError(f"{path} must be a finite number (JSON has no NaN)")
        return value
    if isinstance(value, Mapping):
        copied = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidArgumentTypeError(f"{path} keys must be str; got {type(key).__name__}")
            copied[key] = _json_copy(f"{path}.{key}", item, depth + 1)
        return copied
    if isinstance(value, list | tuple):
        return [_json_copy(f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value)]
    raise InvalidArgumentTypeError(
        f"{path} must hold only JSON values (str, number, bool, None, list, dict); "
        f"got {type(value).__name__}"
    )


def check_settings(name: str, value: Any) -> dict[str, Any]:
    """Warehouse settings: a mapping of JSON values with str keys, copied deeply so later edits
    by the caller are not sent."""
    if not isinstance(value, Mapping):
        raise InvalidArgumentTypeError(f"{name} must be a mapping, not {type(value).__name__}")
    copied: dict[str, Any] = _json_copy(name, value)
    return copied
