"""`${VAR}` in documents: a set-but-empty variable stops plan, apply and `validate --strict`
(a CI system expands a missing secret to ""), unless the document says empty is meant
(`${VAR:-}`); a placeholder anywhere outside settings is refused, located."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync, StateError
from segment_profiles_sync.state import DesiredState, load_state, validate_document
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE


def document(password: str = "${PW}", **warehouse: Any) -> dict[str, Any]:
    entry = {
        "name": "Analytics",
        "metadata_id": "CCIl4HLQPz",
        "settings": {"account": "acme", "password": password},
        **warehouse,
    }
    return {"version": 1, "spaces": {SPACE: {"warehouses": [entry]}}}


@pytest.mark.parametrize("empty", ["", "   "])
def test_a_set_but_empty_variable_is_refused_naming_it_and_the_key(empty: str) -> None:
    with pytest.raises(StateError) as raised:
        DesiredState.from_dict(document(), environ={"PW": empty})
    [problem] = raised.value.problems
    assert problem.path == f"spaces.{SPACE}.warehouses[0].settings.password"
    assert "PW is set but empty" in problem.message
    assert "${PW:-}" in problem.message


def test_the_document_can_say_that_empty_is_meant() -> None:
    """`${VAR:-}`: empty (or unset) is taken as "", on purpose."""
    state = DesiredState.from_dict(document("${PW:-}"), environ={"PW": ""})
    assert state.placeholders == ("PW",)
    assert DesiredState.from_dict(document("${PW:-}"), environ={}).resolved


def test_an_unset_variable_is_still_refused() -> None:
    with pytest.raises(StateError, match="needs the environment variable PW, which is not set"):
        DesiredState.from_dict(document(), environ={})


def test_an_empty_secret_never_reaches_the_api_sync_and_async(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The reported case: the stored password stays; the document is refused on load, before
    plan or apply (blocking or asyncio) can send the whole settings."""
    created = emulator.add_warehouse(SPACE, name="Analytics", settings={"password": "stored"})
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document(enabled=False)))
    monkeypatch.setenv("PW", "")
    with pytest.raises(StateError, match="set but empty"):
        load_state(path)
    emulator.requests.clear()
    with pytest.raises(StateError, match="set but empty"):
        client.plan(document(enabled=False))

    async def plan_async() -> None:
        async with AsyncProfilesSync(emulator.token, base_url=client.base_url) as aps:
            await aps.plan(document(enabled=False))

    import asyncio

    with pytest.raises(StateError, match="set but empty"):
        asyncio.run(plan_async())
    assert emulator.requests == []
    assert emulator.stored_settings(SPACE, created["id"])["password"] == "stored"


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda w: w.update(metadata_id="${TYPE}"), "warehouses[0].metadata_id"),
        (lambda w: w.update(id="${ID}"), "warehouses[0].id"),
        (lambda w: w.update(name="${NAME}"), "warehouses[0].name"),
        (lambda w: w.update(schema_name="${S}"), "warehouses[0].schema_name"),
        (
            lambda w: w.update(selective_sync={"collections": {"${C}": False}}),
            "warehouses[0].selective_sync.collections.${C}",
        ),
    ],
)
def test_a_placeholder_outside_settings_is_refused_once(edit: Any, path: str) -> None:
    doc = document()
    edit(doc["spaces"][SPACE]["warehouses"][0])
    with pytest.raises(StateError) as raised:
        DesiredState.from_dict(doc, environ={"PW": "x", "TYPE": "t", "ID": "i", "NAME": "n"})
    outside = [p for p in raised.value.problems if "only inside settings" in p.message]
    assert [p.path for p in outside] == [f"spaces.{SPACE}.{path}"]


def test_a_placeholder_in_a_space_id_is_refused() -> None:
    doc = {"version": 1, "spaces": {"${SPACE_ID}": {"warehouses": []}}}
    with pytest.raises(StateError, match="only inside settings"):
        DesiredState.from_dict(doc, environ={})


def test_validate_warns_of_empty_and_unset_variables_with_line_and_column(
    tmp_path: Path,
) -> None:
    """Plain validate: warnings (so --strict fails), each located; `${X:-}` is not warned."""
    path = tmp_path / "doc.yaml"
    path.write_text(
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        settings:\n"
        "          password: ${EMPTY_PW}\n          token: ${UNSET_TOKEN}\n"
        "          note: ${OPTIONAL:-}\n          metadata: {id: '${NOPE}'}\n"
    )
    found = validate_document(path, environ={"EMPTY_PW": ""})
    empty = next(d for d in found if "EMPTY_PW is set but empty" in d.message)
    assert (empty.severity, empty.line, empty.column) == ("warning", 8, 11)
    unset = next(d for d in found if "UNSET_TOKEN" in d.message)
    assert (unset.severity, unset.line) == ("warning", 9)
    assert not any("OPTIONAL" in d.message for d in found)
    nested = next(d for d in found if "NOPE" in d.message)
    assert nested.line == 11


def test_validate_strict_fails_on_an_empty_variable(tmp_path: Path, monkeypatch: Any) -> None:
    from segment_profiles_sync.cli import main

    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document()))
    monkeypatch.setenv("PW", "")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--strict", str(path)]) == 1
    monkeypatch.setenv("PW", "set")
    assert main(["validate", "--strict", str(path)]) == 0
