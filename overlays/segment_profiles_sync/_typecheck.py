"""Check that a parsed generated model really has the types its annotations promise.

openapi-python-client's `from_dict` casts rather than checks: `{"enabled": "yes"}` parses into
`enabled="yes"`. The façade promises typed results, so each parsed answer is walked once
against its annotations. Checkers are built once per class and cached, which keeps the cost per
item to a few isinstance calls.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs
from segment_profiles_sync_api import models as _models
from segment_profiles_sync_api.types import Unset

Checker = Callable[[Any, str], None]


class ShapeError(Exception):
    """Raised with the dotted path of the first value that does not match its annotation."""


def _fail(path: str, expected: str, value: Any) -> None:
    raise ShapeError(f"{path}: expected {expected}, got {type(value).__name__}")


def _scalar(kind: type, label: str) -> Checker:
    def check(value: Any, path: str) -> None:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            _fail(path, label, value)

    return check


def _number(value: Any, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(path, "number", value)


def _anything(value: Any, path: str) -> None:
    return None


def _checker_for(hint: Any) -> Checker:
    if hint is Any or hint is object:
        return _anything
    if hint is type(None):
        return lambda value, path: None if value is None else _fail(path, "null", value)
    if hint is Unset:
        return lambda value, path: None if isinstance(value, Unset) else _fail(path, "unset", value)
    if hint is bool:
        return _scalar(bool, "boolean")
    if hint is str:
        return _scalar(str, "string")
    if hint is int:
        return _scalar(int, "integer")
    if hint is float:
        return _number
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        arms = [_checker_for(arm) for arm in typing.get_args(hint)]

        def check_union(value: Any, path: str) -> None:
            for arm in arms:
                try:
                    arm(value, path)
                except ShapeError:
                    continue
                return
            _fail(path, str(hint).replace("segment_profiles_sync_api.", ""), value)

        return check_union
    if origin is list:
        (item_hint,) = typing.get_args(hint)
        item = _checker_for(item_hint)

        def check_list(value: Any, path: str) -> None:
            if not isinstance(value, list):
                _fail(path, "array", value)
            for i, element in enumerate(value):
                item(element, f"{path}[{i}]")

        return check_list
    if origin is dict:
        return lambda value, path: None if isinstance(value, dict) else _fail(path, "object", value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return lambda value, path: (
            None if isinstance(value, hint) else _fail(path, hint.__name__, value)
        )
    if isinstance(hint, type) and attrs.has(hint):
        return lambda value, path: check_model(value, path, hint)
    raise TypeError(f"no checker for annotation {hint!r}")  # a generator change: fail loudly


@cache
def _field_checkers(cls: type) -> tuple[tuple[str, Checker], ...]:
    hints = typing.get_type_hints(cls, localns=vars(_models))
    return tuple(
        (field.name, _checker_for(hints[field.name]))
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    )


def check_model(value: Any, path: str, cls: type | None = None) -> None:
    """Raise `ShapeError` unless `value` (an attrs model) matches its annotations deeply."""
    expected = cls or type(value)
    if not isinstance(value, expected):
        _fail(path, expected.__name__, value)
    for name, checker in _field_checkers(expected):
        checker(getattr(value, name), f"{path}.{name}")
