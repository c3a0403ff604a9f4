"""Saved plans: what was reviewed, written down, and applied exactly (pure, but for the file).

`plan --out plan.json` in a pull request, `apply plan.json -f doc.yaml` after the merge. The
file holds what apply needs to do exactly the reviewed changes and to notice that the world
moved since, and nothing secret:

- `kind`, `format_version` and `package_version`, so a foreign or future file is refused;
- per space, a fingerprint of its **document entry** (secret values left out; which keys are
  secret is in it) and of its **live state as read** (secret values left out), and the
  warehouses whose selective sync was read;
- the changes, as `Plan.to_dict()` shows them (secrets are a flag, never a value), plus where
  each comes from in the document (`spec_path`) and the selective-sync overrides to send;
- a `checksum` of all that, so a file edited by hand (or cut short) is refused.

Apply takes the secrets from the document, read again at apply time (its `${VAR}`s from that
environment): they never touch the disk. Unlike a Terraform plan file, this one can be
committed, posted or attached to a CI run.

**A receipt, not a program.** The checksum is a plain SHA-256 that anyone can recompute, so
the file is never trusted to say what to do. Apply plans again from the document and the live
state (the same code as `plan`) and runs only what that recomputed plan says, and only in a
space where it equals the saved plan change for change (`receipt()`: action, space, warehouse
id, name, the diff's paths and non-secret values, the selective-sync overrides). Anything
else refuses that space with `PlanStaleError` naming what differs. A change in a space the
document (or `--target`) does not name, or a file whose shape is wrong, is refused whole
before anything is read or written. So an edited file can at worst make apply refuse; it can
never make apply do something the document and the live state do not call for.
"""

from __future__ import annotations

import dataclasses
import json
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._secrecy import has_withheld, redact
from .._version import __version__
from ..errors import PlanStaleError, StateError, StateProblem
from ._diff import fingerprint
from ._document import DesiredState, SpaceSpec
from ._plan import (
    ACTION_ORDER,
    PLAN_FILE_KIND,
    PLAN_FILE_VERSION,
    Change,
    FieldDiff,
    Plan,
    Unmanaged,
    checksum,
)

__all__ = [
    "PLAN_FILE_KIND",
    "PLAN_FILE_VERSION",
    "PlanFileWarning",
    "check_scope",
    "document_fingerprint",
    "load_plan",
    "receipt",
    "reconcile",
    "stale_documents",
]


# The file's shape, key by key: anything else is refused (a key this version does not know
# could be an instruction it would silently ignore).
_TOP_KEYS = frozenset(
    {"kind", "format_version", "package_version", "spaces", "not_compared", "changes",
     "unmanaged", "checksum"}
)  # fmt: skip
_OPTIONAL_TOP_KEYS = frozenset({"rotate_secrets"})
_SPACE_KEYS = frozenset({"document", "live", "read_selective"})
_CHANGE_KEYS = frozenset(
    {"action", "space_id", "warehouse_id", "name", "diff", "spec_path", "overrides",
     "enable_event_tables"}
)  # fmt: skip
_DIFF_KEYS = frozenset({"path", "before", "after", "secret"})
_UNMANAGED_KEYS = frozenset({"space_id", "warehouse_id", "name"})
# Which actions name an existing warehouse, and which act on a document entry.
_NEEDS_ID = frozenset({"update", "remove", "replace"})
_NEEDS_SPEC = frozenset({"create", "update", "replace", "selective_sync"})


class PlanFileWarning(UserWarning):
    """A saved plan written by a newer version of the package: read, but it may hold what
    this version does not know about (it is still checked like any other)."""


def document_fingerprint(space: SpaceSpec) -> str:
    """A digest of one space's document entry: every value but secret ones (shown as
    `(secret)`, so which keys are secret still counts)."""
    return fingerprint(
        {
            "prune": space.prune,
            "warehouses": [
                {
                    "path": w.path,
                    "name": w.name,
                    "id": w.id,
                    "metadata_id": w.metadata_id,
                    "enabled": w.enabled,
                    "schema_name": w.schema_name,
                    "settings": redact(dict(w.settings)),
                    "selective_sync": None
                    if w.selective_sync is None
                    else {
                        "enable_event_tables": w.selective_sync.enable_event_tables,
                        "collections": {
                            name: [c.enabled, dict(c.properties)]
                            for name, c in w.selective_sync.collections.items()
                        },
                    },
                }
                for w in space.warehouses
            ],
        }
    )


