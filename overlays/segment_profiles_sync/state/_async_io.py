"""Plan, apply and export against the API: the I/O of the desired-state layer (asyncio).

`_sync_io.py` (the blocking twin) is derived from this file by `scripts/unasync.py`; edit this one.
Every decision is made by the pure modules (`_diff.py`, `_export.py`, `_plan.py`); this file
only reads listings, sends writes and records what happened.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .._constants import DEFAULT_CONCURRENCY, LOGGER_NAME, MAX_PAGE_SIZE
from .._secrecy import redact
from .._stop import raise_if_stopped
from .._wire import name_in_settings, settings_without_name
from ..errors import AmbiguousStateError, PlanStaleError, SegmentError, StateError, StateProblem
from ._diff import LiveCollection, SpacePlan, fingerprint, plan_selective, plan_space
from ._document import DesiredState, SpaceSpec
from ._export import name_placeholders, space_entry
from ._plan import (
    ApplyResult,
    Change,
    LiveWarehouse,
    Outcome,
    Plan,
    ProgressCallback,
    Unmanaged,
    sort_changes,
)
from ._pool import Reporter, for_each_async
from ._saved import (
    check_preconditions,
    check_scope,
    document_fingerprint,
    reconcile,
    stale_documents,
)

if TYPE_CHECKING:
    from .._reconcile import CreateResult
    from ..models import ProfilesWarehouse, SelectiveSyncItem, SelectiveSyncUpdateStatus
    from ..pagination import AsyncPager


class AsyncWarehouseAPI(Protocol):
    """What this layer calls on a client, and all it calls: `AsyncProfilesSync` is one.

    Owned here, so the desired-state layer depends on the calls it makes, not on the client
    class (which sits below it and may grow without it noticing).
    """

    def list_warehouses(
        self, space_id: str, *, page_size: int | None = None
    ) -> AsyncPager[ProfilesWarehouse]: ...

    def list_selective_syncs(
        self, space_id: str, warehouse_id: str, *, page_size: int | None = None
    ) -> AsyncPager[SelectiveSyncItem]: ...

    async def create_warehouse(
        self,
        space_id: str,
        *,
        metadata_id: str,
        settings: Mapping[str, Any],
        name: str | None = None,
        enabled: bool | None = None,
        schema_name: str | None = None,
    ) -> ProfilesWarehouse: ...

    async def create_warehouse_reconciled(
        self,
        space_id: str,
        *,
        metadata_id: str,
        settings: Mapping[str, Any],
        name: str | None,
        enabled: bool | None = None,
        schema_name: str | None = None,
        existing_ids: Collection[str] | None = None,
    ) -> CreateResult: ...

    async def update_warehouse(
        self,
        space_id: str,
        warehouse_id: str,
        *,
        settings: Mapping[str, Any],
        name: str | None = None,
        enabled: bool | None = None,
        schema_name: str | None = None,
    ) -> ProfilesWarehouse: ...

    async def remove_warehouse(self, space_id: str, warehouse_id: str) -> None: ...

    async def update_selective_sync(
        self,
        space_id: str,
        warehouse_id: str,
        *,
        sync_overrides: Iterable[Mapping[str, Any]] | None = None,
        enable_event_tables: bool | None = None,
    ) -> SelectiveSyncUpdateStatus: ...


logger = logging.getLogger(LOGGER_NAME)

__all__ = ["apply", "export", "plan"]


def _live(warehouse: ProfilesWarehouse) -> LiveWarehouse:
    settings = warehouse.settings.additional_properties
    schema = warehouse.schema_name
    return LiveWarehouse(
        id=warehouse.id,
        name=name_in_settings(settings),
        metadata_id=warehouse.metadata.id,
        enabled=warehouse.enabled,
        schema_name=schema if isinstance(schema, str) else None,
        settings=settings_without_name(settings),
    )


async def _read_space(client: AsyncWarehouseAPI, space_id: str) -> list[LiveWarehouse]:
    return [_live(w) async for w in client.list_warehouses(space_id, page_size=MAX_PAGE_SIZE)]


async def _read_selective(
    client: AsyncWarehouseAPI, space_id: str, warehouse_id: str
) -> tuple[list[LiveCollection], bool | None]:
    items: list[LiveCollection] = []
    events: bool | None = None
    async for page in client.list_selective_syncs(
        space_id, warehouse_id, page_size=MAX_PAGE_SIZE
    ).pages():
        events = page.enable_event_tables if page.enable_event_tables is not None else events
        items.extend(
            LiveCollection(i.collection, i.enabled, i.properties.additional_properties)
            for i in page.items
        )
    return items, events


def _snapshot(
    live: Sequence[LiveWarehouse],
    selective: Mapping[str, tuple[list[LiveCollection], bool | None]],
) -> str:
    """The fingerprint of what was read of a space, compared again before apply writes."""
    return fingerprint(
        {
            "warehouses": sorted(
                ({**w._asdict(), "settings": redact(w.settings)} for w in live),
                key=lambda w: w["id"],
            ),
            "selective": {
                wid: [[i.name, i.enabled, dict(i.properties)] for i in items] + [events]
                for wid, (items, events) in selective.items()
            },
        }
    )


class _SpaceResult:
    __slots__ = ("plan", "seen", "selective_ids")

    def __init__(self, plan: SpacePlan, seen: str, selective_ids: tuple[str, ...]) -> None:
        self.plan, self.seen, self.selective_ids = plan, seen, selective_ids


def _as_state(state: DesiredState | Mapping[str, Any]) -> DesiredState:
    if isinstance(state, DesiredState):
        return state
    return DesiredState.from_dict(state)


async def plan(
    client: AsyncWarehouseAPI,
    state: DesiredState | Mapping[str, Any],
    *,
    rotate_secrets: bool = False,
    on_progress: ProgressCallback | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> Plan:
    """Read every space of `state` and compute the changes; raises `StateError` on problems."""
    return await _plan_spaces(
        client,
        _as_state(state),
        rotate_secrets=rotate_secrets,
        on_progress=on_progress,
        concurrency=concurrency,
    )


async def _plan_spaces(
    client: AsyncWarehouseAPI,
    state: DesiredState,
    *,
    rotate_secrets: bool,
    on_progress: ProgressCallback | None,
    concurrency: int,
) -> Plan:
    if not state.resolved:
        raise StateError(
            [StateProblem("", f"fill in the placeholders first: {', '.join(state.placeholders)}")]
        )
    reporter = Reporter("plan", len(state.spaces), on_progress)

    async def plan_one_space(space: SpaceSpec) -> _SpaceResult:
        live = await _read_space(client, space.space_id)
        result = plan_space(space, live, rotate_secrets=rotate_secrets)
        selective: dict[str, tuple[list[LiveCollection], bool | None]] = {}
        for spec, warehouse_id in result.to_read:
            items, events = await _read_selective(client, space.space_id, warehouse_id)
            selective[warehouse_id] = (items, events)
            change, problems = plan_selective(space.space_id, spec, warehouse_id, items, events)
            result.problems.extend(problems)
            if change is not None:
                result.changes.append(change)
        result.changes = sort_changes(result.changes)  # selective sync before prunes
        seen = _snapshot(live, selective)
        reporter.space_done(space.space_id)
        return _SpaceResult(result, seen, tuple(selective))

    results = await for_each_async(state.spaces, plan_one_space, concurrency)
    problems = [p for r in results for p in r.plan.problems]
    if problems:
        error = AmbiguousStateError if any(r.plan.ambiguous for r in results) else StateError
        raise error(problems)
    changes: list[Change] = []
    unmanaged: list[Unmanaged] = []
    for r in results:
        changes.extend(r.plan.changes)
        unmanaged.extend(r.plan.unmanaged)
    return Plan(
        tuple(changes),
        tuple(unmanaged),
        seen={s.space_id: r.seen for s, r in zip(state.spaces, results, strict=True)},
        read_selective={
            s.space_id: r.selective_ids for s, r in zip(state.spaces, results, strict=True)
        },
        not_compared=sum(r.plan.not_compared for r in results),
        documents={s.space_id: document_fingerprint(s) for s in state.spaces},
        rotate_secrets=rotate_secrets,
    )


async def _read_again(
    client: AsyncWarehouseAPI, space_id: str, selective_ids: Sequence[str]
) -> tuple[list[LiveWarehouse], str]:
    live = await _read_space(client, space_id)
    ids = {w.id for w in live}
    selective = {
        wid: await _read_selective(client, space_id, wid) for wid in selective_ids if wid in ids
    }
    return live, _snapshot(live, selective)


_CREATES = frozenset({"create", "replace"})


class _SpaceRun:
    """Applies one space's changes in order and records an outcome for each.

    Two runs applying one space at once would both create each new warehouse. So every create
    lists the space first (and refuses a name that appeared since the plan), and once the
    space's creates are done it is listed again: a managed name that now has a warehouse this
    run did not create fails the change (both runs see it; neither reports success).
    """

    def __init__(
        self,
        client: AsyncWarehouseAPI,
        space_id: str,
        changes: list[Change],
        reporter: Reporter,
    ) -> None:
        self.client = client
        self.space_id = space_id
        self.changes = changes
        self.reporter = reporter
        self.outcomes: list[Outcome] = []
        self.known_ids: set[str] = set()
        # spec path -> id of the warehouse created for it in this run (None: create failed)
        self.created: dict[str, str | None] = {}
        self.removed: dict[str, str] = {}  # spec path -> id a replace removed
        self.pending: list[int] = []  # creates (their outcomes) not yet checked against others

    def record(self, outcome: Outcome, index: int | None = None) -> int:
        """Keep and report an outcome as soon as it is known (or replace one, by index)."""
        if index is None:
            self.outcomes.append(outcome)
            index = len(self.outcomes) - 1
        else:
            self.outcomes[index] = outcome
        self.reporter.change_done(self.space_id, outcome)
        return index

    async def run(self, expected: str | None, selective_ids: Sequence[str]) -> list[Outcome]:
        try:
            live, seen = await _read_again(self.client, self.space_id, selective_ids)
        except SegmentError as error:
            for change in self.changes:
                self.record(Outcome(change, "skipped", error=error))
            return self.outcomes
        if expected is not None and seen != expected:
            stale = PlanStaleError(self.space_id)
            for change in self.changes:
                self.record(Outcome(change, "skipped", error=stale))
            return self.outcomes
        self.known_ids = {w.id for w in live}
        for change in self.changes:
            raise_if_stopped()  # a blocking worker whose caller was interrupted: no more
            if change.action not in _CREATES and self.pending:
                await self.check_creates()
            self.reporter.change_started(self.space_id, change)
            try:
                outcome = await self.one(change)
            except SegmentError as error:
                outcome = self.failed(change, error)
            index = self.record(outcome)
            if change.action in _CREATES:
                self.pending.append(index)
        if self.pending:
            await self.check_creates()
        return self.outcomes

    def failed(self, change: Change, error: SegmentError) -> Outcome:
        note = None
        if change.spec is not None and change.action in _CREATES:
            self.created[change.spec.path] = None
            removed = self.removed.get(change.spec.path)
            if removed is not None:
                name = change.spec.label
                note = (
                    f"removed {removed}; creating {name} failed: the space now has no "
                    f"warehouse named {name}; apply again to create it"
                )
        return Outcome(change, "failed", error=error, note=note)

    async def check_creates(self) -> None:
        """Fail the creates whose name another run created too (see the class docstring)."""
        pending, self.pending = self.pending, []
        outcomes = {index: self.outcomes[index] for index in pending}
        made = {o.warehouse_id for o in outcomes.values() if o.status in {"applied", "recovered"}}
        try:
            live = await _read_space(self.client, self.space_id) if made else []
        except SegmentError as error:
            # Unchecked is not success: a run that created a warehouse exits 0 only after it
            # has seen that no other run created the same name.
            logger.warning(
                "apply: could not list space %s to check for a concurrent run: %s",
                self.space_id,
                error,
            )
            for index, outcome in outcomes.items():
                if outcome.warehouse_id in made:
                    note = (
                        f"created {outcome.warehouse_id}, but the space could not be listed "
                        "again to check that no other run created the same name: plan again"
                    )
                    self.record(
                        Outcome(outcome.change, "failed", outcome.warehouse_id, error, note),
                        index,
                    )
            return
        for index, outcome in outcomes.items():
            spec = outcome.change.spec
            if outcome.warehouse_id not in made or spec is None or spec.name is None:
                continue
            others = [w.id for w in live if w.name == spec.name and w.id not in made]
            if not others:
                continue
            self.created[spec.path] = None
            problem = StateProblem(
                spec.path,
                f"another run created a warehouse named {spec.name!r} "
                f"({', '.join(others)}) in space {self.space_id} while this one "
                f"created {outcome.warehouse_id}: the name is now taken "
                f"{len(others) + 1} times. Remove the extra warehouses (or give the "
                "entry the `id` to keep) and apply again, one run per space at a time",
            )
            failed = Outcome(
                outcome.change, "failed", outcome.warehouse_id, AmbiguousStateError([problem])
            )
            self.record(failed, index)

    async def one(self, change: Change) -> Outcome:
        client, sid = self.client, self.space_id
        if change.action == "remove":
            assert change.warehouse_id is not None
            await client.remove_warehouse(sid, change.warehouse_id)
            return Outcome(change, "applied", change.warehouse_id)
        if change.action == "update":
            spec = change.spec
            assert spec is not None
            assert change.warehouse_id is not None
            await client.update_warehouse(
                sid,
                change.warehouse_id,
                settings=dict(spec.settings),
                name=spec.name,
                enabled=spec.enabled,
                schema_name=spec.schema_name,
            )
            return Outcome(change, "applied", change.warehouse_id)
        if change.action in _CREATES:
            return await self.create(change)
        return await self.selective(change)

    async def create(self, change: Change) -> Outcome:
        spec = change.spec
        assert spec is not None
        if change.action == "replace":
            assert change.warehouse_id is not None
            await self.client.remove_warehouse(self.space_id, change.warehouse_id)
            self.known_ids.discard(change.warehouse_id)
            self.removed[spec.path] = change.warehouse_id
        if spec.name is not None:
            # The name may have been taken since the plan (by another run applying it).
            live = await _read_space(self.client, self.space_id)
            self.known_ids = {w.id for w in live}
            taken = [w.id for w in live if w.name == spec.name]
            if taken:
                raise StateError(
                    [
                        StateProblem(
                            spec.path,
                            f"a warehouse named {spec.name!r} ({', '.join(taken)}) appeared in "
                            f"space {self.space_id} after the plan was made (another run "
                            "applying it?); not created: plan again",
                        )
                    ]
                )
        if spec.name is None:  # adopted by id only: nothing to find it by after a lost answer
            warehouse = await self.client.create_warehouse(
                self.space_id,
                metadata_id=spec.metadata_id,
                settings=dict(spec.settings),
                enabled=spec.enabled,
                schema_name=spec.schema_name,
            )
            recovered = False
        else:
            warehouse, recovered = await self.client.create_warehouse_reconciled(
                self.space_id,
                metadata_id=spec.metadata_id,
                settings=dict(spec.settings),
                name=spec.name,
                enabled=spec.enabled,
                schema_name=spec.schema_name,
                existing_ids=frozenset(self.known_ids),
            )
        self.known_ids.add(warehouse.id)
        self.created[spec.path] = warehouse.id
        return Outcome(change, "recovered" if recovered else "applied", warehouse.id)

    async def selective(self, change: Change) -> Outcome:
        spec = change.spec
        assert spec is not None
        warehouse_id = change.warehouse_id
        overrides, events = change.overrides, change.enable_event_tables
        if warehouse_id is None:  # for a warehouse created in this run: compare now
            warehouse_id = self.created.get(spec.path)
            if warehouse_id is None:
                return Outcome(
                    change,
                    "skipped",
                    error=StateError(
                        [StateProblem(spec.path, "not created, so its selective sync was not set")]
                    ),
                )
            items, live_events = await _read_selective(self.client, self.space_id, warehouse_id)
            fresh, problems = plan_selective(self.space_id, spec, warehouse_id, items, live_events)
            if problems:
                return Outcome(change, "failed", warehouse_id, StateError(problems))
            if fresh is None:
                return Outcome(change, "applied", warehouse_id)
            overrides, events = fresh.overrides, fresh.enable_event_tables
        await self.client.update_selective_sync(
            self.space_id,
            warehouse_id,
            sync_overrides=[
                {"collection": c, "enabled": on, **({"property": p} if p is not None else {})}
                for c, p, on in overrides
            ]
            or None,
            enable_event_tables=events,
        )
        return Outcome(change, "applied", warehouse_id)


async def apply(
    client: AsyncWarehouseAPI,
    plan: Plan,
    state: DesiredState | Mapping[str, Any] | None = None,
    *,
    allow_replace: bool = False,
    on_progress: ProgressCallback | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> ApplyResult:
    """Carry out `plan`; see the clients' `apply`."""
    refused: dict[str, PlanStaleError] = {}
    if isinstance(plan, Plan) and plan.saved:
        check_preconditions(plan, state, allow_replace=allow_replace)
        assert state is not None  # checked just above
        plan, refused = await _recheck(client, plan, _as_state(state), concurrency)
    check_preconditions(plan, state, allow_replace=allow_replace)
    by_space: dict[str, list[Change]] = {}
    for change in plan.changes:
        by_space.setdefault(change.space_id, []).append(change)
    spaces = list(by_space)
    reporter = Reporter("apply", len(spaces), on_progress)

    async def apply_one_space(space_id: str) -> list[Outcome]:
        stale = refused.get(space_id)
        if stale is not None:  # a saved plan that no longer matches this space
            outcomes = [Outcome(change, "skipped", error=stale) for change in by_space[space_id]]
            for outcome in outcomes:
                reporter.change_done(space_id, outcome)
            reporter.space_done(space_id)
            return outcomes
        run = _SpaceRun(client, space_id, by_space[space_id], reporter)
        outcomes = await run.run(plan.seen.get(space_id), plan.read_selective.get(space_id, ()))
        reporter.space_done(space_id)
        return outcomes

    results = await for_each_async(spaces, apply_one_space, concurrency)
    for outcome in (o for outcomes in results for o in outcomes):
        if outcome.status == "failed":
            logger.info("apply: %s failed: %s", outcome.change.headline(), outcome.error)
    return ApplyResult(tuple(o for outcomes in results for o in outcomes))


