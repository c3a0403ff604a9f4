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
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._secrecy import redact
from .._version import __version__
from ..errors import StateError, StateProblem
from ._diff import fingerprint
from ._document import DesiredState, SpaceSpec
from ._plan import ACTION_ORDER, Change, FieldDiff, Plan, Unmanaged

__all__ = ["PLAN_FILE_KIND", "PLAN_FILE_VERSION", "bind", "document_fingerprint", "load_plan"]

PLAN_FILE_KIND = "segment-profiles-sync plan"
PLAN_FILE_VERSION = 1


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


def _checksum(body: Mapping[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_file(plan: Plan) -> dict[str, Any]:
    """The plan as its file holds it (see the module docstring)."""
    spaces = list(dict.fromkeys([*plan.seen, *(c.space_id for c in plan.changes)]))
    body: dict[str, Any] = {
        "kind": PLAN_FILE_KIND,
        "format_version": PLAN_FILE_VERSION,
        "package_version": __version__,
        "spaces": {
            space_id: {
                "document": plan.documents.get(space_id),
                "live": plan.seen.get(space_id),
                "read_selective": list(plan.read_selective.get(space_id, ())),
            }
            for space_id in spaces
        },
        "not_compared": plan.not_compared,
        "changes": [
            {
                **change.to_dict(),
                "spec_path": change.spec_path,
                "overrides": [list(o) for o in change.overrides],
                "enable_event_tables": change.enable_event_tables,
            }
            for change in plan.changes
        ],
        "unmanaged": [u._asdict() for u in plan.unmanaged],
    }
    return {**body, "checksum": _checksum(body)}


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    text = json.dumps(plan_file(plan), indent=2, ensure_ascii=False) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise StateError(
            [StateProblem(str(path), f"cannot be written: {error.strerror}")]
        ) from None


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
    if document.get("checksum") != _checksum(body):
        raise _refuse(where, "was changed after it was written (its checksum does not match)")
    try:
        return _plan_from(body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _refuse(where, f"is not a valid saved plan ({type(error).__name__})") from None


def _plan_from(body: Mapping[str, Any]) -> Plan:
    changes = []
    for item in body["changes"]:
        if item["action"] not in ACTION_ORDER:
            raise ValueError(item["action"])
        changes.append(
            Change(
                item["action"],
                str(item["space_id"]),
                item["warehouse_id"],
                item["name"],
                tuple(
                    FieldDiff(d["path"], d["before"], d["after"], bool(d["secret"]))
                    for d in item["diff"]
                ),
                None,
                tuple((str(c), p, bool(on)) for c, p, on in item["overrides"]),
                item["enable_event_tables"],
                spec_path=item["spec_path"],
            )
        )
    spaces: Mapping[str, Any] = body["spaces"]
    return Plan(
        tuple(changes),
        tuple(Unmanaged(**u) for u in body["unmanaged"]),
        seen={s: v["live"] for s, v in spaces.items() if v["live"] is not None},
        read_selective={s: tuple(v["read_selective"]) for s, v in spaces.items()},
        not_compared=int(body["not_compared"]),
        documents={s: v["document"] for s, v in spaces.items() if v["document"] is not None},
        saved=True,
    )


def bind(plan: Plan, state: DesiredState) -> tuple[Plan, set[str]]:
    """A saved plan with its changes joined to the document read now (the secrets to send
    come from it), and the spaces whose document entry differs from the plan's."""
    current = {space.space_id: document_fingerprint(space) for space in state.spaces}
    specs = {w.path: w for space in state.spaces for w in space.warehouses}
    stale = {
        c.space_id
        for c in plan.changes
        if current.get(c.space_id) != plan.documents.get(c.space_id)
    }
    changes = []
    for change in plan.changes:
        spec = specs.get(change.spec_path) if change.spec_path is not None else None
        if change.spec_path is not None and spec is None:
            stale.add(change.space_id)
        changes.append(dataclasses.replace(change, spec=spec))
    return dataclasses.replace(plan, changes=tuple(changes), saved=False), stale
