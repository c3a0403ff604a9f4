"""Desired state against the emulator over real HTTP: plan, apply, export, sync and async.

Every exchange of the `client` / `aclient` fixtures is validated against openapi.yaml.
"""

from __future__ import annotations

import json
import logging
import random
from typing import Any

import pytest
from segment_profiles_sync import (
    AmbiguousStateError,
    PlanStaleError,
    ProfilesSync,
    StateError,
)
from segment_profiles_sync.state import DesiredState, Progress, dump_state
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE, Twin
from tests.payloads import SNOWFLAKE

BIGQUERY = "gs4Kx1v7yH"
SECRET = "correct-horse-battery-staple"
OTHER = "2bXw9kLmNpQrStUvWxYzAb"
ENV = {"PW": SECRET}


def analytics(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Analytics",
        "metadata_id": SNOWFLAKE,
        "enabled": True,
        "schema_name": "segment_profiles",
        "settings": {"account": "acme-xy12345", "username": "SEGMENT", "password": "${PW}"},
        "selective_sync": {
            "enable_event_tables": True,
            "collections": {
                "tracks": False,
                "identifies": {"enabled": True, "properties": {"context_ip": False}},
            },
        },
        **extra,
    }


def state_of(spaces: dict[str, list[dict[str, Any]]], prune: bool = False) -> DesiredState:
    document = {
        "version": 1,
        "spaces": {s: {"prune": prune, "warehouses": w} for s, w in spaces.items()},
    }
    return DesiredState.from_dict(document, environ=ENV)


def named(emulator: ProfilesSyncEmulator, space: str, name: str) -> list[dict[str, Any]]:
    return [w for w in emulator.warehouses(space) if w["settings"].get("name") == name]