async def _recheck(
    client: AsyncWarehouseAPI, saved: Plan, state: DesiredState, concurrency: int
) -> tuple[Plan, dict[str, PlanStaleError]]:
    """A saved plan is a receipt (see `_saved.py`): plan again, now, from the document and the
    live state, and keep only what equals the saved plan. Refusals before any read: a change
    in a space the document does not name (the whole apply), a document entry that changed
    (that space)."""
    check_scope(saved, state)
    document_changed = stale_documents(saved, state)
    recheck = [
        s.space_id
        for s in state.spaces
        if s.space_id in saved.documents and s.space_id not in document_changed
    ]
    fresh = Plan(())
    if recheck:
        fresh = await _plan_spaces(
            client,
            state.only(recheck),
            rotate_secrets=saved.rotate_secrets,
            on_progress=None,
            concurrency=concurrency,
        )
    return reconcile(saved, fresh, document_changed)


async def export(
    client: AsyncWarehouseAPI,
    space_ids: Sequence[str],
    *,
    on_progress: ProgressCallback | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> DesiredState:
    """The spaces as they are now, as a document `load_state` reads back (secrets as `${…}`)."""
    if isinstance(space_ids, str):
        space_ids = [space_ids]
    reporter = Reporter("export", len(space_ids), on_progress)

    async def export_one_space(space_id: str) -> dict[str, Any]:
        live = await _read_space(client, space_id)
        selective = {w.id: await _read_selective(client, space_id, w.id) for w in live}
        document = space_entry(space_id, live, selective)
        reporter.space_done(space_id)
        return document

    documents = await for_each_async(list(space_ids), export_one_space, concurrency)
    spaces = name_placeholders(dict(zip(space_ids, documents, strict=True)))
    return DesiredState.unresolved({"version": 1, "spaces": spaces})
