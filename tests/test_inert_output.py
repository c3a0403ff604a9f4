"""Nothing from the document or the API can forge output: names and values are rendered
inert in text and tables (no control character or escape sequence reaches a terminal or a
CI log), markdown code cannot be closed from inside, removes and replaces survive
truncation, and an error answer cannot echo back the settings just sent. Plus the secret
shapes the rule knows."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import ProfilesSync, StateError, UnprocessableEntityError
from segment_profiles_sync._secrecy import is_secret_key, looks_secret
from segment_profiles_sync._text import inert
from segment_profiles_sync.state import (
    Change,
    DesiredState,
    FieldDiff,
    Plan,
    Unmanaged,
    render_markdown,
)
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from tests.conftest import SPACE

FENCE_BREAKER = "nl\n```\n@security-team ![p](https://evil.example/p.png)\n```"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\"
REWRITE = 'harmless\r~ update warehouse "Prod": nothing to see'
ANSI = "\x1b[2K\x1b[1A\x1b[31mred"
BIDI = "abc\u202edcba"
HOSTILE = [FENCE_BREAKER, OSC8, REWRITE, ANSI, BIDI, "tab\there", "bell\x07", "c1\x9b31m"]


def hostile_plan() -> Plan:
    changes = tuple(
        Change("update", SPACE, f"wh_{n}", name, (FieldDiff(f"settings.{name}", name, "x"),))
        for n, name in enumerate(HOSTILE)
    )
    unmanaged = tuple(Unmanaged(SPACE, f"um_{n}", name) for n, name in enumerate(HOSTILE))
    return Plan(changes, unmanaged)


def unsafe(text: str) -> list[str]:
    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


def test_plan_text_holds_no_control_character_from_names_keys_or_values() -> None:
    text = hostile_plan().render()
    assert unsafe(text) == []
    lines = text.splitlines()
    # one line per change, per diff, per unmanaged warehouse, the space and the summary
    assert len(lines) == 1 + 2 * len(HOSTILE) + len(HOSTILE) + 1
    assert "\\u001b]8;;https://evil.example" in text
    assert "harmless\\r~ update" in text


def test_inert_shows_escapes_for_what_a_terminal_would_obey() -> None:
    assert inert("a\x1b[31mb") == "a\\u001b[31mb"
    assert inert("line\nbreak\rback\ttab") == "line\\nbreak\\rback\\ttab"
    assert inert("rtl\u202eoverride\u200bzero") == "rtl\\u202eoverride\\u200bzero"
    assert inert("plain text, ünïcödé, 東京") == "plain text, ünïcödé, 東京"


def markdown_outside_code(text: str) -> list[str]:
    """The lines of a markdown text that are not inside a fenced code block (CommonMark: a
    fence closes with a run of at least as many backticks, indented at most 3 spaces)."""
    outside: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opener = re.match(r"^ {0,3}(`{3,})", line)
        if fence is None:
            if opener:
                fence = opener.group(1)
                continue
            outside.append(line)
        elif opener and len(opener.group(1)) >= len(fence) and line.strip() == opener.group(1):
            fence = None
    return outside


def test_markdown_cannot_be_closed_or_linked_from_a_name() -> None:
    text = render_markdown(hostile_plan())
    outside = "\n".join(markdown_outside_code(text))
    assert "@security-team" not in outside
    assert "![p]" not in outside
    assert "evil.example" not in outside
    assert unsafe(text) == []


def test_a_backtick_run_in_a_name_gets_a_longer_fence() -> None:
    plan = Plan((Change("remove", SPACE, "wh_1", "a ```` b ````` c", ()),))
    text = render_markdown(plan)
    assert "``````diff" in text  # six: longer than the five inside
    assert "a ```` b" not in "\n".join(markdown_outside_code(text))


def test_space_ids_in_html_and_tables_are_escaped() -> None:
    space = "Sp<img src=x>|ace00001"
    plan = Plan((Change("remove", space, "wh_1", "A", ()),))
    text = render_markdown(plan)
    assert "<img" not in "\n".join(markdown_outside_code(text))  # in code it is inert text
    assert "&lt;img src=x&gt;&#124;ace00001" in text


def test_removes_and_replaces_are_listed_before_any_truncation() -> None:
    """2,000 spaces of updates, and a remove and a replace in the last ones: the comment is
    cut, but both still show, with their ids."""
    changes = [
        Change(
            "update",
            f"S{n:020d}",
            f"wh_{n}",
            f"warehouse {n}",
            (FieldDiff("enabled", True, False),),
        )
        for n in range(2000)
    ]
    changes.append(Change("remove", "S00000000000000001998", "wh_rm", "Old one", ()))
    changes.append(Change("replace", "S00000000000000001999", "wh_rp", "Retyped", ()))
    text = render_markdown(Plan(tuple(changes)))
    assert len(text) < 65_536
    assert "_Truncated:" in text
    head = text.split("<details>")[0]
    assert '- remove warehouse "Old one" (wh_rm)' in head
    assert '-/+ replace warehouse "Retyped" (wh_rp)' in head


def test_the_table_plan_of_the_command_line_holds_no_escape_from_a_live_name(
    emulator: ProfilesSyncEmulator, server: EmulatorServer, tmp_path: Path
) -> None:
    """A live warehouse named with ESC, OSC 8 and CR (an unmanaged one, shown by plan):
    `--output table` writes none of them raw."""
    for name in (OSC8, REWRITE, ANSI, FENCE_BREAKER):
        emulator.add_warehouse(SPACE, name=name)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps({"version": 1, "spaces": {SPACE: {"warehouses": []}}}))
    env = {"SEGMENT_PUBLIC_API_TOKEN": emulator.token, "SEGMENT_PUBLIC_API_URL": server.base_url,
           "PATH": ""}  # fmt: skip
    for output in ("table", "markdown", "json"):
        result = subprocess.run(
            [sys.executable, "-m", "segment_profiles_sync", "--output", output, "plan", "-f",
             str(path)],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert unsafe(result.stdout) == [], output
        assert "\r" not in result.stdout


def test_an_error_answer_does_not_echo_the_settings_just_sent(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A server that quotes the rejected password back: scrubbed from the message, the body,
    the details and the response kept on the error."""
    secret = "echoed-secret-123"
    emulator.fail_next(
        422,
        json_body={"errors": [{"type": "input-validation", "field": "settings.password",
                               "message": f"password '{secret}' is too weak"}]},
        method="POST",
    )  # fmt: skip
    with pytest.raises(UnprocessableEntityError) as raised:
        client.create_warehouse(SPACE, metadata_id="CCIl4HLQPz", settings={"password": secret})
    error = raised.value
    for text in (str(error), error.body, repr(error.errors), error.response.text):
        assert secret not in text
    assert "password '<redacted>' is too weak" in str(error)


