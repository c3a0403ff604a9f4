"""Plans, changes and outcomes: the values `plan()` and `apply()` return (pure data).

How they read as text is `_render.py`'s business (terraform keeps `jsonformat` apart from
`plans` likewise); `render()` and `headline()` here hand over to it.

A `Change` says what apply would do to one warehouse and shows it as field diffs. Secret values
are never held in a diff: a secret shows as `(secret)` in `render()`, `to_dict()` and `repr()`.
What apply needs to send (the desired warehouse, secrets included) rides along in fields that
are left out of the repr and of `to_dict()`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .._version import __version__
from ..errors import SegmentError, StateError, StateProblem
from ._document import WarehouseSpec
from ._render import headline, render_diff, render_plan, render_result

__all__ = [
    "ACTION_ORDER",
    "ApplyResult",
    "Change",
    "FieldDiff",
    "LiveWarehouse",
    "Outcome",
    "Plan",
    "Progress",
    "Unmanaged",
]

# The version of the JSON that `Plan.to_dict()`, `ApplyResult.to_dict()` and the command
# line's `--output json` give: a field is only ever added within a version (documented field
# by field on the command-line page); a rename or removal makes the next version.
OUTPUT_FORMAT_VERSION = 1

Action = Literal["create", "update", "remove", "replace", "selective_sync"]
Status = Literal["applied", "recovered", "failed", "skipped"]

# The order apply runs a space's changes in: make room (replaced warehouses go first, so a
# new one may take the name), create, update, tune selective sync, then prune.
ACTION_ORDER: dict[str, int] = {
    "replace": 0,
    "create": 1,
    "update": 2,
    "selective_sync": 3,
    "remove": 4,
}


class LiveWarehouse(NamedTuple):
    """What the API shows of one warehouse (secrets masked by the API itself)."""

    id: str
    name: str | None
    metadata_id: str
    enabled: bool
    schema_name: str | None
    settings: dict[str, Any]

    @property
    def label(self) -> str:
        return self.name if self.name is not None else self.id


class FieldDiff(NamedTuple):
    """One field that differs: `path` (`settings.account`, `tracks`, `identifies.context_ip`),
    `before` and `after` (None when absent). For a secret, `secret` is true and `before` and
    `after` hold no value (None): the data carries the flag, and text shows `(secret)`."""

    path: str
    before: Any
    after: Any
    secret: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "secret": self.secret,
        }

    def render(self) -> str:
        """`path: before → after` (a secret as `(secret)`, booleans as on/off)."""
        return render_diff(self)


@dataclass(frozen=True)
class Change:
    """One thing apply will do.

    `action`: `create`, `update`, `remove`, `replace` (remove, then create: the warehouse type
    cannot change in place) or `selective_sync`. `warehouse_id` is None for a warehouse still to
    be created. `diff` lists the fields that differ (a secret's with its flag and no value).
    """

    action: Action
    space_id: str
    warehouse_id: str | None
    name: str | None
    diff: tuple[FieldDiff, ...] = ()
    # What apply sends; kept out of repr and to_dict() (the spec holds secrets).
    spec: WarehouseSpec | None = field(default=None, repr=False, compare=False)
    overrides: tuple[tuple[str, str | None, bool], ...] = field(default=(), repr=False)
    enable_event_tables: bool | None = field(default=None, repr=False)
    # Where the desired warehouse is in the document (`spaces.X.warehouses[0]`): how a saved
    # plan finds its spec again, in the document read at apply time.
    spec_path: str | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.spec is not None and self.spec_path is None:
            object.__setattr__(self, "spec_path", self.spec.path)

    @property
    def label(self) -> str:
        return self.name if self.name is not None else str(self.warehouse_id)

    def headline(self) -> str:
        """`+ create warehouse "Analytics"`, `~ update warehouse "X" (id)` …"""
        return headline(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "space_id": self.space_id,
            "warehouse_id": self.warehouse_id,
            "name": self.name,
            "diff": [d.to_dict() for d in self.diff],
        }


class Unmanaged(NamedTuple):
    """A live warehouse the document does not list (kept unless the space says `prune: true`)."""

    space_id: str
    warehouse_id: str
    name: str | None


@dataclass(frozen=True)
class Plan:
    """What apply would change, space by space, in the order it would change it.

    `seen` holds, per space, a fingerprint of what the plan read (the warehouse listing and
    the selective-sync listings it used), which apply compares before it writes.
    """

    changes: tuple[Change, ...]
    unmanaged: tuple[Unmanaged, ...] = ()
    seen: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    read_selective: dict[str, tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Desired values that could not be compared: masked by the API, or left out of its
    # answers. They are sent with any update of their warehouse (or with rotate_secrets).
    not_compared: int = 0
    # Per space, a fingerprint of its document entry (secret values left out): a saved plan
    # is refused for a space whose entry changed since.
    documents: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    saved: bool = field(default=False, repr=False, compare=False)  # read by load_plan()
    # Made with rotate_secrets=True: a saved plan is checked again the same way.
    rotate_secrets: bool = field(default=False, repr=False, compare=False)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        counts: Counter[str] = Counter(c.action for c in self.changes)
        return {action: counts.get(action, 0) for action in ACTION_ORDER}

    def render(self) -> str:
        """A readable diff: `+` create, `~` update, `-` remove, `-/+` replace."""
        return render_plan(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready and in a stable order; a secret is `"secret": true` with null values."""
        return {
            "format_version": OUTPUT_FORMAT_VERSION,
            "has_changes": self.has_changes,
            "summary": self.summary(),
            "not_compared": self.not_compared,
            "changes": [c.to_dict() for c in self.changes],
            "unmanaged": [u._asdict() for u in self.unmanaged],
        }

    def only(self, space_ids: Iterable[str]) -> Plan:
        """The same plan limited to these spaces (mirrors `DesiredState.only`; the command
        line's `--target` on a saved plan). A saved plan stays saved: apply still checks it."""
        wanted = set(space_ids)
        return dataclasses.replace(
            self,
            changes=tuple(c for c in self.changes if c.space_id in wanted),
            unmanaged=tuple(u for u in self.unmanaged if u.space_id in wanted),
        )

    def to_saved(self) -> dict[str, Any]:
        """The saved plan as a JSON-ready object: exactly what `save()` writes (no secret in
        it), for passing between processes or tasks; `load_plan()` takes it back."""
        return plan_file(self)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write this plan to a file (JSON, no secret in it, not even a hash of one) that
        `load_plan()` reads back, for `ps.apply(saved, state)` to apply exactly."""
        save_plan(self, path)

    def __repr__(self) -> str:
        return f"Plan({len(self.changes)} changes, {len(self.unmanaged)} unmanaged)"


@dataclass(frozen=True)
class Outcome:
    """What happened to one change: `applied`, `recovered` (a create whose answer was lost was
    found and adopted), `failed` (with `error`) or `skipped` (with the reason in `error`).
    `note` says what state a failure left the space in, where that is not obvious (a replace
    that removed the old warehouse, then failed to create the new one)."""

    change: Change
    status: Status
    warehouse_id: str | None = None
    error: SegmentError | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.change.to_dict(),
            "status": self.status,
            "warehouse_id": self.warehouse_id or self.change.warehouse_id,
            "error": None if self.error is None else str(self.error),
            "note": self.note,
        }


@dataclass(frozen=True)
class ApplyResult:
    """The outcome of every change of a plan, in plan order."""

    outcomes: tuple[Outcome, ...]

    @property
    def ok(self) -> bool:
        return all(o.status in {"applied", "recovered"} for o in self.outcomes)

    @property
    def errors(self) -> list[SegmentError]:
        return [o.error for o in self.outcomes if o.error is not None]

    def counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.outcomes)
        return {s: counts.get(s, 0) for s in ("applied", "recovered", "failed", "skipped")}

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": OUTPUT_FORMAT_VERSION,
            "ok": self.ok,
            "counts": self.counts(),
            "outcomes": [o.to_dict() for o in self.outcomes],
        }

    def render(self) -> str:
        """One line per outcome (with its error and note), then the counts."""
        return render_result(self)


def apply_report(plan: Plan, result: ApplyResult | None) -> dict[str, Any]:
    """What `apply --output json` prints: the plan and its result (None when there was
    nothing to apply), versioned like each of them."""
    return {
        "format_version": OUTPUT_FORMAT_VERSION,
        "plan": plan.to_dict(),
        "result": None if result is None else result.to_dict(),
    }


class Progress(NamedTuple):
    """Reported to `on_progress` after each space; in apply also before each change is sent
    (`started`) and when its answer arrives (`outcome`).

    So a caller interrupted mid-apply knows what was applied (an outcome arrived) and what was
    in flight (started, no outcome: it may have been applied). A create's outcome is reported
    as soon as it is answered; if the check for a concurrent run then fails it, a second
    outcome for the same change follows (the last one counts).
    """

    phase: Literal["plan", "apply", "export"]
    space_id: str
    spaces_done: int
    spaces_total: int
    outcome: Outcome | None = None
    started: Change | None = None


ProgressCallback = Callable[[Progress], None]


def sort_changes(changes: Sequence[Change]) -> list[Change]:
    """Within a space, the order apply runs them in (stable for equal actions)."""
    return sorted(changes, key=lambda c: ACTION_ORDER[c.action])


# -- the saved plan's file: written here, read and checked by `_saved.py` ---------------------

PLAN_FILE_KIND = "segment-profiles-sync plan"
PLAN_FILE_VERSION = 1


def checksum(body: Mapping[str, Any]) -> str:
    """SHA-256 of a plan file's body (not a signature: see `_saved.py`)."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def plan_file(plan: Plan) -> dict[str, Any]:
    """The plan as its file holds it (the reader and its checks are `_saved.py`)."""
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
    if plan.rotate_secrets:  # only when set, so files of plans without it are unchanged
        body["rotate_secrets"] = True
    return {**body, "checksum": checksum(body)}


def save_plan(plan: Plan, path: str | os.PathLike[str]) -> None:
    text = json.dumps(plan_file(plan), indent=2, ensure_ascii=False) + "\n"
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise StateError(
            [StateProblem(str(path), f"cannot be written: {error.strerror}")]
        ) from None
