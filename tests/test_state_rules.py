"""The desired-state layer's pure rules: the document, secrets, matching, diffing, rendering."""

from __future__ import annotations

import asyncio
import builtins
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import (
    AmbiguousStateError,
    InvalidArgumentError,
    PlanStaleError,
    StateError,
)
from segment_profiles_sync._secrecy import reveal
from segment_profiles_sync.state import (
    DesiredState,
    LiveWarehouse,
    Secret,
    dump_state,
    is_masked,
    is_secret_key,
    load_state,
    placeholder_name,
)
from segment_profiles_sync.state._diff import LiveCollection, plan_selective, plan_space
from segment_profiles_sync.state._export import export_space

SPACE = "9aQ1Lj62S4bomZKLF4DPqW"
SECRET = "hunter2-very-secret"


def doc(*warehouses: dict[str, Any], prune: bool = False) -> dict[str, Any]:
    return {"version": 1, "spaces": {SPACE: {"prune": prune, "warehouses": list(warehouses)}}}


def wh(name: str = "Analytics", **extra: Any) -> dict[str, Any]:
    return {"name": name, "metadata_id": "CCIl4HLQPz", **extra}


def live(
    id_: str = "w1",
    name: str | None = "Analytics",
    metadata_id: str = "CCIl4HLQPz",
    **settings: Any,
) -> LiveWarehouse:
    return LiveWarehouse(id_, name, metadata_id, True, None, dict(settings))


def space_of(document: dict[str, Any], environ: dict[str, str] | None = None) -> Any:
    return DesiredState.from_dict(document, environ=environ or {}).spaces[0]


# -- the document ------------------------------------------------------------------------------


def test_every_problem_is_listed_with_its_path() -> None:
    """One StateError lists all problems, each with its path in the document."""
    document = {
        "version": 2,
        "colour": "blue",
        "spaces": {
            SPACE: {
                "prune": "yes",
                "warehouses": [
                    wh(enabled="true", settings={"password": "${MISSING_PW}"}),
                    wh(),
                    {"metadata_id": "x"},
                    wh("B", selective_sync={"collections": {"tracks": "off"}}),
                    wh("C", surprise=1),
                ],
            },
        },
    }
    with pytest.raises(StateError) as info:
        DesiredState.from_dict(document, environ={})
    paths = {p.path: p.message for p in info.value.problems}
    base = f"spaces.{SPACE}"
    assert "must be 1" in paths["version"]
    assert "unknown key" in paths["colour"]
    assert "true or false" in paths[f"{base}.prune"]
    assert "boolean" in paths[f"{base}.warehouses[0].enabled"]
    assert "MISSING_PW" in paths[f"{base}.warehouses[0].settings.password"]
    assert "already used" in paths[f"{base}.warehouses[1]"]
    assert "needs a non-empty name" in paths[f"{base}.warehouses[2]"]
    assert (
        "true, false or a mapping"
        in paths[f"{base}.warehouses[3].selective_sync.collections.tracks"]
    )
    assert "unknown key" in paths[f"{base}.warehouses[4].surprise"]
    assert len(info.value.problems) == 9
    assert str(info.value).startswith("9 problems:")


def test_placeholders_resolve_from_the_environment_and_secrets_are_wrapped() -> None:
    """`${VAR}` is read from `environ`; `$${` is a literal; a value from the environment is a
    `Secret` whatever its key (the author kept it out of the file), a literal is not."""
    state = DesiredState.from_dict(
        doc(wh(settings={"pw_value": "${PW}", "note": "cost $${5}", "url": "a-${HOST}-b"})),
        environ={"PW": SECRET, "HOST": "h"},
    )
    spec = state.spaces[0].warehouses[0]
    assert reveal(spec.settings) == {"pw_value": SECRET, "note": "cost ${5}", "url": "a-h-b"}
    assert isinstance(spec.settings["pw_value"], Secret)
    assert isinstance(spec.settings["url"], Secret)
    assert spec.settings["note"] == "cost ${5}"
    assert state.placeholders == ("PW", "HOST")
    assert SECRET not in json.dumps(state.to_dict())
    assert SECRET not in repr(state) + repr(spec)


