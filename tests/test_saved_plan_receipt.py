"""A saved plan is a receipt, not a program: apply plans again from the document and the live
state and runs only what equals the saved plan. Files edited and resealed (the checksum is a
plain SHA-256 anyone can recompute) can at worst make apply refuse. Over real HTTP, through
the blocking and the asyncio client."""

from __future__ import annotations

import asyncio
import hashlib
import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import AsyncProfilesSync, PlanStaleError, ProfilesSync, StateError
from segment_profiles_sync.state import DesiredState, load_plan
from segment_profiles_sync.state._saved import PlanFileWarning
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from tests.conftest import SPACE
from tests.payloads import SNOWFLAKE

OTHER = "ReceiptOther0000000001"
SECRET = "receipt-secret-value"


def document(*, prune: bool = False) -> dict[str, Any]:
    return {
        "version": 1,
        "spaces": {
            SPACE: {
                "prune": prune,
                "warehouses": [
                    {
                        "name": "Analytics",
                        "metadata_id": SNOWFLAKE,
                        "settings": {"account": "acme", "password": "${PW}"},
                        "selective_sync": {"collections": {"tracks": False}},
                    },
                    {"name": "Kept", "metadata_id": SNOWFLAKE, "enabled": False},
                ],
            }
        },
    }


def state(doc: dict[str, Any] | None = None) -> DesiredState:
    return DesiredState.from_dict(doc or document(), environ={"PW": SECRET})


def reseal(body: dict[str, Any]) -> dict[str, Any]:
    """What anyone with write access to the artifact can do: edit, then recompute."""
    body = {k: v for k, v in body.items() if k != "checksum"}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return {**body, "checksum": hashlib.sha256(text.encode()).hexdigest()}


def writes(emulator: ProfilesSyncEmulator) -> list[str]:
    return [f"{r.method} {r.raw_path}" for r in emulator.requests if r.method != "GET"]