def test_apply_then_plan_is_empty(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """A new warehouse with selective sync is created and tuned, in several spaces at once;
    a second plan is empty."""
    spaces = [SPACE, *(emulator.add_space() for _ in range(4))]
    state = state_of({s: [analytics()] for s in spaces})
    progress: list[Progress] = []
    plan = twin.run(lambda c: c.plan(state, on_progress=progress.append, concurrency=3))
    assert [c.action for c in plan.changes] == ["create", "selective_sync"] * 5
    assert sorted(p.spaces_done for p in progress) == [1, 2, 3, 4, 5]
    result = twin.run(lambda c: c.apply(plan))
    assert result.ok
    assert [o.status for o in result.outcomes] == ["applied"] * 10
    [created] = named(emulator, SPACE, "Analytics")
    assert emulator.stored_settings(SPACE, created["id"])["password"] == SECRET
    tuned = emulator.selective_sync(SPACE, created["id"])["collections"]
    assert tuned["tracks"]["enabled"] is False
    assert tuned["identifies"]["properties"]["context_ip"] is False
    assert all(len(named(emulator, s, "Analytics")) == 1 for s in spaces)
    assert twin.run(lambda c: c.plan(state)).changes == ()


def test_unchanged_space_plans_empty_and_reads_the_minimum(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Redacted secrets never diff; a plan lists the space once and each tuned warehouse once."""
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    emulator.requests.clear()
    plan = client.plan(state_of({SPACE: [analytics()]}))
    assert plan.changes == ()
    assert [(r.method, r.raw_path.count("/")) for r in emulator.requests] == [
        ("GET", 3),
        ("GET", 5),
    ]


def test_settings_update_sends_the_whole_desired_settings(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A changed setting updates with every desired key, secrets included, and the name."""
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    changed = analytics(settings={"account": "new", "username": "SEGMENT", "password": "${PW}"})
    plan = client.plan(state_of({SPACE: [changed]}))
    [change] = plan.changes
    assert [(d.path, d.before, d.after) for d in change.diff] == [
        ("settings.account", "acme-xy12345", "new")
    ]
    emulator.requests.clear()
    assert client.apply(plan).ok
    patch = next(r for r in emulator.requests if r.method == "PATCH")
    assert patch.json() == {
        "settings": {"account": "new", "username": "SEGMENT", "password": SECRET},
        "name": "Analytics",
        "enabled": True,
        "schemaName": "segment_profiles",
    }


def test_rotate_secrets_sends_them(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """rotate_secrets=True updates every managed warehouse that has secrets."""
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    [warehouse] = named(emulator, SPACE, "Analytics")
    rotated = DesiredState.from_dict(
        {"version": 1, "spaces": {SPACE: {"warehouses": [analytics()]}}}, environ={"PW": "new-pw"}
    )
    assert client.plan(rotated).changes == ()
    plan = client.plan(rotated, rotate_secrets=True)
    assert [c.action for c in plan.changes] == ["update"]
    assert "new-pw" not in plan.render()
    assert client.apply(plan).ok
    assert emulator.stored_settings(SPACE, warehouse["id"])["password"] == "new-pw"


def test_two_live_warehouses_with_the_name_fail_the_plan(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Never guess: the plan fails naming both ids."""
    first = emulator.add_warehouse(SPACE, name="Analytics")
    second = emulator.add_warehouse(SPACE, name="Analytics")
    with pytest.raises(AmbiguousStateError) as info:
        client.plan(state_of({SPACE: [analytics()]}))
    assert first["id"] in str(info.value)
    assert second["id"] in str(info.value)
    adopted = client.plan(state_of({SPACE: [analytics(id=first["id"])]}))
    assert {c.warehouse_id for c in adopted.changes} == {first["id"]}


def test_unknown_id_and_unknown_collection_fail_the_plan(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Both problems are reported at once, with their paths; nothing is written."""
    emulator.add_warehouse(SPACE, name="Analytics")
    entry = analytics(selective_sync={"collections": {"nope": False}})
    with pytest.raises(StateError) as info:
        client.plan(state_of({SPACE: [entry, {**analytics(), "name": "X", "id": "missing"}]}))
    paths = [p.path for p in info.value.problems]
    assert f"spaces.{SPACE}.warehouses[0].selective_sync.collections.nope" in paths
    assert f"spaces.{SPACE}.warehouses[1].id" in paths
    assert all(r.method == "GET" for r in emulator.requests)


def test_replace_needs_permission_and_runs_first(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A new metadata_id is a replace, refused before any write unless allowed."""
    old = emulator.add_warehouse(SPACE, name="Analytics")
    plan = client.plan(state_of({SPACE: [analytics(metadata_id=BIGQUERY)]}))
    assert [c.action for c in plan.changes] == ["replace", "selective_sync"]
    sent = len(emulator.requests)
    with pytest.raises(StateError, match="allow_replace"):
        client.apply(plan)
    assert len(emulator.requests) == sent
    result = client.apply(plan, allow_replace=True)
    assert result.ok, result.render()
    [new] = named(emulator, SPACE, "Analytics")
    assert new["metadata"]["id"] == BIGQUERY
    assert new["id"] != old["id"]
    writes = [r.method for r in emulator.requests[sent:] if r.method != "GET"]
    assert writes == ["DELETE", "POST", "PATCH"]


def test_order_within_a_space(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """Replaced removes, creates, updates, selective sync, then prunes."""
    emulator.add_warehouse(SPACE, name="Replaced")
    emulator.add_warehouse(SPACE, name="Updated", settings={"account": "old"})
    emulator.add_warehouse(SPACE, name="Pruned")
    state = state_of(
        {
            SPACE: [
                {"name": "Updated", "metadata_id": SNOWFLAKE, "settings": {"account": "new"}},
                {"name": "Replaced", "metadata_id": BIGQUERY},
                {"name": "Created", "metadata_id": SNOWFLAKE},
            ]
        },
        prune=True,
    )
    plan = client.plan(state)
    assert [c.action for c in plan.changes] == ["replace", "create", "update", "remove"]
    sent = len(emulator.requests)
    assert client.apply(plan, allow_replace=True).ok
    writes = [r.method for r in emulator.requests[sent:] if r.method != "GET"]
    assert writes == ["DELETE", "POST", "POST", "PATCH", "DELETE"]
    assert sorted(w["settings"]["name"] for w in emulator.warehouses(SPACE)) == [
        "Created",
        "Replaced",
        "Updated",
    ]


def test_selective_sync_of_a_matched_warehouse_runs_before_prunes(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The order holds when selective sync is read after matching: it comes before prunes."""
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    emulator.add_warehouse(SPACE, name="Leftover")
    tuned = analytics(selective_sync={"collections": {"pages": False}})
    plan = client.plan(state_of({SPACE: [tuned]}, prune=True))
    assert [c.action for c in plan.changes] == ["selective_sync", "remove"]
    sent = len(emulator.requests)
    assert client.apply(plan).ok
    assert [r.method for r in emulator.requests[sent:] if r.method != "GET"] == [
        "PATCH",
        "DELETE",
    ]


def test_stale_plan_refuses_that_space_only(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A space changed after planning is refused (nothing written); other spaces apply."""
    emulator.add_space(OTHER)
    plan = client.plan(state_of({SPACE: [analytics()], OTHER: [analytics()]}))
    emulator.add_warehouse(SPACE, name="Sneaked in")
    result = client.apply(plan)
    assert not result.ok
    statuses = {(o.change.space_id, o.status) for o in result.outcomes}
    assert statuses == {(SPACE, "skipped"), (OTHER, "applied")}
    assert all(isinstance(o.error, PlanStaleError) for o in result.outcomes if o.error)
    assert named(emulator, SPACE, "Analytics") == []
    assert len(named(emulator, OTHER, "Analytics")) == 1


def test_selective_sync_change_after_planning_is_stale(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """What the plan read of selective sync is checked too."""
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    [warehouse] = named(emulator, SPACE, "Analytics")
    plan = client.plan(state_of({SPACE: [analytics(enabled=False)]}))
    client.update_selective_sync(
        SPACE, warehouse["id"], sync_overrides=[{"collection": "pages", "enabled": False}]
    )
    result = client.apply(plan)
    assert [o.status for o in result.outcomes] == ["skipped"]


@pytest.mark.parametrize("fault", ["500-after-apply", "drop-after-apply"])
def test_create_whose_answer_was_lost_is_adopted(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, fault: str
) -> None:
    """The create happened but its answer was lost: found by listing, outcome `recovered`."""
    if fault == "500-after-apply":
        emulator.apply_then_fail_next(500, method="POST")
    else:
        emulator.drop_next(method="POST", apply_first=True)
    result = client.apply(client.plan(state_of({SPACE: [analytics()]})))
    assert [o.status for o in result.outcomes] == ["recovered", "applied"]
    assert len(named(emulator, SPACE, "Analytics")) == 1
    assert result.ok


def test_create_that_did_not_happen_is_sent_again(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A 503 that was not applied: the listing finds nothing, so the create is sent once more."""
    emulator.fail_next(503, method="POST")
    result = client.apply(client.plan(state_of({SPACE: [analytics()]})))
    assert [o.status for o in result.outcomes] == ["applied", "applied"]
    assert [r.method for r in emulator.requests].count("POST") == 2
    assert len(named(emulator, SPACE, "Analytics")) == 1


def test_reconcile_refuses_to_guess_between_two_new_ones(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Two new warehouses with the name after a lost create: AmbiguousStateError naming both."""
    emulator.apply_then_fail_next(500, method="POST")
    emulator.add_warehouse(SPACE, name="Analytics", warehouse_id="racer1")
    with pytest.raises(AmbiguousStateError, match="racer1"):
        client.create_warehouse_reconciled(
            SPACE, metadata_id=SNOWFLAKE, settings={}, name="Analytics", existing_ids=set()
        )


def test_create_warehouse_reconcile_flag(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """`create_warehouse(..., reconcile=True)` returns the adopted warehouse."""
    emulator.apply_then_fail_next(502, method="POST")
    warehouse = client.create_warehouse(
        SPACE, metadata_id=SNOWFLAKE, settings={"account": "a"}, name="Solo", reconcile=True
    )
    assert [w["id"] for w in named(emulator, SPACE, "Solo")] == [warehouse.id]


def test_one_failing_space_does_not_stop_the_others(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A 422 in one space fails that change; the other space is applied."""
    emulator.add_space(OTHER)
    plan = client.plan(state_of({SPACE: [analytics()], OTHER: [analytics()]}))
    emulator.fail_next(422, method="POST", path=f"/spaces/{SPACE}/*")
    result = client.apply(plan)
    by_space = {(o.change.space_id, o.change.action): o.status for o in result.outcomes}
    assert by_space == {
        (SPACE, "create"): "failed",
        (SPACE, "selective_sync"): "skipped",
        (OTHER, "create"): "applied",
        (OTHER, "selective_sync"): "applied",
    }
    assert len(result.errors) == 2
    assert "422" in str(result.errors[0])


def test_export_then_plan_is_empty(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """An export, placeholders filled, plans to nothing; the text holds no secret."""
    emulator.add_space(OTHER, warehouses=2)
    client.apply(client.plan(state_of({SPACE: [analytics()]})))
    exported = client.export([SPACE, OTHER])
    text = dump_state(exported)
    assert SECRET not in text
    assert "hunter2" not in text  # the emulator's seeded passwords
    environ = dict.fromkeys(exported.placeholders, "filled")
    reread = DesiredState.from_dict(json.loads(dump_state(exported, "json")), environ=environ)
    assert client.plan(reread).changes == ()


def test_both_clients_export_the_same_document(
    twin: Twin, client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The document an export gives does not depend on the client that made it."""
    emulator.add_warehouse(SPACE, name="One")
    assert twin.run(lambda c: c.export([SPACE])).to_dict() == client.export([SPACE]).to_dict()


def test_no_secret_in_logs_errors_or_output(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """At DEBUG, through failures and recoveries, the secret shows nowhere."""
    emulator.apply_then_fail_next(500, method="POST")
    emulator.fail_next(422, method="PATCH")
    with caplog.at_level(logging.DEBUG):
        plan = client.plan(state_of({SPACE: [analytics()]}))
        result = client.apply(plan)
    shown = (
        caplog.text
        + plan.render()
        + json.dumps(plan.to_dict())
        + repr(plan)
        + repr(plan.changes)
        + result.render()
        + json.dumps(result.to_dict())
        + repr(result)
        + "".join(str(e) for e in result.errors)
    )
    assert SECRET not in shown
    assert "(secret)" in plan.render()


def test_convergence_under_random_faults(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """With 429s, 503s, drops and lost creates at random points, applying until the plan is
    empty reaches the desired state, with no duplicate warehouse."""
    rng = random.Random(20261127)
    spaces = [SPACE, *(emulator.add_space() for _ in range(3))]
    for space in spaces:
        emulator.add_warehouse(space, name="Legacy")
    state = state_of(
        {s: [analytics(), {"name": "Second", "metadata_id": BIGQUERY}] for s in spaces}, prune=True
    )
    for _ in range(12):
        kind = rng.choice(["429", "503", "drop", "lost-create", "lost-delete"])
        if kind == "429":
            emulator.rate_limit_next(ms_before_next=5)
        elif kind == "503":
            emulator.fail_next(503, method=rng.choice(["GET", "PATCH", "DELETE"]))
        elif kind == "drop":
            emulator.drop_next(method=rng.choice(["GET", "PATCH"]))
        elif kind == "lost-create":
            emulator.apply_then_fail_next(500, method="POST")
        else:
            emulator.drop_next(method="DELETE", apply_first=True)
    rounds = []
    for _ in range(6):  # one space at a time: the faults meet the same requests every run
        try:
            plan = client.plan(state, concurrency=1)
        except Exception:  # noqa: BLE001, S112 - a fault during the plan: plan again
            continue
        if not plan.has_changes:
            break
        rounds.append(client.apply(plan, concurrency=1))
    else:
        pytest.fail("did not converge")
    assert emulator.pending_faults() == []  # every fault was met on the way
    assert not all(r.ok for r in rounds) or any(
        o.status == "recovered" for r in rounds for o in r.outcomes
    )
    assert client.plan(state).changes == ()
    for space in spaces:
        names = sorted(w["settings"].get("name") for w in emulator.warehouses(space))
        assert names == ["Analytics", "Second"]


def test_closed_client_refuses_state_calls(emulator: ProfilesSyncEmulator) -> None:
    """plan/apply/export on a closed client raise ClientClosedError like every call."""
    from segment_profiles_sync import ClientClosedError

    ps = ProfilesSync(emulator.token, transport=emulator.transport())
    ps.close()
    with pytest.raises(ClientClosedError):
        ps.plan(state_of({SPACE: [analytics()]}))


def test_apply_edge_paths(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """apply refuses what is not a Plan; a space that cannot be re-read is skipped; a dict
    document is accepted; an unresolved export cannot be planned; export takes one id."""
    from segment_profiles_sync.state import Plan

    with pytest.raises(StateError, match="takes a Plan"):
        client.apply({"changes": []})  # type: ignore[arg-type]
    document = {"version": 1, "spaces": {SPACE: {"warehouses": [{"name": "X",
                "metadata_id": SNOWFLAKE}]}}}  # fmt: skip
    plan = client.plan(document)
    assert isinstance(plan, Plan)
    emulator.fail_next(404, method="GET")
    result = client.apply(plan)
    assert [o.status for o in result.outcomes] == ["skipped"]
    with pytest.raises(StateError, match="fill in the placeholders"):
        client.plan(client.export(SPACE))


def test_unnamed_replacement_and_unknown_collection_after_create(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A warehouse adopted by id alone is replaced without a name; a created warehouse whose
    document names a collection it lacks gets that change failed, naming the path."""
    old = emulator.add_warehouse(SPACE, name=None)
    by_id = {"id": old["id"], "metadata_id": BIGQUERY}
    plan = client.plan(state_of({SPACE: [by_id]}))
    assert [c.action for c in plan.changes] == ["replace"]
    assert client.apply(plan, allow_replace=True).ok
    created = [w for w in emulator.warehouses(SPACE) if w["metadata"]["id"] == BIGQUERY]
    assert len(created) == 1
    entry = analytics(selective_sync={"collections": {"no_such_table": False}})
    result = client.apply(client.plan(state_of({SPACE: [entry]})))
    assert [(o.change.action, o.status) for o in result.outcomes] == [
        ("create", "applied"),
        ("selective_sync", "failed"),
    ]
    assert "no_such_table" in str(result.errors[0])


def test_apply_reports_progress_per_change(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """on_progress gets one event as each change is sent (`started`), one when it is answered
    (with its outcome), and one per space."""
    events: list[Progress] = []
    plan = twin.run(lambda c: c.plan(state_of({SPACE: [analytics()]})))
    result = twin.run(lambda c: c.apply(plan, on_progress=events.append))
    assert result.ok
    assert [e.outcome.status for e in events if e.outcome is not None] == ["applied", "applied"]
    assert [e.started.action for e in events if e.started is not None] == [
        "create",
        "selective_sync",
    ]
    assert [e.spaces_done for e in events if e.outcome is None and e.started is None] == [1]
    failing = twin.run(lambda c: c.plan(state_of({SPACE: [analytics(enabled=False)]})))
    emulator.fail_next(422, method="PATCH")
    assert not twin.run(lambda c: c.apply(failing)).ok


def test_reconciled_creates(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """The reconcile rule: adopted, sent again, or refused when ambiguous."""
    emulator.apply_then_fail_next(500, method="POST")
    adopted = twin.run(
        lambda c: c.create_warehouse_reconciled(
            SPACE, metadata_id=SNOWFLAKE, settings={}, name="One"
        )
    )
    assert adopted.recovered
    emulator.fail_next(503, method="POST")
    again = twin.run(
        lambda c: c.create_warehouse(
            SPACE, metadata_id=SNOWFLAKE, settings={}, name="Two", reconcile=True
        )
    )
    assert [w["id"] for w in named(emulator, SPACE, "Two")] == [again.id]
    emulator.apply_then_fail_next(500, method="POST")
    emulator.add_warehouse(SPACE, name="Three", warehouse_id="racer3")
    with pytest.raises(AmbiguousStateError, match="racer3"):
        twin.run(
            lambda c: c.create_warehouse_reconciled(
                SPACE, metadata_id=SNOWFLAKE, settings={}, name="Three", existing_ids=set()
            )
        )
    from segment_profiles_sync import InvalidArgumentError, UnprocessableEntityError

    with pytest.raises(InvalidArgumentError, match="name"):
        twin.run(
            lambda c: c.create_warehouse_reconciled(
                SPACE, metadata_id=SNOWFLAKE, settings={}, name=None
            )
        )
    emulator.fail_next(422, method="POST")
    with pytest.raises(UnprocessableEntityError):  # not a failure that may have applied
        twin.run(
            lambda c: c.create_warehouse_reconciled(
                SPACE, metadata_id=SNOWFLAKE, settings={}, name="Four"
            )
        )