def test_settings_name_and_bad_placeholders_are_refused() -> None:
    """The name lives in `name`; a `${` that is no placeholder must be written `$${`."""
    with pytest.raises(StateError) as info:
        DesiredState.from_dict(doc(wh(settings={"name": "x", "a": "${not closed"})), environ={})
    messages = " ".join(str(p) for p in info.value.problems)
    assert "its `name` field" in messages
    assert "$${" in messages


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".toml"])
def test_files_of_each_format_load(tmp_path: Path, suffix: str) -> None:
    """JSON, YAML and TOML documents read the same."""
    path = tmp_path / f"state{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps(doc(wh(settings={"password": "${PW}"}))))
    elif suffix == ".yaml":
        path.write_text(
            f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n"
            "      - name: Analytics\n        metadata_id: CCIl4HLQPz\n"
            "        settings: {password: '${PW}'}\n"
        )
    else:
        path.write_text(
            f"version = 1\n[spaces.{SPACE}]\n[[spaces.{SPACE}.warehouses]]\n"
            'name = "Analytics"\nmetadata_id = "CCIl4HLQPz"\n'
            f'[spaces.{SPACE}.warehouses.settings]\npassword = "${{PW}}"\n'
        )
    state = load_state(path, environ={"PW": SECRET})
    assert reveal(state.spaces[0].warehouses[0].settings) == {"password": SECRET}


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".json", '{"version": 1, "version": 1, "spaces": {}}'),
        (".yaml", "version: 1\nversion: 1\nspaces: {}\n"),
        (".yaml", "version: [1\n"),
        (".txt", "version: 1"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, suffix: str, text: str) -> None:
    """Duplicate keys, syntax errors and unknown suffixes are StateErrors naming the file."""
    path = tmp_path / f"state{suffix}"
    path.write_text(text)
    with pytest.raises(StateError, match=str(path)):
        load_state(path)