@pytest.fixture(params=["blocking", "asyncio"])
def run(
    request: pytest.FixtureRequest, emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> Callable[[Callable[[Any], Any]], Any]:
    """Runs `call(client)` through a blocking or an asyncio client (awaited when it is)."""

    def through(call: Callable[[Any], Any]) -> Any:
        if request.param == "blocking":
            with ProfilesSync(emulator.token, base_url=server.base_url, timeout=2.0) as ps:
                return call(ps)

        async def main() -> Any:
            async with AsyncProfilesSync(emulator.token, base_url=server.base_url) as aps:
                return await call(aps)

        return asyncio.run(main())

    return through


@pytest.fixture
def seeded(emulator: ProfilesSyncEmulator) -> dict[str, str]:
    """Space SPACE with "Kept" (enabled, the document disables it) and an unmanaged
    "Legacy" the document does not list (prune is off: it must stay)."""
    emulator.add_space(OTHER)
    kept = emulator.add_warehouse(SPACE, name="Kept")
    legacy = emulator.add_warehouse(SPACE, name="Legacy")
    other = emulator.add_warehouse(OTHER, name="Theirs")
    return {"kept": kept["id"], "legacy": legacy["id"], "other": other["id"]}


def saved_body(run: Callable[[Callable[[Any], Any]], Any]) -> dict[str, Any]:
    return run(lambda c: c.plan(state())).to_saved()  # type: ignore[no-any-return]


def change(
    action: str, space: str, warehouse_id: str | None, name: str, **extra: Any
) -> dict[str, Any]:
    return {
        "action": action, "space_id": space, "warehouse_id": warehouse_id, "name": name,
        "diff": [], "spec_path": None, "overrides": [], "enable_event_tables": None, **extra,
    }  # fmt: skip


def test_an_honest_saved_plan_is_applied(
    run: Any, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    body = json.loads(json.dumps(saved_body(run)))
    result = run(lambda c: c.apply(load_plan(body), state()))
    assert result.ok, result.render()
    assert [o.change.action for o in result.outcomes] == ["create", "update", "selective_sync"]
    assert {w["id"] for w in emulator.warehouses(SPACE)} >= {seeded["legacy"], seeded["kept"]}


def test_a_resealed_remove_outside_the_document_is_refused(
    run: Any, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """(a) The file removes the unmanaged "Legacy" (prune is off): the space is refused,
    nothing is written, and the error names the change the document does not call for."""
    body = saved_body(run)
    body["changes"].append(change("remove", SPACE, seeded["legacy"], "Legacy"))
    emulator.requests.clear()
    result = run(lambda c: c.apply(load_plan(reseal(body)), state()))
    assert {o.status for o in result.outcomes} == {"skipped"}
    error = result.outcomes[0].error
    assert isinstance(error, PlanStaleError)
    assert any("in the plan, not called for now: - remove" in d for d in error.differences)
    assert writes(emulator) == []
    assert seeded["legacy"] in {w["id"] for w in emulator.warehouses(SPACE)}


def test_a_resealed_change_in_a_space_the_document_does_not_name_is_refused_before_anything(
    run: Any, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """(b) A create in another space, with the document's password (its spec_path points at
    the document's entry), and a remove there: refused whole, not even a read."""
    body = saved_body(run)
    body["spaces"][OTHER] = {"document": None, "live": None, "read_selective": []}
    body["changes"].append(
        change("create", OTHER, None, "Analytics", spec_path=f"spaces.{SPACE}.warehouses[0]")
    )
    body["changes"].append(change("remove", OTHER, seeded["other"], "Theirs"))
    emulator.requests.clear()
    with pytest.raises(StateError, match="does not name") as raised:
        run(lambda c: c.apply(load_plan(reseal(body)), state()))
    assert f"spaces.{OTHER}" in str(raised.value)
    assert emulator.requests == []
    assert [w["id"] for w in emulator.warehouses(OTHER)] == [seeded["other"]]


def test_resealed_selective_sync_overrides_the_document_does_not_imply_are_refused(
    run: Any, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """(c) Switching off a collection the document never mentions: refused, nothing sent."""
    body = saved_body(run)
    [selective] = [c for c in body["changes"] if c["action"] == "selective_sync"]
    selective["overrides"].append(["identifies", None, False])
    emulator.requests.clear()
    result = run(lambda c: c.apply(load_plan(reseal(body)), state()))
    assert {o.status for o in result.outcomes} == {"skipped"}
    assert writes(emulator) == []


def test_a_resealed_label_or_action_is_refused(
    run: Any, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """Renaming what the reviewer saw, or turning an update into a replace: refused."""
    edits: list[Callable[[dict[str, Any]], None]] = [
        lambda b: b["changes"][0].update(name="Something harmless"),
        lambda b: b["changes"][1].update(action="replace"),
    ]
    for edit in edits:
        body = saved_body(run)
        edit(body)
        emulator.requests.clear()
        result = run(lambda c, b=body: c.apply(load_plan(reseal(b)), state(), allow_replace=True))
        assert {o.status for o in result.outcomes} == {"skipped"}
        assert writes(emulator) == []


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda b: b["changes"][1].update(spec_path=None), "the action 'update' needs a spec_path"),
        (lambda b: b["changes"].append(change("remove", SPACE, None, "x")), "needs a warehouse_id"),
        (lambda b: b.update(run_after="rm -rf"), "unknown key 'run_after'"),
        (lambda b: b["changes"][0].update(command="x"), "unknown key 'command'"),
        (lambda b: b["changes"][0].update(space_id="Nowhere00000000000001"), "not among the file"),
        (lambda b: b["changes"][0].update(diff="x"), "diff is not a list"),
        (lambda b: b["changes"][0].update(overrides=[["a", None, "yes"]]), "overrides is not"),
        (lambda b: b.update(not_compared=-1), "not_compared is not a count"),
        (lambda b: b["spaces"][SPACE].update(extra=1), "is not {document, live, read_selective}"),
    ],
)
def test_a_malformed_file_is_refused_whole_before_any_request(
    client: ProfilesSync,
    seeded: dict[str, str],
    emulator: ProfilesSyncEmulator,
    edit: Any,
    says: str,
) -> None:
    """(d) Malformed, even with a valid checksum: refused by load_plan, so nothing is sent."""
    body = client.plan(state()).to_saved()
    edit(body)
    emulator.requests.clear()
    with pytest.raises(StateError, match="is malformed") as raised:
        load_plan(reseal(body))
    assert says in str(raised.value)
    assert emulator.requests == []


def test_what_runs_and_what_is_shown_comes_from_the_document_and_the_live_state(
    client: ProfilesSync, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    """The outcomes carry the recomputed changes (bound to the document's entries), not the
    file's: a relabelled file is refused, an honest one shows the document's names."""
    result = client.apply(load_plan(client.plan(state()).to_saved()), state())
    assert [o.change.spec is not None for o in result.outcomes] == [True, True, True]


def test_a_plan_made_with_rotate_secrets_is_checked_the_same_way(
    client: ProfilesSync, seeded: dict[str, str], emulator: ProfilesSyncEmulator
) -> None:
    client.apply(client.plan(state()))
    rotated = client.plan(state(), rotate_secrets=True)
    assert rotated.has_changes
    body = rotated.to_saved()
    assert body["rotate_secrets"] is True
    result = client.apply(load_plan(body), state())
    assert result.ok, result.render()


def test_a_file_from_a_newer_version_is_read_with_a_warning(
    client: ProfilesSync, seeded: dict[str, str], tmp_path: Path
) -> None:
    body = client.plan(state()).to_saved()
    body["package_version"] = "99.0.0"
    with pytest.warns(PlanFileWarning, match="newer than this"):
        load_plan(reseal(body))
    body["package_version"] = "0.0.1"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_plan(reseal(body))
