"""Desired state in CI: saved plans applied exactly, offline validation, the editor schema,
the versioned JSON output and the pull-request markdown. Over real HTTP where the API is
involved; the command line's side is in test_cli.py and test_cli_inprocess.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from segment_profiles_sync import PlanStaleError, ProfilesSync, StateError
from segment_profiles_sync.state import (
    DesiredState,
    Plan,
    document_schema,
    load_plan,
    validate_document,
)
from segment_profiles_sync.state._render import render_markdown
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE, Twin
from tests.payloads import SNOWFLAKE

SECRET = "saved-plan-secret-value"


def document(*, account: str = "acme", tracks: bool = False, space: str = SPACE) -> dict[str, Any]:
    return {
        "version": 1,
        "spaces": {
            space: {
                "warehouses": [
                    {
                        "name": "Analytics",
                        "metadata_id": SNOWFLAKE,
                        "settings": {"account": account, "password": "${PW}"},
                        "selective_sync": {"collections": {"tracks": tracks}},
                    },
                    {"name": "warehouse 1", "metadata_id": SNOWFLAKE, "enabled": False},
                ]
            }
        },
    }


def state_of(doc: dict[str, Any], secret: str = SECRET) -> DesiredState:
    return DesiredState.from_dict(doc, environ={"PW": secret})


def writes(emulator: ProfilesSyncEmulator) -> list[str]:
    return [f"{r.method} {r.raw_path}" for r in emulator.requests if r.method != "GET"]


@pytest.fixture
def seeded(emulator: ProfilesSyncEmulator) -> ProfilesSyncEmulator:
    emulator.add_warehouse(SPACE, name="warehouse 1")
    return emulator


# -- saved plans -------------------------------------------------------------------------------


def test_a_saved_plan_is_applied_exactly(
    twin: Twin, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """plan → save → load → apply(saved, state): exactly the saved changes, the secret from
    the document read at apply time (here: rotated since), none of it in the file."""
    plan = twin.run(lambda c: c.plan(state_of(document())))
    path = tmp_path / "plan.json"
    plan.save(path)
    text = path.read_text()
    assert SECRET not in text
    saved = load_plan(path)
    assert [c.to_dict() for c in saved.changes] == [c.to_dict() for c in plan.changes]
    seeded.requests.clear()
    result = twin.run(lambda c: c.apply(saved, state_of(document(), secret="rotated-since")))
    assert result.ok, result.render()
    assert [o.change.action for o in result.outcomes] == ["create", "update", "selective_sync"]
    [created] = [w for w in seeded.warehouses(SPACE) if w["settings"].get("name") == "Analytics"]
    assert seeded.stored_settings(SPACE, created["id"])["password"] == "rotated-since"
    assert twin.run(lambda c: c.plan(state_of(document()))).changes == ()


def test_a_saved_plan_is_refused_where_the_server_changed(
    client: ProfilesSync, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """plan → someone changes the space → apply: refused there, nothing written."""
    client.plan(state_of(document())).save(tmp_path / "plan.json")
    seeded.add_warehouse(SPACE, name="added meanwhile")
    seeded.requests.clear()
    result = client.apply(load_plan(tmp_path / "plan.json"), state_of(document()))
    assert {o.status for o in result.outcomes} == {"skipped"}
    assert all(isinstance(o.error, PlanStaleError) for o in result.outcomes)
    assert writes(seeded) == []


def test_a_saved_plan_is_refused_where_the_document_changed(
    client: ProfilesSync, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """A document entry that changed since the plan (not a secret) refuses its space."""
    client.plan(state_of(document())).save(tmp_path / "plan.json")
    seeded.requests.clear()
    result = client.apply(load_plan(tmp_path / "plan.json"), state_of(document(account="other")))
    assert {o.status for o in result.outcomes} == {"skipped"}
    assert "its entry in the document changed" in str(result.outcomes[0].error)
    assert seeded.requests == []  # not even read


def test_the_plan_file_holds_no_secret_nor_a_hash_of_one(
    client: ProfilesSync, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """The same plan made with other secret values (in the document, and a live secret the
    API shows in clear) writes the same file: nothing in it depends on a secret's value."""
    clear = seeded.add_warehouse(SPACE, name="Clear", settings={"ssh_key": SECRET})
    doc = document()
    doc["spaces"][SPACE]["warehouses"].append(
        {"name": "Clear", "metadata_id": SNOWFLAKE, "settings": {"ssh_key": "${PW}"}}
    )
    files = []
    for secret in (SECRET, "another-secret"):
        client.update_warehouse(SPACE, clear["id"], settings={"ssh_key": secret}, name="Clear")
        path = tmp_path / f"{secret}.json"
        client.plan(state_of(doc, secret=secret)).save(path)
        files.append(path.read_text())
    assert files[0] == files[1]
    assert SECRET not in files[0]
    assert "another-secret" not in files[0]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["changes"][0].update(action="remove"), "checksum"),
        (lambda d: d.update(kind="terraform plan"), "not a saved plan"),
        (lambda d: d.update(format_version=99), "format 99"),
        (lambda d: d.clear(), "not a saved plan"),
    ],
)
def test_a_tampered_or_foreign_plan_file_is_refused(
    client: ProfilesSync, seeded: ProfilesSyncEmulator, tmp_path: Path, edit: Any, message: str
) -> None:
    """Edited by hand, from another tool, from a newer version: a clear StateError."""
    path = tmp_path / "plan.json"
    client.plan(state_of(document())).save(path)
    content = json.loads(path.read_text())
    edit(content)
    path.write_text(json.dumps(content))
    with pytest.raises(StateError, match=message):
        load_plan(path)
    path.write_text("not json")
    with pytest.raises(StateError, match="not JSON"):
        load_plan(path)