def _refuse(path: str, why: str) -> StateError:
    return StateError([StateProblem(path, why)])


def load_plan(source: str | os.PathLike[str] | Mapping[str, Any]) -> Plan:
    """Read a plan saved by `Plan.save()` (or `plan --out`); apply it with
    `ps.apply(saved, state)`. A file that is not one, is from a newer version, or was edited
    after it was written is refused with a `StateError` saying which.

    `source` is a path, or the saved plan itself as a mapping (`Plan.to_saved()`, as an
    orchestrator passes it between tasks); the same checks apply to both."""
    if isinstance(source, Mapping):
        return _read(source, "the saved plan")
    where = str(source)
    try:
        document: Any = json.loads(Path(source).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise _refuse(where, f"cannot be read: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError):
        raise _refuse(where, "is not a saved plan (not JSON)") from None
    return _read(document, where)


def _read(document: Any, where: str) -> Plan:
    if not isinstance(document, Mapping) or document.get("kind") != PLAN_FILE_KIND:
        raise _refuse(where, f"is not a saved plan (no kind: {PLAN_FILE_KIND!r})")
    version = document.get("format_version")
    if version != PLAN_FILE_VERSION:
        raise _refuse(
            where,
            f"is a plan file of format {version!r}; this version reads {PLAN_FILE_VERSION} "
            f"(it was written by segment-profiles-sync {document.get('package_version')!r})",
        )
    body = {k: v for k, v in document.items() if k != "checksum"}
    if document.get("checksum") != checksum(body):
        raise _refuse(where, "was changed after it was written (its checksum does not match)")
    problems = shape_problems(body)
    if problems:
        raise StateError([StateProblem(where, f"is malformed: {p}") for p in problems])
    _warn_if_newer(str(body.get("package_version")), where)
    return _plan_from(body)


def _version_tuple(text: str) -> tuple[int, ...] | None:
    parts = text.split(".")[:3]
    try:
        return tuple(int("".join(ch for ch in part if ch.isdigit()) or "x") for part in parts)
    except ValueError:
        return None


def _warn_if_newer(written_by: str, where: str) -> None:
    theirs, ours = _version_tuple(written_by), _version_tuple(__version__)
    if theirs is not None and ours is not None and theirs > ours:
        warnings.warn(
            f"{where} was written by segment-profiles-sync {written_by}, newer than this "
            f"{__version__}; it is checked against the document and the live state as usual",
            PlanFileWarning,
            stacklevel=4,
        )


def _is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _is_diff(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(d, Mapping)
        and set(d) == _DIFF_KEYS
        and isinstance(d["path"], str)
        and isinstance(d["secret"], bool)
        for d in value
    )


def _is_overrides(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(o, list)
        and len(o) == 3
        and _is_str(o[0])
        and (o[1] is None or isinstance(o[1], str))
        and isinstance(o[2], bool)
        for o in value
    )


# A change's fields, each with its check and what is wrong when the check fails.
_FIELD_RULES: tuple[tuple[str, Any, str], ...] = (
    ("warehouse_id", lambda v: v is None or _is_str(v), "is not a warehouse id"),
    ("name", lambda v: v is None or isinstance(v, str), "is not text"),
    ("enable_event_tables", lambda v: v in (None, True, False), "is not a boolean"),
    ("diff", _is_diff, "is not a list of {path, before, after, secret}"),
    ("overrides", _is_overrides, "is not a list of [collection, property, enabled]"),
)


def _change_problems(n: int, item: Any, spaces: Mapping[str, Any]) -> list[str]:
    where = f"changes[{n}]"
    if not isinstance(item, Mapping):
        return [f"{where} is not an object"]
    problems = [f"{where} has an unknown key {k!r}" for k in sorted(set(item) - _CHANGE_KEYS)]
    problems += [f"{where} lacks {k!r}" for k in sorted(_CHANGE_KEYS - set(item))]
    if problems:
        return problems
    action = item["action"]
    if action not in ACTION_ORDER:
        return [f"{where}.action {action!r} is not one of {sorted(ACTION_ORDER)}"]
    if not _is_str(item["space_id"]):
        problems.append(f"{where}.space_id is not a space id")
    elif item["space_id"] not in spaces:
        problems.append(f"{where}.space_id {item['space_id']!r} is not among the file's spaces")
    if action in _NEEDS_ID and not _is_str(item["warehouse_id"]):
        problems.append(f"{where}: the action {action!r} needs a warehouse_id")
    if action in _NEEDS_SPEC and not _is_str(item["spec_path"]):
        problems.append(f"{where}: the action {action!r} needs a spec_path")
    problems += [f"{where}.{key} {why}" for key, ok, why in _FIELD_RULES if not ok(item[key])]
    return problems


def shape_problems(body: Mapping[str, Any]) -> list[str]:
    """Everything wrong with a plan file's shape (pure): unknown or missing keys, values of
    the wrong type, a change that lacks what its action needs. One problem refuses the file."""
    problems = [f"unknown key {k!r}" for k in sorted(set(body) - _TOP_KEYS - _OPTIONAL_TOP_KEYS)]
    problems += [f"lacks {k!r}" for k in sorted(_TOP_KEYS - {"checksum"} - set(body))]
    if problems:
        return problems
    spaces = body["spaces"]
    if not isinstance(spaces, Mapping):
        return ["spaces is not an object"]
    for space_id, entry in spaces.items():
        if not isinstance(entry, Mapping) or set(entry) != _SPACE_KEYS:
            problems.append(f"spaces.{space_id} is not {{document, live, read_selective}}")
        elif not isinstance(entry["read_selective"], list) or not all(
            _is_str(w) for w in entry["read_selective"]
        ):
            problems.append(f"spaces.{space_id}.read_selective is not a list of ids")
    if not isinstance(body["changes"], list):
        return [*problems, "changes is not a list"]
    for n, item in enumerate(body["changes"]):
        problems += _change_problems(n, item, spaces)
    unmanaged = body["unmanaged"]
    if not isinstance(unmanaged, list) or not all(
        isinstance(u, Mapping) and set(u) == _UNMANAGED_KEYS for u in unmanaged
    ):
        problems.append("unmanaged is not a list of {space_id, warehouse_id, name}")
    if body.get("rotate_secrets", False) is not True and "rotate_secrets" in body:
        problems.append("rotate_secrets is not true")
    not_compared = body["not_compared"]
    if isinstance(not_compared, bool) or not isinstance(not_compared, int) or not_compared < 0:
        problems.append("not_compared is not a count")
    return problems


def _plan_from(body: Mapping[str, Any]) -> Plan:
    """A Plan from a file body that `shape_problems` found nothing wrong with."""
    changes = [
        Change(
            item["action"],
            item["space_id"],
            item["warehouse_id"],
            item["name"],
            tuple(FieldDiff(d["path"], d["before"], d["after"], d["secret"]) for d in item["diff"]),
            None,
            tuple((c, p, on) for c, p, on in item["overrides"]),
            item["enable_event_tables"],
            spec_path=item["spec_path"],
        )
        for item in body["changes"]
    ]
    spaces: Mapping[str, Any] = body["spaces"]
    return Plan(
        tuple(changes),
        tuple(Unmanaged(**u) for u in body["unmanaged"]),
        seen={s: v["live"] for s, v in spaces.items() if v["live"] is not None},
        read_selective={s: tuple(v["read_selective"]) for s, v in spaces.items()},
        not_compared=body["not_compared"],
        documents={s: v["document"] for s, v in spaces.items() if v["document"] is not None},
        saved=True,
        rotate_secrets=bool(body.get("rotate_secrets", False)),
    )


# -- before apply writes anything (pure) ---------------------------------------------------------


def check_preconditions(
    plan: Any, state: DesiredState | Mapping[str, Any] | None, *, allow_replace: bool
) -> None:
    """Everything that refuses an apply as a whole, before any request: not a Plan; a saved
    plan without its document (it holds no secret); a plan that went through pickle (its
    secrets stayed behind); a replace not allowed. Raises `StateError` listing each."""
    if not isinstance(plan, Plan):
        raise StateError([StateProblem("", f"apply takes a Plan, not {type(plan).__name__}")])
    if plan.saved and state is None:
        raise _refuse(
            "",
            "a saved plan holds no secret: pass the document it was made from "
            "(apply(saved, state); on the command line, -f)",
        )
    withheld = [c for c in plan.changes if c.spec is not None and has_withheld(c.spec.settings)]
    if withheld:
        raise StateError(
            [
                StateProblem(
                    c.spec.path if c.spec is not None else "",
                    "this plan went through pickle, which keeps no secret: plan again in the "
                    "process that applies (pass plan.to_dict() between processes to show it)",
                )
                for c in withheld
            ]
        )
    replaces = [c for c in plan.changes if c.action == "replace"]
    if replaces and not allow_replace:
        raise StateError(
            [
                StateProblem(
                    f"spaces.{c.space_id}",
                    f"replacing {c.label} ({c.warehouse_id}) removes it and creates a new one; "
                    "allow it with allow_replace=True (on the command line, --allow-replace)",
                )
                for c in replaces
            ]
        )


# -- applying a saved plan: the receipt checks (pure) -----------------------------------------


def check_scope(saved: Plan, state: DesiredState) -> None:
    """Refuse, before anything is read or written, a saved plan that changes a space the
    document (or `--target`) does not name."""
    named = {space.space_id for space in state.spaces}
    outside = sorted({c.space_id for c in saved.changes} - named)
    if outside:
        raise StateError(
            [
                StateProblem(
                    f"spaces.{space_id}",
                    "the saved plan changes this space, which the document (or --target) "
                    "does not name: refused, nothing was written",
                )
                for space_id in outside
            ]
        )


def stale_documents(saved: Plan, state: DesiredState) -> set[str]:
    """The spaces of the saved plan whose document entry changed since (secrets aside)."""
    return {
        space.space_id
        for space in state.spaces
        if space.space_id in saved.documents
        and document_fingerprint(space) != saved.documents[space.space_id]
    }


def receipt(change: Change) -> str:
    """Everything apply would act on for `change`, as canonical text: action, space, warehouse
    id, name, the diff (secrets as a flag only), where in the document it comes from, and the
    selective-sync overrides. Two changes with equal receipts do the same thing."""
    return json.dumps(
        {
            **change.to_dict(),
            "spec_path": change.spec_path,
            "overrides": [list(o) for o in change.overrides],
            "enable_event_tables": change.enable_event_tables,
        },
        sort_keys=True,
        ensure_ascii=False,
    )


def _differences(saved: Sequence[Change], fresh: Sequence[Change]) -> list[str]:
    """What the saved changes of a space and the recomputed ones do not share."""
    if [receipt(c) for c in saved] == [receipt(c) for c in fresh]:
        return []
    fresh_receipts = [receipt(c) for c in fresh]
    saved_receipts = [receipt(c) for c in saved]
    only_saved = [c for c in saved if receipt(c) not in fresh_receipts]
    only_fresh = [c for c in fresh if receipt(c) not in saved_receipts]
    lines = [f"in the plan, not called for now: {c.headline()}" for c in only_saved]
    lines += [f"called for now, not in the plan: {c.headline()}" for c in only_fresh]
    return lines or ["the same changes in another order"]


def reconcile(
    saved: Plan, fresh: Plan, document_changed: set[str]
) -> tuple[Plan, dict[str, PlanStaleError]]:
    """The plan to run for a saved one, and the spaces to refuse (with why).

    `fresh` is the plan made now from the document and the live state, for the saved plan's
    spaces whose document entry did not change. A space runs `fresh`'s changes (bound to the
    document read now, labelled from it) when they equal the saved ones and the live state
    reads as it did; every other space is refused with the saved changes shown as skipped.
    """
    refused: dict[str, PlanStaleError] = {
        space_id: PlanStaleError(space_id, document=True) for space_id in document_changed
    }
    saved_by_space: dict[str, list[Change]] = {}
    for change in saved.changes:
        saved_by_space.setdefault(change.space_id, []).append(change)
    fresh_by_space: dict[str, list[Change]] = {}
    for change in fresh.changes:
        fresh_by_space.setdefault(change.space_id, []).append(change)
    for space_id in fresh.seen:
        if space_id in refused:
            continue
        differences = _differences(
            saved_by_space.get(space_id, []), fresh_by_space.get(space_id, [])
        )
        if saved.seen.get(space_id) != fresh.seen[space_id] and not differences:
            differences = ["its live state changed since the plan was made"]
        if differences:
            refused[space_id] = PlanStaleError(space_id, differences=differences)
    order = list(dict.fromkeys([*fresh.seen, *saved_by_space]))
    changes: list[Change] = []
    for space_id in order:
        if space_id in refused:
            changes += saved_by_space.get(space_id, [])
        else:
            changes += fresh_by_space.get(space_id, [])
    return dataclasses.replace(fresh, changes=tuple(changes), saved=False), refused