def test_yaml_without_pyyaml_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without PyYAML, a .yaml file says which extra to install."""
    real_import = builtins.__import__

    def no_yaml(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "yaml":
            raise ImportError("No module named 'yaml'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_yaml)
    path = tmp_path / "state.yaml"
    path.write_text("version: 1\n")
    with pytest.raises(StateError, match=r"segment-profiles-sync\[yaml\]"):
        load_state(path)


def test_state_errors_pickle() -> None:
    """The state errors travel like the others, problems included."""
    with pytest.raises(StateError) as info:
        DesiredState.from_dict({"version": 1, "spaces": {".": {}}})
    clone = pickle.loads(pickle.dumps(info.value))
    assert clone.problems == info.value.problems
    stale = pickle.loads(pickle.dumps(PlanStaleError(SPACE)))
    assert stale.space_id == SPACE


# -- secrets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("password", True),
        ("db_pwd", True),
        ("Private-Key", True),
        ("client_secret", True),
        ("api_token", True),
        ("credentials", True),
        ("service_account_json", True),
        ("account", False),
        ("credential_id", True),  # errs on the side of hiding (still compared)
        ("ssh_key", True),
        ("sa_key_json", True),
        ("keyfile", True),
        ("certificate", True),
        ("private_key_passphrase", True),
        ("dsn", True),
        ("uri", True),
        ("connection_string", True),
        ("sslRootCert", True),
        ("apiKey", True),
        ("monkey_count", False),
        ("security_group", False),
        ("during", False),
        ("username", False),
    ],
)
def test_secret_key_names(key: str, secret: bool) -> None:
    """The documented list of secret-looking names."""
    assert is_secret_key(key) is secret


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("<redacted>", True),
        ("••••••••", True),
        ("abc•••", True),
        ({"ciphertext": "x", "encrypted": True}, True),
        ({"encrypted": True}, True),
        ("plain", False),
        (5, False),
        ({"a": 1}, False),
    ],
)
def test_masked_live_values(value: Any, masked: bool) -> None:
    """Every form in which the API hides a secret is recognised."""
    assert is_masked(value) is masked


# -- matching and diffing ----------------------------------------------------------------------


def test_unchanged_warehouse_with_masked_secrets_has_no_diff() -> None:
    """Masked, omitted and ciphertext secrets never diff: no endless changes."""
    space = space_of(
        doc(
            wh(
                settings={
                    "account": "a",
                    "password": SECRET,
                    "private_key": SECRET,
                    "token_like": "${T}",
                    "blob": "x",
                }
            )
        ),
        {"T": "t"},
    )
    current = live(account="a", password="<redacted>", blob={"ciphertext": "zz"}, region="us")
    result = plan_space(space, [current], rotate_secrets=False)
    assert result.changes == []
    rotated = plan_space(space, [current], rotate_secrets=True)
    [change] = rotated.changes
    assert change.action == "update"
    assert {d.path for d in change.diff} == {
        "settings.password",
        "settings.private_key",
        "settings.token_like",
        "settings.blob",
    }
    assert all(d.secret and d.before is None and d.after is None for d in change.diff)
    assert "settings.password: (secret)" in change.diff[0].render()


def test_only_listed_settings_are_compared() -> None:
    """Server-added keys are ignored; a listed key that differs or is missing is a change."""
    space = space_of(doc(wh(enabled=False, settings={"account": "new", "warehouse": "W"})))
    result = plan_space(space, [live(account="old", server_added=1)], rotate_secrets=False)
    [change] = result.changes
    assert [(d.path, d.before, d.after) for d in change.diff] == [
        ("enabled", True, False),
        ("settings.account", "old", "new"),
        ("settings.warehouse", None, "W"),
    ]


def test_match_by_id_and_404() -> None:
    """An `id` adopts that warehouse (renaming it); an unknown id is a problem."""
    space = space_of(doc({"id": "w2", "name": "New name", "metadata_id": "CCIl4HLQPz"}))
    [change] = plan_space(space, [live("w2", "Old name")], rotate_secrets=False).changes
    assert (change.warehouse_id, change.diff[0].path) == ("w2", "name")
    result = plan_space(space, [live("w9")], rotate_secrets=False)
    assert "no warehouse w2" in result.problems[0].message
    assert "(404)" in result.problems[0].message


def test_two_live_warehouses_with_one_name_are_never_guessed() -> None:
    """Ambiguity names both ids and marks the plan ambiguous."""
    space = space_of(doc(wh()))
    result = plan_space(space, [live("a1"), live("b2")], rotate_secrets=False)
    assert result.ambiguous
    assert "a1, b2" in result.problems[0].message


def test_unmanaged_kept_unless_prune() -> None:
    """Unlisted live warehouses are reported; with prune they are removed, last."""
    listed = live("w1", account="x")
    other = live("w2", "Other")
    kept = plan_space(space_of(doc(wh())), [listed, other], rotate_secrets=False)
    assert [u.warehouse_id for u in kept.unmanaged] == ["w2"]
    pruned = plan_space(space_of(doc(wh("New"), prune=True)), [other], rotate_secrets=False)
    assert [c.action for c in pruned.changes] == ["create", "remove"]


def test_new_metadata_id_is_a_replace_before_creates() -> None:
    """metadata_id cannot be updated: remove then create, and replaces run first."""
    space = space_of(doc(wh("Brand new"), wh(metadata_id="aea3c55dsz")))
    result = plan_space(space, [live("w1")], rotate_secrets=False)
    assert [c.action for c in result.changes] == ["replace", "create"]
    assert result.changes[0].diff[0] == ("metadata_id", "CCIl4HLQPz", "aea3c55dsz", False)


def _collections() -> list[LiveCollection]:
    return [
        LiveCollection("tracks", True, {}),
        LiveCollection("identifies", True, {"context_ip": True, "email": {"enabled": False}}),
        LiveCollection("odd", True, {"weird": "maybe"}),
    ]


def test_selective_sync_sends_exactly_what_differs() -> None:
    """Only differing collections and properties become overrides; both live shapes read."""
    spec = space_of(
        doc(
            wh(
                selective_sync={
                    "collections": {
                        "tracks": False,
                        "identifies": {"properties": {"context_ip": False, "email": False}},
                    }
                }
            )
        )
    ).warehouses[0]
    change, problems = plan_selective(SPACE, spec, "w1", _collections(), True)
    assert problems == []
    assert change is not None
    assert change.overrides == (("tracks", None, False), ("identifies", "context_ip", False))
    assert change.enable_event_tables is None


def test_selective_sync_problems_have_paths() -> None:
    """Unknown collections and properties, shapes we cannot read, and overrides with event
    tables off are problems, each with its path."""
    spec = space_of(
        doc(
            wh(
                selective_sync={
                    "enable_event_tables": False,
                    "collections": {
                        "nope": False,
                        "identifies": {"properties": {"nothing": False}},
                        "odd": {"properties": {"weird": False}},
                        "tracks": False,
                    },
                }
            )
        )
    ).warehouses[0]
    change, problems = plan_selective(SPACE, spec, "w1", _collections(), True)
    assert change is None
    base = f"spaces.{SPACE}.warehouses[0].selective_sync"
    assert [p.path for p in problems] == [
        f"{base}.collections.nope",
        f"{base}.collections.identifies.properties.nothing",
        f"{base}.collections.odd.properties.weird",
        f"{base}.enable_event_tables",
    ]
    assert "not comparable" in problems[2].message


# -- what a plan shows -------------------------------------------------------------------------


def test_secrets_never_rendered_or_serialized() -> None:
    """render(), to_dict() and repr() show `(secret)`, never the value."""
    from segment_profiles_sync.state import Plan

    space = space_of(doc(wh(settings={"password": "${PW}", "account": "a"})), {"PW": SECRET})
    changes = plan_space(space, [], rotate_secrets=False).changes
    plan = Plan(tuple(changes))
    shown = plan.render() + json.dumps(plan.to_dict()) + repr(plan) + repr(changes)
    assert SECRET not in shown
    assert "settings.password: (secret)" in plan.render()
    assert plan.to_dict()["summary"]["create"] == 1


def test_export_writes_placeholders_and_only_departures() -> None:
    """Secrets become `${…}`; only off collections and properties are written."""
    warehouses = [
        live("w1", "Analytics", account="a", password="<redacted>", note="${literal"),
        live("w2", None, account="b"),
        live("w3", "Dup"),
        live("w4", "Dup"),
    ]
    selective = {"w1": (_collections(), True), "w2": ([LiveCollection("t", False, {})], None)}
    entry = export_space(SPACE, warehouses, selective)
    first, second, third, fourth = entry["warehouses"]
    name = placeholder_name(SPACE, "Analytics", "password")
    assert name == "PROFILES_SYNC_9AQ1LJ62S4BOMZKLF4DPQW_ANALYTICS_PASSWORD"
    assert first["settings"] == {
        "account": "a",
        "password": "${" + name + "}",
        "note": "$${literal",
    }
    assert first["selective_sync"] == {
        "enable_event_tables": True,
        "collections": {"identifies": {"properties": {"email": False}}},
    }
    assert second["id"] == "w2"
    assert second["selective_sync"] == {"collections": {"t": False}}
    assert (third.get("name"), third["id"], fourth["id"]) == (None, "w3", "w4")
    state = DesiredState.unresolved({"version": 1, "spaces": {SPACE: entry}})
    assert state.placeholders == (name,)
    assert not state.resolved
    text = dump_state(state)
    assert text.startswith("# yaml-language-server: $schema=")
    assert "\n# Secrets are not exported." in text
    assert f"#   {name}\n" in text
    reread = DesiredState.from_dict(json.loads(dump_state(state, "json")), environ={name: "x"})
    assert reread.spaces[0].warehouses[0].settings["note"] == "${literal"


def test_ambiguous_error_is_a_state_error() -> None:
    """AmbiguousStateError is caught by `except StateError`."""
    assert issubclass(AmbiguousStateError, StateError)
    assert issubclass(PlanStaleError, StateError)


async def test_for_each_async_keeps_order_bounds_concurrency_and_stops_on_error() -> None:
    """Results come back in item order; at most `concurrency` run at once; an error cancels."""

    from segment_profiles_sync import InvalidArgumentError
    from segment_profiles_sync.state._pool import for_each, for_each_async

    running = peak = 0

    async def work(n: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001 * (n % 3))
        running -= 1
        if n == 99:
            raise ValueError("boom")
        return n * 2

    assert await for_each_async(list(range(20)), work, 4) == [n * 2 for n in range(20)]
    assert peak == 4
    with pytest.raises(ValueError, match="boom"):
        await for_each_async([1, 99, 2], work, 2)
    assert for_each([1, 2], lambda n: n + 1, 1) == [2, 3]
    with pytest.raises(InvalidArgumentError):
        for_each([1], lambda n: n, 0)


BAD_DOCUMENTS: list[tuple[Any, str, str]] = [
    ([], "", "must be a mapping"),
    ({"version": 1}, "spaces", "is required"),
    ({"spaces": {}}, "version", "is required"),
    ({"version": True, "spaces": {}}, "version", "must be 1"),
    ({"version": 1, "spaces": []}, "spaces", "must be a mapping"),
    ({"version": 1, "spaces": {"a/b": {}}}, "spaces.a/b", "not a usable id"),
    ({"version": 1, "spaces": {SPACE: []}}, f"spaces.{SPACE}", "must be a mapping"),
    (doc(), f"spaces.{SPACE}.warehouses", ""),  # placeholder, replaced below
    ({"version": 1, "spaces": {SPACE: {"warehouses": {}}}}, f"spaces.{SPACE}.warehouses",
     "must be a list"),
    (doc("x"), f"spaces.{SPACE}.warehouses[0]", "must be a mapping"),  # type: ignore[arg-type]
    (doc({"id": 5, "metadata_id": "m"}), f"spaces.{SPACE}.warehouses[0].id", "must be a string"),
    (doc(wh(metadata_id=" ")), f"spaces.{SPACE}.warehouses[0].metadata_id", "non-empty string"),
    (doc(wh(name=" ")), f"spaces.{SPACE}.warehouses[0].name", "must not be empty"),
    (doc(wh(schema_name=3)), f"spaces.{SPACE}.warehouses[0].schema_name", "must be a string"),
    (doc(wh(settings=[])), f"spaces.{SPACE}.warehouses[0].settings", "must be a mapping"),
    (doc(wh(settings={1: "x"})), f"spaces.{SPACE}.warehouses[0].settings.1", "keys must be"),
    (doc(wh(settings={"a": {"b": float("inf")}})),
     f"spaces.{SPACE}.warehouses[0].settings.a.b", "finite"),
    (doc(wh(settings={"a": {2: 1}})), f"spaces.{SPACE}.warehouses[0].settings.a.2", "keys must"),
    (doc(wh(settings={"a": [object()]})),
     f"spaces.{SPACE}.warehouses[0].settings.a[0]", "JSON value"),
    (doc(wh(selective_sync=[])), f"spaces.{SPACE}.warehouses[0].selective_sync", "mapping"),
    (doc(wh(selective_sync={"collections": []})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections", "must be a mapping"),
    (doc(wh(selective_sync={"collections": {"": False}})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections.", "non-empty"),
    (doc(wh(selective_sync={"collections": {"t": {"colour": 1}}})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections.t.colour", "unknown key"),
    (doc(wh(selective_sync={"collections": {"t": {"properties": []}}})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections.t.properties", "mapping"),
    (doc(wh(selective_sync={"collections": {"t": {"properties": {"p": "no"}}}})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections.t.properties.p", "true or false"),
    (doc(wh(selective_sync={"collections": {"t": {"properties": {"": True}}}})),
     f"spaces.{SPACE}.warehouses[0].selective_sync.collections.t.properties", "non-empty"),
    (doc({"id": "w1", "metadata_id": "m"}, {"id": "w1", "metadata_id": "m"}),
     f"spaces.{SPACE}.warehouses[1]", "the id 'w1' is already used"),
]  # fmt: skip
BAD_DOCUMENTS[7] = (
    {"version": 1, "spaces": {SPACE: {"prune": 1}}},
    f"spaces.{SPACE}.prune",
    "true or false",
)


@pytest.mark.parametrize(("document", "path", "message"), BAD_DOCUMENTS)
def test_each_kind_of_problem_has_its_path(document: Any, path: str, message: str) -> None:
    """Every check of the document reports the path of what it refused."""
    with pytest.raises(StateError) as info:
        DesiredState.from_dict(document, environ={})
    assert any(p.path == path and message in p.message for p in info.value.problems), (
        info.value.problems
    )


def test_deeply_nested_settings_are_refused() -> None:
    """Settings nested past 32 levels are a problem, not a recursion error."""
    value: Any = "leaf"
    for _ in range(40):
        value = {"x": value}
    with pytest.raises(StateError, match="nested too deeply"):
        DesiredState.from_dict(doc(wh(settings={"deep": value})), environ={})


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    """A missing file and a bad TOML file are StateErrors; dump_state checks its format."""

    with pytest.raises(StateError, match="cannot be read"):
        load_state(tmp_path / "missing.json")
    bad = tmp_path / "state.toml"
    bad.write_text("version = [")
    with pytest.raises(StateError, match="not valid toml"):
        load_state(bad)
    state = DesiredState.from_dict(doc(wh()), environ={})
    with pytest.raises(InvalidArgumentError, match="yaml"):
        dump_state(state, "xml")
    assert repr(state) == "DesiredState(1 spaces, 1 warehouses)"
    assert state.to_dict() == doc(wh())


def test_export_escapes_placeholder_text_inside_structures() -> None:
    """A literal `${` inside a list or an object of a setting is written as `$${`."""
    live = LiveWarehouse("w1", "A", "m", True, None, {"hosts": ["${x}"], "opts": {"k": "${y}"}})
    entry = export_space("s", [live], {})
    assert entry["warehouses"][0]["settings"] == {"hosts": ["$${x}"], "opts": {"k": "$${y}"}}