@pytest.mark.parametrize(
    "key",
    ["auth", "authorization", "Authorization", "oauth_token", "bearer", "jwt", "passcode",
     "cookie", "session_cookie", "signature", "sig", "url_sig", "sas", "sas_token"],
)  # fmt: skip
def test_more_names_say_secret(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["author_name", "design", "signal", "saas_region", "sash"])
def test_words_that_only_look_alike_do_not(key: str) -> None:
    """`sig` and `sas` are whole words only; `auth` is a substring (so `author_name` is
    hidden: the rule errs on the side of hiding), the others are not secrets."""
    assert is_secret_key(key) is (key == "author_name")


@pytest.mark.parametrize(
    "value",
    [
        "https://host/db?user=a&password=hunter2",
        "jdbc:sqlserver://h:1433;databaseName=x;password=hunter2;",
        "host=db user=a password=hunter2 dbname=x",
        "Driver={x};Server=h;UID=a;PWD=hunter2;",
        "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
        '{"type": "service_account", "private_key": "-----..."}',
    ],
)
def test_more_values_look_secret(value: str) -> None:
    assert looks_secret(value)


@pytest.mark.parametrize("value", ["password reset page", "bearer of news", "pwd is a command"])
def test_prose_does_not_look_secret(value: str) -> None:
    assert not looks_secret(value)


def test_a_mask_given_as_a_mapping_is_refused_by_the_loader() -> None:
    document: dict[str, Any] = {
        "version": 1,
        "spaces": {SPACE: {"warehouses": [{
            "name": "A", "metadata_id": "CCIl4HLQPz",
            "settings": {"credentials": {"ciphertext": "AQICAHh..."}},
        }]}},
    }  # fmt: skip
    with pytest.raises(StateError, match="a mask the API shows") as raised:
        DesiredState.from_dict(document)
    assert raised.value.problems[0].path.endswith("settings.credentials")


def test_table_listings_read_no_rich_markup_and_carry_no_escape(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """`warehouses list --output table`: a name in rich's markup stays text (no hyperlink
    is drawn), and control characters are escaped."""
    emulator.add_warehouse(SPACE, name="[link=https://evil.example]click[/link]")
    emulator.add_warehouse(SPACE, name=ANSI)
    env = {"SEGMENT_PUBLIC_API_TOKEN": emulator.token, "SEGMENT_PUBLIC_API_URL": server.base_url,
           "PATH": "", "COLUMNS": "200"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync", "--output", "table", "warehouses",
         "list", "--space", SPACE],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert "[link=https://evil.example]click[/link]" in result.stdout
    assert unsafe(result.stdout) == []
    assert "\\u001b[2K" in result.stdout
