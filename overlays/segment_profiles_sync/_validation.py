"""Argument checks made before any request is sent (pure functions).

The generated code percent-encodes path ids but lets `""`, `"."` and `".."` through, and httpx
then resolves the dot segment: a DELETE with warehouse id `".."` would go to the space itself.
`None` would become the text "None". So every id is checked here first, and nothing is sent
for a bad one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._constants import MAX_ID_LENGTH, MAX_PAGE_SIZE
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


def check_settings(name: str, value: Any) -> dict[str, Any]:
    """Warehouse settings: a mapping with str keys, copied so later edits are not sent."""
    if not isinstance(value, Mapping):
        raise InvalidArgumentTypeError(f"{name} must be a mapping, not {type(value).__name__}")
    copied = dict(value)
    bad = [k for k in copied if not isinstance(k, str)]
    if bad:
        raise InvalidArgumentTypeError(f"{name} keys must be str; got {type(bad[0]).__name__}")
    return copied
