"""Check that a parsed generated model really has the types its annotations promise.

openapi-python-client's `from_dict` casts rather than checks: `{"enabled": "yes"}` parses into
`enabled="yes"`. The façade promises typed results, so each parsed answer is walked once
against its annotations. The walk is built once per class into plain predicates (mostly one
`isinstance` with a tuple per field), because it runs on every item of every page; only when a
value fails is the slow path taken to name the field at fault.

Per model class, the field checks are compiled into one small function (as attrs compiles its
`__init__`), which about halves the cost of checking a page of 100 warehouses compared with
calling a generic closure per field (see `make bench`).
"""

from __future__ import annotations

import datetime
import enum
import math
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

import attrs
from segment_profiles_sync_api import models as _models
from segment_profiles_sync_api.types import Unset

Predicate = Callable[[Any], bool]


class ShapeError(Exception):
    """Raised with the dotted path of the first value that does not match its annotation."""


def _any(value: Any) -> bool:
    return True


# Annotations checkable by a single isinstance; int and float refuse bool, which subclasses int.
_SIMPLE: dict[Any, type | tuple[type, ...]] = {
    str: str,
    bool: bool,
    # `format: date-time` / `date` fields, parsed by the generated code (python-dateutil).
    datetime.datetime: datetime.datetime,
    datetime.date: datetime.date,
    type(None): type(None),
    Unset: Unset,
}


def _is_int(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    """JSON has no NaN or infinity (Python's json reads `NaN` and `1e999` as such): refuse them."""
    return type(value) is int or (type(value) is float and math.isfinite(value))


_NUMBERS: dict[Any, Predicate] = {int: _is_int, float: _is_number}


def _label(hint: Any) -> str:
    return (
        str(hint)
        .replace("segment_profiles_sync_api.types.", "")
        .replace("segment_profiles_sync_api.models.", "")
    )


def _arms(hint: Any) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _simple_types(hint: Any) -> tuple[type, ...] | None:
    """The isinstance tuple for a hint made only of simple arms (enums, dict, str …), or None."""
    found: list[type] = []
    for arm in _arms(hint):
        if arm in _SIMPLE:
            simple = _SIMPLE[arm]
            found.extend(simple if isinstance(simple, tuple) else (simple,))
        elif isinstance(arm, type) and issubclass(arm, enum.Enum):
            found.append(arm)
        elif typing.get_origin(arm) is dict:
            found.append(dict)
        else:
            return None
    return tuple(found)


def _predicate(hint: Any) -> Predicate:
    if hint is Any or hint is object:
        return _any
    simple = _simple_types(hint)
    if simple is not None:
        return lambda value: isinstance(value, simple)
    if hint in _NUMBERS:
        return _NUMBERS[hint]
    if typing.get_origin(hint) is list:
        (item_hint,) = typing.get_args(hint)
        item = _predicate(item_hint)
        return lambda value: type(value) is list and all(item(x) for x in value)
    if isinstance(hint, type) and attrs.has(hint):
        return _model_checker(hint)
    arms = _arms(hint)
    if len(arms) > 1:
        preds = [_predicate(arm) for arm in arms]
        return lambda value: any(p(value) for p in preds)
    raise TypeError(f"no checker for annotation {hint!r}")  # a generator change: fail loudly


@cache
def _fields(cls: type) -> tuple[tuple[str, Any, Predicate], ...]:
    hints = typing.get_type_hints(cls, localns=vars(_models))
    return tuple(
        (field.name, hints[field.name], _predicate(hints[field.name]))
        for field in attrs.fields(cls)
        if field.name != "additional_properties"
    )


def _list_ok(predicate: Predicate, value: Any) -> bool:
    return type(value) is list and all(map(predicate, value))


@cache
def _model_checker(cls: type) -> Predicate:
    """Compile `isinstance(v, cls)` and every field's check into one function.

    The generated models have no reference cycles; one would recurse here at build time.
    """
    env: dict[str, Any] = {"cls": cls, "_list_ok": _list_ok}
    checks = ["isinstance(v, cls)"]
    for i, (name, hint, predicate) in enumerate(_fields(cls)):
        attr = f"v.{name}"
        simple = _simple_types(hint)
        if hint is Any or hint is object:
            continue
        if simple is not None:
            env[f"t{i}"] = simple
            checks.append(f"isinstance({attr}, t{i})")
        elif typing.get_origin(hint) is list:
            env[f"p{i}"] = _predicate(typing.get_args(hint)[0])
            checks.append(f"_list_ok(p{i}, {attr})")
        else:
            env[f"p{i}"] = predicate
            checks.append(f"p{i}({attr})")
    source = "def check(v):\n    return " + " and ".join(checks) + "\n"
    exec(compile(source, f"<shape check {cls.__name__}>", "exec"), env)  # noqa: S102 - our text
    check: Predicate = env["check"]
    return check


def _model_ok(value: Any, cls: type) -> bool:
    return _model_checker(cls)(value)


def _explain(value: Any, hint: Any, path: str) -> str:
    """The path and reason of the first mismatch under `value` (the slow path)."""
    for arm in _arms(hint):
        if isinstance(arm, type) and attrs.has(arm) and isinstance(value, arm):
            for name, field_hint, ok in _fields(arm):
                if not ok(getattr(value, name)):
                    return _explain(getattr(value, name), field_hint, f"{path}.{name}")
        if typing.get_origin(arm) is list and type(value) is list:
            item_hint = typing.get_args(arm)[0]
            item = _predicate(item_hint)
            for i, element in enumerate(value):
                if not item(element):
                    return _explain(element, item_hint, f"{path}[{i}]")
    if type(value) is float and not math.isfinite(value):
        return f"{path}: expected a finite number, got {value!r}"
    expected = _label(hint)
    for name, kind in (("boolean", bool), ("string", str), ("number", float)):
        if hint in (kind, kind | Unset):
            expected = name
    return f"{path}: expected {expected}, got {type(value).__name__}"


def check_model(value: Any, path: str, cls: type | None = None) -> None:
    """Raise `ShapeError` unless `value` (an attrs model) matches its annotations deeply."""
    expected = cls or type(value)
    if isinstance(value, expected) and _model_ok(value, expected):
        return
    raise ShapeError(_explain(value, expected, path))
