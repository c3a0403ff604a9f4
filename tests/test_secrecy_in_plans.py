"""Secrets through plans, applies and exports: hidden at every depth, compared where the API
shows them, masks never sent, placeholder names unique, environment values under any name."""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import (
    InvalidArgumentError,
    ProfilesSync,
    StateError,
)
from segment_profiles_sync.cli import main
from segment_profiles_sync.state import (
    DesiredState,
    LiveWarehouse,
    dump_state,
)
from segment_profiles_sync.state._diff import plan_space
from segment_profiles_sync.state._export import export_space, name_placeholders, space_entry
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE
from tests.documents import BIGQUERY, document, named
from tests.payloads import SNOWFLAKE

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
