"""Hostile and broken documents: alias bombs, merge keys, syntax errors that do not quote the
text, byte-order marks and bad bytes, empty names, placeholders outside settings, duplicates."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from segment_profiles_sync import (
    StateError,
)
from segment_profiles_sync.state import (
    DesiredState,
    load_state,
)

from tests.conftest import SPACE
from tests.documents import document, entry, write
from tests.payloads import SNOWFLAKE

# -- 7, 10, 11. hostile and broken files ------------------------------------------------------


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
    assert "sv-listed-depth1" not in message
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
