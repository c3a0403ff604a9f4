"""What the Airflow and Dagster integrations share (`_orchestration.py`) and the public state
names they use (`Plan.to_saved`, `load_plan` of a mapping, `Plan.only`, `apply_report`).
The integrations themselves are tested with their orchestrator installed (tests/airflow,
tests/dagster)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import ConfigurationError, ProfilesSync, StateError
from segment_profiles_sync._orchestration import (
    ClientSettings,
    drift_summary,
    not_applied,
    not_applied_message,
    read_document,
    settings_from_mapping,
)
from segment_profiles_sync.state import (
    OUTPUT_FORMAT_VERSION,
    ApplyResult,
    Change,
    DesiredState,
    Outcome,
    Plan,
    apply_report,
    load_plan,
)
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE

OTHER = "OtherSpace000000000001"
TOKEN = "orchestration-token-1"


def document(*spaces: str) -> dict[str, Any]:
    return {
        "version": 1,
        "spaces": {
            s: {
                "warehouses": [
                    {
                        "name": "Analytics",
                        "metadata_id": "CCIl4HLQPz",
                        "settings": {"account": "a", "password": "${PW}"},
                    }
                ]
            }
            for s in spaces
        },
    }


def test_settings_turn_strings_into_client_options() -> None:
    """A connection's extras are strings: numbers are read, blanks mean "not set"."""
    settings = ClientSettings(
        token=f"  {TOKEN} ", base_url=" ", region="EU", max_retries="3", timeout="2.5",
        concurrency="4",
    )  # fmt: skip
    assert settings.client_options() == {
        "token": TOKEN, "region": "eu", "max_retries": 3, "timeout": 2.5,
    }  # fmt: skip
    assert settings.concurrency == 4
    assert TOKEN not in repr(settings)
    assert "token=<hidden>" in repr(settings)
    assert ClientSettings(token=TOKEN).concurrency == 8


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"token": ""}, "no Public API token"),
        ({"token": None}, "no Public API token"),
        ({"region": "mars"}, "region must be 'us' or 'eu'"),
        ({"region": "us", "base_url": "https://x.example"}, "not both"),
        ({"max_retries": "lots"}, "max_retries must be a whole number"),
        ({"max_retries": True}, "max_retries must be a whole number"),
        ({"max_retries": 2.5}, "max_retries must be a whole number"),
        ({"max_retries": 99}, "max_retries must be from 0 to"),
        ({"timeout": "soon"}, "timeout must be a number of seconds"),
        ({"timeout": False}, "timeout must be a number of seconds"),
        ({"timeout": "inf"}, "timeout must be a positive number"),
        ({"concurrency": "0"}, "concurrency must be from 1 to 64"),
    ],
)
def test_bad_settings_name_the_field_and_the_source(fields: dict[str, Any], says: str) -> None:
    options: dict[str, Any] = {"token": TOKEN, **fields}
    with pytest.raises(ConfigurationError, match=says) as raised:
        ClientSettings(source="Airflow connection 'x'", **options)
    assert str(raised.value).startswith("Airflow connection 'x': ")
    assert TOKEN not in str(raised.value)


def test_settings_from_a_mapping() -> None:
    settings = settings_from_mapping({"timeout": 3, "concurrency": 2}, token=TOKEN, source="s")
    assert settings.client_options() == {"token": TOKEN, "timeout": 3.0}
    assert settings.concurrency == 2


def test_read_document_limits_to_targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PW", "pw")
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document(SPACE, OTHER)), encoding="utf-8")
    assert [s.space_id for s in read_document(path).spaces] == [SPACE, OTHER]
    assert [s.space_id for s in read_document(path, OTHER).spaces] == [OTHER]
    assert [s.space_id for s in read_document(path, [SPACE]).spaces] == [SPACE]
    with pytest.raises(StateError, match="is not in the document"):
        read_document(path, ["Missing0000000000000001"])


def test_a_saved_plan_travels_as_a_mapping_and_is_checked_like_a_file(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """to_saved() -> JSON -> load_plan(mapping) -> apply; an edited mapping is refused."""
    state = DesiredState.from_dict(document(SPACE), environ={"PW": "pw-1"})
    saved = client.plan(state).to_saved()
    travelled = json.loads(json.dumps(saved))
    assert "pw-1" not in json.dumps(travelled)
    edited = {**travelled, "not_compared": 7}
    with pytest.raises(StateError, match="checksum"):
        load_plan(edited)
    with pytest.raises(StateError, match="not a saved plan"):
        load_plan({"kind": "something else"})
    result = client.apply(load_plan(travelled), state)
    assert result.ok
    assert len(emulator.warehouses(SPACE)) == 1


def test_plan_only_keeps_the_named_spaces(client: ProfilesSync) -> None:
    emulator_state = DesiredState.from_dict(document(SPACE), environ={"PW": "pw"})
    plan = client.plan(emulator_state)
    assert plan.only([SPACE]).changes == plan.changes
    assert plan.only([OTHER]).changes == ()
    assert plan.only([OTHER]).seen == plan.seen


def _outcome(status: Any, error: Exception | None = None, note: str | None = None) -> Outcome:
    change = Change("remove", SPACE, "wh_1", "Old", ())
    return Outcome(change, status, "wh_1", error, note)  # type: ignore[arg-type]


def test_not_applied_names_each_failed_or_skipped_change() -> None:
    ok = ApplyResult((_outcome("applied"),))
    assert not_applied(ok) == []
    assert not_applied_message(ok) is None
    bad = ApplyResult(
        (
            _outcome("applied"),
            _outcome("failed", StateError("boom"), note="removed wh_1"),
            _outcome("skipped", StateError("stale")),
        )
    )
    message = not_applied_message(bad)
    assert message is not None
    assert message.splitlines()[0] == (
        "2 of 3 changes did not apply (1 failed, 1 skipped; the others ran):"
    )
    assert "failed: boom (removed wh_1)" in message
    assert "skipped: stale" in message


def test_apply_report_and_drift_summary_are_versioned_and_hold_no_values() -> None:
    plan = Plan((Change("remove", SPACE, "wh_1", "Old", ()),))
    report = apply_report(plan, None)
    assert report == {
        "format_version": OUTPUT_FORMAT_VERSION,
        "plan": plan.to_dict(),
        "result": None,
    }
    summary = drift_summary(plan)
    assert summary["changes_by_space"] == {SPACE: 1}
    assert summary["summary"]["remove"] == 1
    assert summary["has_changes"] is True


def test_the_package_imports_no_orchestrator() -> None:
    """Neither `import segment_profiles_sync` nor the shared module loads Airflow or Dagster."""
    code = (
        "import sys, segment_profiles_sync, segment_profiles_sync._orchestration;"
        "import segment_profiles_sync.airflow.provider_info;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'airflow', 'dagster'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