def test_a_saved_plan_needs_its_document(
    client: ProfilesSync, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Without the document there are no secrets to send: refused before anything."""
    client.plan(state_of(document())).save(tmp_path / "plan.json")
    with pytest.raises(StateError, match="pass the document"):
        client.apply(load_plan(tmp_path / "plan.json"))


# -- --target ------------------------------------------------------------------------------------


def test_only_limits_a_document_to_some_spaces() -> None:
    """`--target` is `DesiredState.only`: unknown spaces are an error naming them."""
    doc = document()
    doc["spaces"].update(document(space="otherSpace000000000001")["spaces"])
    state = state_of(doc)
    assert [s.space_id for s in state.only([SPACE]).spaces] == [SPACE]
    assert list(state.only([SPACE]).to_dict()["spaces"]) == [SPACE]
    with pytest.raises(StateError, match="not in the document"):
        state.only(["nowhere000000000000000"])


# -- the versioned output --------------------------------------------------------------------


def test_the_json_contract_keeps_its_fields(
    client: ProfilesSync, seeded: ProfilesSyncEmulator
) -> None:
    """format_version 1: these fields, these types; a secret is a flag with no value."""
    data = client.plan(state_of(document())).to_dict()
    assert set(data) == {
        "format_version", "has_changes", "summary", "not_compared", "changes", "unmanaged"
    }  # fmt: skip
    assert data["format_version"] == 1
    assert set(data["summary"]) == {"replace", "create", "update", "selective_sync", "remove"}
    change = data["changes"][0]
    assert set(change) == {"action", "space_id", "warehouse_id", "name", "diff"}
    assert all(set(d) == {"path", "before", "after", "secret"} for d in change["diff"])
    [password] = [d for d in change["diff"] if d["path"] == "settings.password"]
    assert password == {"path": "settings.password", "before": None, "after": None, "secret": True}
    assert "(secret)" not in json.dumps(data)
    result = client.apply(client.plan(state_of(document()))).to_dict()
    assert set(result) == {"format_version", "ok", "counts", "outcomes"}
    assert set(result["outcomes"][0]) == {
        "action", "space_id", "warehouse_id", "name", "diff", "status", "error", "note"
    }  # fmt: skip


def test_markdown_puts_the_summary_first_and_stays_under_the_limit() -> None:
    """A pull-request comment: the summary line, a table, details folded; cut with a note."""
    from segment_profiles_sync.state import Change, FieldDiff

    changes = tuple(
        Change("update", f"space{n:017d}", "w1", "A", (FieldDiff("enabled", True, False),))
        for n in range(2000)
    )
    text = render_markdown(Plan(changes))
    assert text.startswith("### Profiles Sync plan: Plan: 2000 to update.")
    assert "<details><summary>space <code>space00000000000000000</code></summary>" in text
    assert len(text) < 65_000
    assert "_Truncated:" in text
    small = render_markdown(Plan(changes[:2]))
    assert "_Truncated" not in small
    assert small.count("<details>") == 2


# -- the schema and the loader agree ----------------------------------------------------------

VALID: list[dict[str, Any]] = [
    document(),
    {"version": 1, "spaces": {}},
    {"version": 1, "spaces": {SPACE: {"prune": True, "warehouses": []}}},
    {
        "version": 1,
        "spaces": {SPACE: {"warehouses": [{"id": "w1", "name": None, "metadata_id": "m"}]}},
    },
    {
        "version": 1,
        "spaces": {
            SPACE: {
                "warehouses": [
                    {
                        "name": "A",
                        "metadata_id": "m",
                        "enabled": None,
                        "schema_name": "s",
                        "settings": None,
                        "selective_sync": {
                            "enable_event_tables": True,
                            "collections": {
                                "tracks": True,
                                "pages": {"enabled": None, "properties": {"url": False}},
                            },
                        },
                    }
                ]
            }
        },
    },
]
INVALID: list[dict[str, Any]] = [
    {"spaces": {}},
    {"version": 2, "spaces": {}},
    {"version": 1, "spaces": [], "extra": 1},
    {"version": 1, "spaces": {SPACE: {"warehouses": [{"metadata_id": "m"}]}}},
    {"version": 1, "spaces": {SPACE: {"warehouses": [{"name": None, "metadata_id": "m"}]}}},
    {"version": 1, "spaces": {SPACE: {"warehouses": [{"name": "A"}]}}},
    {"version": 1, "spaces": {SPACE: {"warehouses": [{"name": "", "metadata_id": "m"}]}}},
    {"version": 1, "spaces": {SPACE: {"warehouses": [{"name": "${N}", "metadata_id": "m"}]}}},
    {
        "version": 1,
        "spaces": {SPACE: {"warehouses": [{"name": "A", "metadata_id": "m", "enabled": "yes"}]}},
    },
    {
        "version": 1,
        "spaces": {
            SPACE: {"warehouses": [{"name": "A", "metadata_id": "m", "settings": {"name": "x"}}]}
        },
    },
    {
        "version": 1,
        "spaces": {SPACE: {"warehouses": [{"name": "A", "metadata_id": "m", "colour": 1}]}},
    },
    {"version": 1, "spaces": {SPACE: {"prune": "yes"}}},
    {"version": 1, "spaces": {"a/b": {}}},
    {
        "version": 1,
        "spaces": {
            SPACE: {
                "warehouses": [
                    {
                        "name": "A",
                        "metadata_id": "m",
                        "selective_sync": {"collections": {"tracks": "off"}},
                    }
                ]
            }
        },
    },
]


@pytest.mark.parametrize("doc", VALID)
def test_valid_documents_pass_the_schema_and_the_loader(doc: dict[str, Any]) -> None:
    """jsonschema (draft-07) and `DesiredState` both accept them."""
    jsonschema.Draft7Validator(document_schema()).validate(doc)
    DesiredState.unresolved(doc)


@pytest.mark.parametrize("doc", INVALID)
def test_invalid_documents_fail_the_schema_and_the_loader(doc: dict[str, Any]) -> None:
    """Both refuse them."""
    assert list(jsonschema.Draft7Validator(document_schema()).iter_errors(doc))
    with pytest.raises(StateError):
        DesiredState.unresolved(doc)


def test_the_schema_is_a_valid_draft_07_schema_with_descriptions() -> None:
    """Valid against the meta-schema; every declared field says what it is; secrets are
    write-only."""
    schema = document_schema()
    jsonschema.Draft7Validator.check_schema(schema)

    def fields(node: Any) -> list[tuple[str, Any]]:
        """(name, schema) of every declared property, at any depth."""
        found = []
        for name, sub in (node.get("properties") or {}).items():
            found += [(name, sub), *fields(sub)]
        for sub in (node.get("definitions") or {}).values():
            found += fields(sub)
        for key in ("items", "additionalProperties", "not"):
            if isinstance(node.get(key), dict):
                found += fields(node[key])
        for sub in node.get("anyOf") or ():
            found += fields(sub)
        return found

    for name, value in fields(schema):
        assert "description" in value or "$ref" in value, name
    assert schema["definitions"]["settings"]["properties"]["password"]["writeOnly"] is True


# -- validate, offline ---------------------------------------------------------------------------


def test_validate_locates_every_problem_in_yaml_json_and_toml(tmp_path: Path) -> None:
    """Each problem with its line and column; unknown settings keys are warnings with a
    suggestion; an unset variable is a warning."""
    yaml_text = (
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        enabled: maybe\n"
        "        settings:\n          acount: acme\n          password: ${UNSET_IN_TEST}\n"
    )
    path = tmp_path / "doc.yaml"
    path.write_text(yaml_text)
    found = {(d.severity, d.path): d for d in validate_document(path, environ={})}
    enabled = found["error", f"spaces.{SPACE}.warehouses[0].enabled"]
    assert (enabled.line, enabled.column) == (7, 9)
    typo = found["warning", f"spaces.{SPACE}.warehouses[0].settings.acount"]
    assert "did you mean 'account'?" in typo.message
    assert typo.line == 9
    assert any("UNSET_IN_TEST" in d.message for d in found.values())
    as_json = tmp_path / "doc.json"
    as_json.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"prune": "no"}}}, indent=2))
    [prune] = validate_document(as_json)
    assert (prune.path, prune.line) == (f"spaces.{SPACE}.prune", 5)
    as_toml = tmp_path / "doc.toml"
    as_toml.write_text(f'version = 1\n[spaces.{SPACE}]\nprune = "no"\n')
    [toml_prune] = validate_document(as_toml)
    assert toml_prune.line == 3
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps({"version": 1, "spaces": {}}))
    assert validate_document(clean) == []
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1,\n "spaces": {')
    [syntax] = validate_document(broken)
    assert (syntax.severity, syntax.line) == ("error", 2)


def test_toml_export_reads_back_the_same_document() -> None:
    """`dump_state(…, "toml")`: tables, arrays of tables, inline values, quoted keys."""
    import tomllib

    from segment_profiles_sync.state import dump_state

    doc = {
        "version": 1,
        "spaces": {
            SPACE: {
                "prune": False,
                "warehouses": [
                    {
                        "name": "Main WH",
                        "metadata_id": "kwX50Df0hr",
                        "enabled": True,
                        "settings": {
                            "gc-project": "p",
                            "location": "EU",
                            "ratio": 0.5,
                            "tags": ["a", 1, True],
                            "nested": {"deep": {"key with space": "v"}},
                            "password": "${PROFILES_SYNC_PW}",
                        },
                        "selective_sync": {"collections": {"tracks": False}},
                    },
                    {"id": "w2", "metadata_id": SNOWFLAKE},
                ],
            }
        },
    }
    state = DesiredState.unresolved(doc)
    text = dump_state(state, "toml")
    assert text.startswith("# Secrets are not exported.")
    assert tomllib.loads(text) == doc
    with pytest.raises(Exception, match="output_format"):
        dump_state(state, "xml")


# -- refusals before anything is sent ---------------------------------------------------------


def test_refusals_before_anything_is_sent(
    twin: Twin, seeded: ProfilesSyncEmulator, tmp_path: Path
) -> None:
    """Not a plan; a saved plan without its document; a document entry changed since; an
    unresolved document; a replace without permission: each refused, nothing written."""
    with pytest.raises(StateError, match="takes a Plan"):
        twin.run(lambda c: c.apply("plan"))
    twin.run(lambda c: c.plan(state_of(document()))).save(tmp_path / "plan.json")
    saved = load_plan(tmp_path / "plan.json")
    with pytest.raises(StateError, match="pass the document"):
        twin.run(lambda c: c.apply(saved))
    other = DesiredState.from_dict(document(account="other"), environ={"PW": "x"})
    changed = twin.run(lambda c: c.apply(saved, other))
    assert {o.status for o in changed.outcomes} == {"skipped"}
    with pytest.raises(StateError, match="placeholders"):
        twin.run(lambda c: c.plan(DesiredState.unresolved(document())))
    replace = document()
    replace["spaces"][SPACE]["warehouses"][1]["metadata_id"] = "aea3c55dsz"
    replacing = twin.run(lambda c: c.plan(state_of(replace)))
    with pytest.raises(StateError, match="--allow-replace"):
        twin.run(lambda c: c.apply(replacing))
    assert writes(seeded) == []


def test_export_escapes_and_names_placeholders_inside_lists() -> None:
    """Live lists and mappings: a literal `${` is escaped, secrets inside become placeholders."""
    from segment_profiles_sync.state import LiveWarehouse
    from segment_profiles_sync.state._export import export_space

    live = LiveWarehouse(
        "w1", "A", SNOWFLAKE, True, None,
        {"hosts": ["a${b}", {"password": "<redacted>", "port": 1}], "opts": {"x": "${y}"}},
    )  # fmt: skip
    settings = export_space(SPACE, [live], {})["warehouses"][0]["settings"]
    assert settings["hosts"][0] == "a$${b}"
    assert settings["hosts"][1]["password"].startswith("${PROFILES_SYNC_")
    assert settings["hosts"][1]["port"] == 1
    assert settings["opts"] == {"x": "$${y}"}


def test_validate_reports_what_it_cannot_read(tmp_path: Path) -> None:
    """Missing file, bad bytes, a wrong suffix, not a mapping, an unknown type: each a
    located diagnostic (or one without a position), never an exception."""
    [missing] = validate_document(tmp_path / "missing.yaml")
    assert "cannot be read" in missing.message
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"version: 1\n# caf\xe9\n")
    [bytes_problem] = validate_document(latin)
    assert "not UTF-8" in bytes_problem.message
    [suffix] = validate_document(tmp_path / "doc.txt", text="x", kind="txt")
    assert "must end in" in suffix.message
    [top] = validate_document(None, text="- a list\n", kind="yaml")
    assert (top.file, top.severity) == ("<stdin>", "error")
    odd = {"version": 1, "spaces": {SPACE: {"warehouses": [
        "not a mapping",
        {"name": "A", "metadata_id": "unknownType", "settings": {"anything": 1}},
        {"name": "B", "metadata_id": SNOWFLAKE, "settings": "not a mapping"},
    ]}, "other": "not a mapping"}}  # fmt: skip
    found = validate_document(None, text=json.dumps(odd), kind="json")
    assert not [d for d in found if d.severity == "warning"]  # nothing known to compare with
    assert all(d.line is not None for d in found)
    rendered = [d.render() for d in found]
    assert all(r.startswith("<stdin>:") for r in rendered)
    toml = 'version = 1\n[spaces.x]\n[[spaces.x.warehouses]]\nname = "A"\n'
    [no_type] = validate_document(None, text=toml, kind="toml")
    assert no_type.path.endswith("metadata_id")
    assert no_type.line is None or no_type.line >= 1


def test_a_plan_file_that_cannot_be_written_or_read(tmp_path: Path) -> None:
    """OS errors and broken structures are StateErrors naming the file."""
    from segment_profiles_sync.state._plan import PLAN_FILE_KIND, checksum

    with pytest.raises(StateError, match="cannot be written"):
        Plan(()).save(tmp_path / "no-such-dir" / "plan.json")
    with pytest.raises(StateError, match="cannot be read"):
        load_plan(tmp_path / "absent.json")
    body: dict[str, Any] = {"kind": PLAN_FILE_KIND, "format_version": 1, "changes": "x"}
    (tmp_path / "odd.json").write_text(json.dumps({**body, "checksum": checksum(body)}))
    with pytest.raises(StateError, match="is malformed"):
        load_plan(tmp_path / "odd.json")
    bad_action = {**body, "changes": [{"action": "explode"}]}
    (tmp_path / "act.json").write_text(json.dumps({**bad_action, "checksum": checksum(bad_action)}))
    with pytest.raises(StateError, match="is malformed"):
        load_plan(tmp_path / "act.json")
