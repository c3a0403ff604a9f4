"""Desired state under attack: overlapping applies, secrets at every depth, drift that a
placeholder used to hide, masked values, hostile documents. Over real HTTP where the API is
involved, sync and async where both exist."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import (
    AmbiguousStateError,
    AsyncProfilesSync,
    InvalidArgumentError,
    ProfilesSync,
    StateError,
)
from segment_profiles_sync.cli import main
from segment_profiles_sync.state import (
    DesiredState,
    LiveWarehouse,
    Progress,
    dump_state,
    load_state,
)
from segment_profiles_sync.state._diff import plan_space
from segment_profiles_sync.state._export import export_space, name_placeholders, space_entry
from segment_profiles_sync.testing import EmulatedResponse, ProfilesSyncEmulator

from tests.conftest import SPACE

SNOWFLAKE = "CCIl4HLQPz"
BIGQUERY = "gs4Kx1v7yH"


def document(*warehouses: dict[str, Any], space: str = SPACE) -> dict[str, Any]:
    return {"version": 1, "spaces": {space: {"warehouses": list(warehouses)}}}


def entry(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "metadata_id": SNOWFLAKE, "settings": {"account": "acme"}, **extra}


def after_post(emulator: ProfilesSyncEmulator, hook: Callable[[], object]) -> None:
    """Run `hook` (another run's write) right after the emulator answers the next POST."""
    original = emulator.handle
    fired: list[bool] = []

    def handle(method: str, target: str, headers: Any, body: bytes) -> EmulatedResponse:
        response = original(method, target, headers, body)
        if method.upper() == "POST" and not fired:
            fired.append(True)
            hook()
        return response

    emulator.handle = handle  # type: ignore[method-assign]


def named(emulator: ProfilesSyncEmulator, name: str, space: str = SPACE) -> list[str]:
    return [w["id"] for w in emulator.warehouses(space) if w["settings"].get("name") == name]


# -- 1. two applies at once ---------------------------------------------------------------------


def test_a_name_taken_since_the_plan_is_not_created_again(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """Each create lists the space first: a name another run created meanwhile is refused."""
    plan = client.plan(DesiredState.from_dict(document(entry("A"), entry("B"))))
    after_post(emulator, lambda: emulator.add_warehouse(SPACE, name="B"))
    result = client.apply(plan)
    assert [o.status for o in result.outcomes] == ["applied", "failed"]
    assert "appeared" in str(result.outcomes[1].error)
    assert not result.ok
    assert len(named(emulator, "B")) == 1


async def test_async_a_name_taken_since_the_plan_is_not_created_again(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin."""
    plan = await aclient.plan(DesiredState.from_dict(document(entry("A"), entry("B"))))
    after_post(emulator, lambda: emulator.add_warehouse(SPACE, name="B"))
    result = await aclient.apply(plan)
    assert [o.status for o in result.outcomes] == ["applied", "failed"]
    assert len(named(emulator, "B")) == 1


def test_a_concurrent_create_fails_the_change(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """After a space's creates it is listed again: a second warehouse with a managed name
    that this run did not create fails the change (not `applied`), and its selective sync
    is not set."""
    state = DesiredState.from_dict(
        document(entry("A", selective_sync={"collections": {"tracks": False}}))
    )
    plan = client.plan(state)
    other: list[str] = []
    after_post(emulator, lambda: other.append(emulator.add_warehouse(SPACE, name="A")["id"]))
    result = client.apply(plan)
    assert [o.status for o in result.outcomes] == ["failed", "skipped"]
    error = result.outcomes[0].error
    assert isinstance(error, AmbiguousStateError)
    assert other[0] in str(error)
    assert result.outcomes[0].warehouse_id in named(emulator, "A")
    with pytest.raises(AmbiguousStateError):
        client.plan(state)


async def test_async_a_concurrent_create_fails_the_change(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin."""
    plan = await aclient.plan(DesiredState.from_dict(document(entry("A"))))
    after_post(emulator, lambda: emulator.add_warehouse(SPACE, name="A"))
    result = await aclient.apply(plan)
    assert [o.status for o in result.outcomes] == ["failed"]
    assert isinstance(result.outcomes[0].error, AmbiguousStateError)


def test_a_create_that_cannot_be_checked_afterwards_is_not_a_success(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The listing after the creates fails (the space cannot be read again): the create is
    not reported as a success, since nothing checked that another run did not create it too."""
    plan = client.plan(DesiredState.from_dict(document(entry("A"))))
    after_post(emulator, lambda: emulator.fail_next(503, method="GET", times=10))
    result = client.apply(plan)
    [outcome] = result.outcomes
    assert outcome.status == "failed"
    assert outcome.warehouse_id in named(emulator, "A")
    assert outcome.note is not None
    assert "could not be listed again" in outcome.note
    assert not result.ok


async def test_async_a_create_that_cannot_be_checked_afterwards_is_not_a_success(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin."""
    plan = await aclient.plan(DesiredState.from_dict(document(entry("A"))))
    after_post(emulator, lambda: emulator.fail_next(503, method="GET", times=10))
    result = await aclient.apply(plan)
    assert [o.status for o in result.outcomes] == ["failed"]


@pytest.mark.slow
def test_overlapping_applies_never_both_succeed_with_a_duplicate() -> None:
    """Two runs of one document started together (threads, real time, real HTTP): whatever
    the interleaving, a duplicated name means at least one run reports failure."""
    emulator = ProfilesSyncEmulator(token="t")
    with emulator.serve() as server:
        for _ in range(6):
            space = emulator.add_space()
            state = DesiredState.from_dict(document(entry("A"), entry("B"), space=space))
            barrier = threading.Barrier(2)
            oks: list[bool] = []

            def run(
                state: DesiredState = state,
                barrier: threading.Barrier = barrier,
                oks: list[bool] = oks,
            ) -> None:
                with ProfilesSync("t", base_url=server.base_url) as ps:
                    plan = ps.plan(state)
                    barrier.wait()
                    oks.append(ps.apply(plan).ok)

            threads = [threading.Thread(target=run) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            duplicated = any(len(named(emulator, n, space)) > 1 for n in ("A", "B"))
            assert not (duplicated and all(oks)), (oks, emulator.warehouses(space))


# -- 2-5. secrets at every depth ------------------------------------------------------------------

# Every value here must never be printed, logged, exported or pickled.
SECRETS = {
    "password": "sv-listed-depth1",
    "ssh_key": "sv-ssh-depth1",
    "sa_key_json": "sv-sakey-depth1",
    "keyfile": "sv-keyfile-depth1",
    "certificate": "sv-cert-depth1",
    "private_key_passphrase": "sv-passphrase-depth1",
    "dsn": "sv-dsn-depth1",
    "uri": "sv-uri-depth1",
    "connection_string": "Server=db;Password=sv-connstr-depth1",
    "tunnel_url": "postgres://loader:sv-url-depth1@db.example.com/app",
    "login": {"user": "loader", "password": "sv-listed-depth2", "ssh": {"key": "sv-ssh-depth3"}},
    "pool": [{"name": "primary", "credential": "sv-list-depth3"}],
}
SECRET_VALUES = [
    "sv-listed-depth1",
    "sv-ssh-depth1",
    "sv-sakey-depth1",
    "sv-keyfile-depth1",
    "sv-cert-depth1",
    "sv-passphrase-depth1",
    "sv-dsn-depth1",
    "sv-uri-depth1",
    "sv-connstr-depth1",
    "sv-url-depth1",
    "sv-listed-depth2",
    "sv-ssh-depth3",
    "sv-list-depth3",
]


def leaked(text: str | bytes) -> list[str]:
    if isinstance(text, bytes):
        return [v for v in SECRET_VALUES if v.encode() in text]
    return [v for v in SECRET_VALUES if v in text]


def secret_document(**overrides: Any) -> dict[str, Any]:
    settings = {"account": "acme", **json.loads(json.dumps(SECRETS)), **overrides}
    return document(
        {"name": "Deep", "metadata_id": SNOWFLAKE, "settings": settings},
        {"name": "Old", "metadata_id": BIGQUERY, "settings": settings},
    )


def test_secrets_at_every_depth_appear_nowhere(
    client: ProfilesSync,
    emulator: ProfilesSyncEmulator,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """Listed, unlisted-but-covered and look-alike secrets at depths 1-3: never in a plan
    (render, dict, repr), a result, a DEBUG log, an export, a pickle or an `asdict`."""
    emulator.add_warehouse(SPACE, name="Old", settings={"account": "acme", **SECRETS})
    emulator.add_warehouse(SPACE, name="Unlisted", settings={"account": "x", **SECRETS})
    state = DesiredState.from_dict(secret_document())
    with caplog.at_level(logging.DEBUG):
        plan = client.plan(state)
        result = client.apply(plan, allow_replace=True)
        exported = client.export([SPACE])
    assert result.ok, result.render()
    [deep] = named(emulator, "Deep")
    assert emulator.stored_settings(SPACE, deep)["login"]["ssh"]["key"] == "sv-ssh-depth3"
    outputs: list[str | bytes] = [
        plan.render(),
        json.dumps(plan.to_dict()),
        repr(plan),
        repr(plan.changes),
        result.render(),
        json.dumps(result.to_dict()),
        repr(result),
        caplog.text,
        dump_state(exported, "json"),
        repr(state),
        repr(dataclasses.asdict(state)),
        repr(dataclasses.asdict(plan)),
        repr(dataclasses.asdict(result)),
        pickle.dumps(state),
        pickle.dumps(plan),
        pickle.dumps(result),
        pickle.dumps(dataclasses.asdict(plan)),
    ]
    for output in outputs:
        assert leaked(output) == [], output
    text = dump_state(exported, "json")
    assert "<redacted>" not in text
    assert "PROFILES_SYNC_" in text


def test_secrets_appear_in_no_command_line_output(
    emulator: ProfilesSyncEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """plan, apply, export and `warehouses list` in every format, at -v."""
    emulator.add_warehouse(SPACE, name="Unlisted", settings={"account": "x", **SECRETS})
    path = tmp_path / "state.json"
    path.write_text(json.dumps(secret_document()))
    with emulator.serve() as server:
        monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
        monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", emulator.token)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        runs = []
        for output in ("json", "table", "jsonl"):
            runs.append(["-v", "--output", output, "plan", "-f", str(path)])
            runs.append(["-v", "--output", output, "warehouses", "list", "--space", SPACE])
            runs.append(["-v", "--output", output, "export", "--space", SPACE])
        runs.append(["-v", "apply", "-f", str(path), "--auto-approve"])
        runs.append(["-v", "--output", "table", "plan", "-f", str(path)])
        runs.append(["-v", "--output", "table", "warehouses", "list", "--space", SPACE])
        for argv in runs:
            logging.getLogger("segment_profiles_sync").handlers.clear()
            assert main(argv) == 0, argv
            captured = capsys.readouterr()
            assert leaked(captured.out + captured.err) == [], (argv, captured)
    logging.getLogger("segment_profiles_sync").handlers.clear()
    logging.getLogger("segment_profiles_sync").setLevel(logging.NOTSET)


def test_unpickled_plan_is_refused_before_anything_is_sent(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A plan passed through pickle kept no secret: apply refuses it, nothing is written."""
    plan = client.plan(DesiredState.from_dict(secret_document()))
    copy = pickle.loads(pickle.dumps(plan))
    sent = len(emulator.requests)
    with pytest.raises(StateError, match="pickle"):
        client.apply(copy)
    assert len(emulator.requests) == sent


# -- 3. a setting from the environment is compared --------------------------------------------


def test_a_setting_from_the_environment_is_compared(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """`account: ${ACCOUNT}` drifts like any value, and is shown as a secret (it came from
    the environment); a masked password is counted, not claimed to match."""
    emulator.add_warehouse(SPACE, name="A", settings={"account": "old-acct", "password": "x"})
    doc = document(
        {
            "name": "A",
            "metadata_id": SNOWFLAKE,
            "settings": {"account": "${ACCOUNT}", "password": "${PW}"},
        }
    )
    plan = client.plan(DesiredState.from_dict(doc, environ={"ACCOUNT": "new-acct", "PW": "y"}))
    [change] = plan.changes
    assert [tuple(d) for d in change.diff] == [("settings.account", None, None, True)]
    assert "new-acct" not in plan.render() + json.dumps(plan.to_dict())
    assert plan.not_compared == 1
    assert "1 secret value not compared" in plan.render()
    same = client.plan(DesiredState.from_dict(doc, environ={"ACCOUNT": "old-acct", "PW": "y"}))
    assert same.changes == ()
    assert "matches the document" not in same.render()
    assert "1 secret value not compared" in same.render()
    assert same.to_dict()["not_compared"] == 1


def test_a_secret_shown_in_clear_by_the_api_is_compared_not_shown() -> None:
    """A secret-named value the API returns unmasked is compared, shown as `(secret)`."""
    state = DesiredState.from_dict(
        document({"name": "A", "metadata_id": SNOWFLAKE, "settings": {"ssh_key": "new-k"}})
    )
    live = LiveWarehouse("w1", "A", SNOWFLAKE, True, None, {"ssh_key": "old-k"})
    [change] = plan_space(state.spaces[0], [live], rotate_secrets=False).changes
    assert [tuple(d) for d in change.diff] == [("settings.ssh_key", None, None, True)]
    assert change.diff[0].render() == "settings.ssh_key: (secret)"
    equal = LiveWarehouse("w1", "A", SNOWFLAKE, True, None, {"ssh_key": "new-k"})
    result = plan_space(state.spaces[0], [equal], rotate_secrets=False)
    assert (result.changes, result.not_compared) == ([], 0)


# -- 5. masked values ---------------------------------------------------------------------------


def test_a_nested_masked_secret_converges_and_exports_a_placeholder(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """`login.password` comes back masked: the plan after apply is empty (one value not
    compared), the export writes a placeholder at that depth, never the mask."""
    doc = document(
        {
            "name": "A",
            "metadata_id": SNOWFLAKE,
            "settings": {"account": "acme", "login": {"user": "u", "password": "${PW}"}},
        }
    )
    state = DesiredState.from_dict(doc, environ={"PW": "nested-pw"})
    assert client.apply(client.plan(state)).ok
    [wid] = named(emulator, "A")
    assert emulator.warehouses(SPACE)[0]["settings"]["login"]["password"] == "<redacted>"
    again = client.plan(state)
    assert (again.changes, again.not_compared) == ((), 1)
    exported = dump_state(client.export([SPACE]), "json")
    settings = json.loads(exported)["spaces"][SPACE]["warehouses"][0]["settings"]
    assert settings["login"] == {
        "user": "u",
        "password": "${PROFILES_SYNC_" + f"{SPACE.upper()}_A_LOGIN_PASSWORD" + "}",
    }
    assert emulator.stored_settings(SPACE, wid)["login"]["password"] == "nested-pw"


@pytest.mark.parametrize("mask", ["<redacted>", "••••••", {"ciphertext": "abc"}])
def test_a_mask_is_never_sent(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, mask: Any
) -> None:
    """The client refuses a settings value that is itself a mask (nothing is sent), and a
    document holding one is refused when it is read."""
    sent = len(emulator.requests)
    with pytest.raises(InvalidArgumentError, match="mask"):
        client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={"login": {"key": mask}})
    assert len(emulator.requests) == sent
    if isinstance(mask, str):
        with pytest.raises(StateError, match="mask"):
            DesiredState.from_dict(
                document({"name": "A", "metadata_id": SNOWFLAKE, "settings": {"pw": mask}})
            )


# -- 6. placeholder names -------------------------------------------------------------------------

TWINS = ["Analytics", "analytics", "Main WH", "Main  WH", "Main-WH", "Склад", "倉庫", "Lager"]


def _live(name: str, index: int) -> LiveWarehouse:
    return LiveWarehouse(
        f"w{index}",
        name,
        SNOWFLAKE,
        True,
        None,
        {"password": "<redacted>", "Password": "<redacted>"},
    )


def test_placeholder_names_are_unique_and_stable() -> None:
    """Names differing only by case, spacing, punctuation or script get distinct variables,
    and the same ones every time; a name that folds cleanly keeps the plain form."""
    live = [_live(n, i) for i, n in enumerate(TWINS)]
    first = export_space(SPACE, live, {})
    again = export_space(SPACE, list(reversed(live)), {})
    names = [v for w in first["warehouses"] for v in w["settings"].values()]
    assert len(names) == len(set(names)) == 2 * len(TWINS)
    assert sorted(names) == sorted(v for w in again["warehouses"] for v in w["settings"].values())
    lager = next(w for w in first["warehouses"] if w["name"] == "Lager")["settings"]
    assert "${PROFILES_SYNC_" + SPACE.upper() + "_LAGER_PASSWORD_" in lager["password"]
    assert all(n.startswith("${PROFILES_SYNC_") and n.isascii() for n in names)
    lonely = export_space(SPACE, [_live("Lager", 0)], {})["warehouses"][0]["settings"]
    assert lonely["password"] != lonely["Password"]


def test_placeholder_names_are_unique_across_spaces() -> None:
    """Space ids that differ only by case do not share a variable."""
    live = [LiveWarehouse("w", "A", SNOWFLAKE, True, None, {"password": "<redacted>"})]
    spaces = name_placeholders({"abcSpace": space_entry("abcSpace", live, {}),
                                "ABCSPACE": space_entry("ABCSPACE", live, {})})  # fmt: skip
    values = {s: d["warehouses"][0]["settings"]["password"] for s, d in spaces.items()}
    assert values["abcSpace"] != values["ABCSPACE"]


# -- 7, 10, 11. hostile and broken files ------------------------------------------------------


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_yaml_alias_expansion_is_bounded(tmp_path: Path) -> None:
    """A "billion laughs" document is refused at once, with a clear StateError."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb = (
        "version: 1\nspaces:\n  " + SPACE + ":\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        settings:\n"
        + "".join(f"          {line}\n" for line in lines)
    )
    path = write(tmp_path, "bomb.yaml", bomb)
    assert len(bomb) < 1000
    started = time.perf_counter()
    with pytest.raises(StateError, match="aliases"):
        load_state(path)
    assert time.perf_counter() - started < 5  # not a timing goal: a guard against hanging


def test_yaml_merge_keys_and_small_aliases_work(tmp_path: Path) -> None:
    """`<<: *base` merges (the entry's own keys win); ordinary aliases still load."""
    good = (
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n"
        "      - &a\n        name: A\n        metadata_id: CCIl4HLQPz\n"
        "        settings: &s {account: acme, warehouse: W}\n"
        "      - <<: *a\n        name: B\n        settings: {<<: *s, warehouse: Other}\n"
    )
    state = load_state(write(tmp_path, "good.yaml", good))
    a, b = state.spaces[0].warehouses
    assert (a.name, b.name, b.metadata_id) == ("A", "B", SNOWFLAKE)
    assert dict(b.settings) == {"account": "acme", "warehouse": "Other"}


def test_yaml_errors_name_line_and_column_not_the_text(tmp_path: Path) -> None:
    """A syntax error under settings points at the place without quoting the secret."""
    text = (
        f"version: 1\nspaces:\n  {SPACE}:\n    warehouses:\n      - name: A\n"
        "        metadata_id: CCIl4HLQPz\n        settings:\n"
        '          password: "sv-listed-depth1\n          other: [unclosed\n'
    )
    with pytest.raises(StateError) as info:
        load_state(write(tmp_path, "broken.yaml", text))
    message = str(info.value)
    assert leaked(message) == []
    assert "line" in message
    assert "column" in message


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (".json", json.dumps(document(entry("A")))),
        (".toml", f'version = 1\n[[spaces.{SPACE}.warehouses]]\nname = "A"\nmetadata_id = "m"\n'),
        (
            ".yaml",
            f"version: 1\nspaces:\n  {SPACE}:\n    warehouses: [{{name: A, metadata_id: m}}]\n",
        ),
    ],
)
def test_a_byte_order_mark_is_accepted(tmp_path: Path, suffix: str, text: str) -> None:
    """Editors on Windows write a UTF-8 BOM; every format reads it."""
    path = write(tmp_path, f"bom{suffix}", b"\xef\xbb\xbf" + text.encode())
    assert load_state(path).spaces[0].warehouses[0].name == "A"


def test_bad_bytes_are_a_state_error(tmp_path: Path) -> None:
    """Not UTF-8: a StateError naming the byte, line and column, no traceback."""
    path = write(tmp_path, "latin.yaml", b"version: 1\nspaces: {}\n# caf\xe9\n")
    with pytest.raises(StateError, match=r"not UTF-8 text \(byte 27, line 3, column 6\)"):
        load_state(path)


# -- 8. a replace whose create fails --------------------------------------------------------------


def replace_fails(emulator: ProfilesSyncEmulator) -> tuple[DesiredState, str]:
    old = emulator.add_warehouse(SPACE, name="A")["id"]
    emulator.fail_next(422, method="POST")
    return DesiredState.from_dict(document(entry("A", metadata_id=BIGQUERY))), old


def test_a_failed_replace_says_the_space_has_no_such_warehouse(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The old warehouse is gone and the new one was not created: the outcome says so."""
    state, old = replace_fails(emulator)
    emulator.clear_faults()
    plan = client.plan(state)
    emulator.fail_next(422, method="POST")
    result = client.apply(plan, allow_replace=True)
    [outcome] = result.outcomes
    assert outcome.status == "failed"
    assert outcome.note == (
        f"removed {old}; creating A failed: the space now has no warehouse named A; "
        "apply again to create it"
    )
    assert outcome.note in result.render()
    assert result.to_dict()["outcomes"][0]["note"] == outcome.note
    assert named(emulator, "A") == []


async def test_async_a_failed_replace_says_the_space_has_no_such_warehouse(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin."""
    state, old = replace_fails(emulator)
    emulator.clear_faults()
    plan = await aclient.plan(state)
    emulator.fail_next(422, method="POST")
    [outcome] = (await aclient.apply(plan, allow_replace=True)).outcomes
    assert outcome.note is not None
    assert old in outcome.note


def test_a_failed_replace_is_explained_by_the_command_line(
    emulator: ProfilesSyncEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """`apply` prints the note under the failed change and exits 1."""
    old = emulator.add_warehouse(SPACE, name="A")["id"]
    path = write(tmp_path, "s.json", json.dumps(document(entry("A", metadata_id=BIGQUERY))))
    with emulator.serve() as server:
        monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
        monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", emulator.token)
        emulator.fail_next(422, method="POST")
        argv = ["--output", "table", "apply", "-f", str(path), "--auto-approve", "--allow-replace"]
        assert main(argv) == 1
    out = capsys.readouterr().out
    assert f"removed {old}; creating A failed: the space now has no warehouse named A" in out


# -- 9, 12, 14. document rules ---------------------------------------------------------------


def test_an_empty_name_is_refused_unless_an_id_is_given() -> None:
    """`name:` with nothing after it would adopt any unnamed warehouse."""
    with pytest.raises(StateError) as info:
        DesiredState.from_dict(document({"name": None, "metadata_id": SNOWFLAKE}))
    [problem] = info.value.problems
    assert problem.path == f"spaces.{SPACE}.warehouses[0].name"
    assert "non-empty name" in problem.message
    by_id = DesiredState.from_dict(document({"name": None, "id": "w1", "metadata_id": "m"}))
    assert by_id.spaces[0].warehouses[0].id == "w1"


@pytest.mark.parametrize("field", ["name", "schema_name"])
def test_placeholders_outside_settings_are_refused(field: str) -> None:
    """`${VAR}` is read only inside settings; elsewhere it is an error, not a literal."""
    with pytest.raises(StateError, match="only inside settings") as info:
        DesiredState.from_dict(document({**entry("A"), field: "${NAME}"}), environ={"NAME": "x"})
    assert info.value.problems[0].path.endswith(f".{field}")


def test_a_duplicate_name_is_reported_beside_other_problems() -> None:
    """Every problem at once: the duplicate and the missing metadata_id."""
    with pytest.raises(StateError) as info:
        DesiredState.from_dict(document(entry("A"), {"name": "A"}))
    messages = [str(p) for p in info.value.problems]
    assert any("already used" in m for m in messages)
    assert any("metadata_id" in m for m in messages)


# -- 13. a failing progress callback ---------------------------------------------------------


def boom(progress: Progress) -> None:
    raise RuntimeError("callback bug")


def test_a_failing_progress_callback_does_not_stop_apply(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The exception is logged; plan, apply and export finish and return their results."""
    state = DesiredState.from_dict(document(entry("A"), entry("B")))
    plan = client.plan(state, on_progress=boom)
    with caplog.at_level(logging.WARNING):
        result = client.apply(plan, on_progress=boom)
    assert result.ok
    assert len(named(emulator, "B")) == 1
    assert "on_progress raised RuntimeError" in caplog.text
    assert client.export([SPACE], on_progress=boom).spaces


async def test_async_a_failing_progress_callback_does_not_stop_apply(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The asyncio twin."""
    state = DesiredState.from_dict(document(entry("A"), entry("B")))
    plan = await aclient.plan(state, on_progress=boom)
    assert (await aclient.apply(plan, on_progress=boom)).ok


@pytest.fixture(autouse=True)
def _quiet_loggers() -> Iterator[None]:
    yield
    logging.getLogger("segment_profiles_sync").handlers.clear()


# -- secrets under any key name: values the document takes from the environment ------------

ENV_SECRETS = {"SV_INNOCUOUS": "sv-env-innocuous-1", "SV_DEEP": "sv-env-deep-3"}


def test_environment_values_under_any_name_appear_nowhere(
    client: ProfilesSync,
    emulator: ProfilesSyncEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    """A value filled from `${VAR}` is hidden whatever its key (`region`, `a.b.hint`) and at
    any depth: in plans (text, JSON, markdown, repr), saved plan files, pickles, `asdict`,
    results, DEBUG logs and the command line's output; yet its drift is still seen."""
    from segment_profiles_sync.state._render import render_markdown

    for name, value in ENV_SECRETS.items():
        monkeypatch.setenv(name, value)
    emulator.add_warehouse(SPACE, name="Existing", settings={"region": "old-region"})
    settings = {"region": "${SV_INNOCUOUS}", "a": {"b": {"hint": "${SV_DEEP}"}}}
    doc = document(
        {"name": "Existing", "metadata_id": SNOWFLAKE, "settings": settings},
        {"name": "New", "metadata_id": SNOWFLAKE, "settings": settings},
    )
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    state = DesiredState.from_dict(doc)
    with caplog.at_level(logging.DEBUG):
        plan = client.plan(state)
        plan.save(tmp_path / "plan.json")
        result = client.apply(plan)
    assert result.ok, result.render()
    update = next(c for c in plan.changes if c.action == "update")
    assert [tuple(d) for d in update.diff] == [
        ("settings.region", None, None, True),  # drift seen, value hidden
        ("settings.a.b.hint", None, None, True),  # the live warehouse has no `a` yet
    ]
    outputs: list[str | bytes] = [
        plan.render(),
        json.dumps(plan.to_dict()),
        render_markdown(plan),
        repr(plan),
        repr(dataclasses.asdict(plan)),
        (tmp_path / "plan.json").read_text(),
        pickle.dumps(plan),
        pickle.dumps(state),
        result.render(),
        json.dumps(result.to_dict()),
        caplog.text,
    ]
    monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", emulator.token)
    with emulator.serve() as server:
        monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
        emulator.reset()
        emulator.add_space(SPACE)
        for fmt in ("json", "table", "markdown"):
            assert main(["--output", fmt, "plan", "-f", str(path)]) == 0
            captured = capsys.readouterr()
            outputs.append(captured.out + captured.err)
    for item in outputs:
        text = item.decode(errors="replace") if isinstance(item, bytes) else item
        assert not [v for v in ENV_SECRETS.values() if v in text], text
        assert emulator.token not in text
