"""Plan and apply operators through `execute()`, over real HTTP against the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync.airflow import (
    SegmentProfilesSyncApplyOperator,
    SegmentProfilesSyncPlanOperator,
)
from segment_profiles_sync.airflow._compat import AirflowException, AirflowSkipException
from segment_profiles_sync.state import load_plan
from segment_profiles_sync.testing import ProfilesSyncEmulator

from .conftest import OTHER_SPACE, PASSWORD, SPACE, TOKEN, write_document

WRITES = {"POST", "PATCH", "DELETE"}


def writes(emulator: ProfilesSyncEmulator) -> list[str]:
    return [f"{r.method} {r.raw_path}" for r in emulator.requests if r.method in WRITES]


def plan_task(document: Path, **kwargs: Any) -> SegmentProfilesSyncPlanOperator:
    return SegmentProfilesSyncPlanOperator(task_id="plan", document=str(document), **kwargs)


def apply_task(document: Path, **kwargs: Any) -> SegmentProfilesSyncApplyOperator:
    return SegmentProfilesSyncApplyOperator(task_id="apply", document=str(document), **kwargs)


def test_plan_returns_the_saved_plan_without_secrets(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    """The XCom is what `plan --out` writes: load_plan reads it; no token, no password."""
    saved = plan_task(document).execute({})
    text = json.dumps(saved)
    assert PASSWORD not in text
    assert TOKEN not in text
    assert saved["kind"] == "segment-profiles-sync plan"
    assert [c["action"] for c in saved["changes"]] == ["create"]
    assert load_plan(saved).has_changes
    assert writes(emulator) == []


def test_fail_on_changes_is_a_drift_gate(connection: str, document: Path) -> None:
    with pytest.raises(AirflowException, match="1 create"):
        plan_task(document, fail_on_changes=True).execute({})


def test_skip_when_no_changes_skips(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    apply_task(document).execute({})
    with pytest.raises(AirflowSkipException, match="no changes"):
        plan_task(document, skip_when_no_changes=True).execute({})
    assert plan_task(document, fail_on_changes=True).execute({})["changes"] == []


def test_apply_applies_exactly_the_saved_plan(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    """plan XCom -> apply: one create, its password sent from the document, the result in
    the command line's JSON contract."""
    saved = plan_task(document).execute({})
    report = apply_task(document, plan=saved).execute({})
    assert report["format_version"] == 1
    assert report["result"]["ok"] is True
    assert report["result"]["counts"]["applied"] == 1
    assert PASSWORD not in json.dumps(report)
    [warehouse] = emulator.warehouses(SPACE)
    assert emulator.stored_settings(SPACE, warehouse["id"])["password"] == PASSWORD


def test_apply_takes_the_plan_as_json_text_or_a_path(
    connection: str, document: Path, tmp_path: Path, emulator: ProfilesSyncEmulator
) -> None:
    saved = plan_task(document).execute({})
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    assert apply_task(document, plan=str(path)).execute({})["result"]["ok"]
    assert len(emulator.warehouses(SPACE)) == 1
    # Applied already: the same plan is now stale (the live state moved on), nothing written.
    before = writes(emulator)
    with pytest.raises(AirflowException, match="did not apply"):
        apply_task(document, plan=json.dumps(saved)).execute({})
    assert writes(emulator) == before


def test_a_stale_plan_fails_the_task_and_writes_nothing(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    saved = plan_task(document).execute({})
    emulator.add_warehouse(SPACE, name="Someone else's")
    with pytest.raises(AirflowException, match=r"PlanStale|changed since"):
        apply_task(document, plan=saved).execute({})
    assert writes(emulator) == []


def test_an_edited_plan_fails_the_task_and_writes_nothing(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    saved = plan_task(document).execute({})
    saved["changes"][0]["space_id"] = OTHER_SPACE
    with pytest.raises(AirflowException, match="checksum"):
        apply_task(document, plan=saved).execute({})
    with pytest.raises(AirflowException, match="not a saved plan"):
        apply_task(document, plan="{not json").execute({})
    assert writes(emulator) == []


def test_apply_without_a_plan_plans_and_applies(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    report = apply_task(document).execute({})
    assert report["result"]["counts"]["applied"] == 1
    again = apply_task(document).execute({})
    assert again["result"] is None
    assert again["plan"]["has_changes"] is False


def test_targets_limit_both_operators(
    connection: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: ProfilesSyncEmulator
) -> None:
    monkeypatch.setenv("PS_TEST_PASSWORD", PASSWORD)
    document = write_document(tmp_path, spaces=(SPACE, OTHER_SPACE))
    saved = plan_task(document, targets=[OTHER_SPACE]).execute({})
    assert {c["space_id"] for c in saved["changes"]} == {OTHER_SPACE}
    apply_task(document, plan=saved, targets=[OTHER_SPACE]).execute({})
    assert emulator.warehouses(SPACE) == []
    assert len(emulator.warehouses(OTHER_SPACE)) == 1


def test_a_failed_change_fails_the_task_after_the_rest_ran(
    connection: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, emulator: ProfilesSyncEmulator
) -> None:
    """One space's create is refused (422): the other space is still applied, and the
    task's message names the failed change."""
    monkeypatch.setenv("PS_TEST_PASSWORD", PASSWORD)
    document = write_document(tmp_path, spaces=(SPACE, OTHER_SPACE))
    emulator.fail_next(422, method="POST", path=f"/spaces/{SPACE}/profiles-warehouses")
    with pytest.raises(AirflowException) as raised:
        apply_task(document).execute({})
    message = str(raised.value)
    assert "1 of 2 changes did not apply" in message
    assert SPACE in message
    assert PASSWORD not in message
    assert len(emulator.warehouses(OTHER_SPACE)) == 1


def test_a_refused_token_fails_with_the_package_s_error(
    server: Any, document: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import connection_json

    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT", connection_json(server.base_url, token="nope")
    )
    with pytest.raises(AirflowException, match="AuthenticationError"):
        plan_task(document).execute({})


def test_template_fields_include_the_document() -> None:
    assert "document" in SegmentProfilesSyncPlanOperator.template_fields
    assert set(SegmentProfilesSyncApplyOperator.template_fields) == {"document", "plan", "targets"}


def test_a_secret_at_depth_under_any_key_reaches_no_xcom_or_event(
    connection: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value from ${VAR} under a neutral key, two levels down, and a literal password at
    depth: in no XCom (plan, apply report), no drift summary, no trigger kwargs."""
    from segment_profiles_sync.airflow import SegmentProfilesSyncDriftTrigger
    from segment_profiles_sync.airflow.sensors import SegmentProfilesSyncDriftSensor

    deep = "deep-secret-0x7a9"
    literal = "literal-secret-55c"
    monkeypatch.setenv("PS_DEEP", deep)
    path = tmp_path / "deep.json"
    path.write_text(
        json.dumps(
            {"version": 1, "spaces": {SPACE: {"warehouses": [{
                "name": "Deep", "metadata_id": "CCIl4HLQPz",
                "settings": {"account": "a", "options": {"blob": {"value": "${PS_DEEP}"},
                                                         "ssh": {"key": literal}}},
            }]}}}
        ),
        encoding="utf-8",
    )  # fmt: skip
    saved = plan_task(path).execute({})
    report = apply_task(path, plan=saved).execute({})
    kwargs = SegmentProfilesSyncDriftTrigger(document=str(path)).serialize()[1]
    monkeypatch.setenv("PS_DEEP", "rotated-" + deep)  # drift in the secret: a poke sees it
    poked = SegmentProfilesSyncDriftSensor(task_id="s", document=str(path), deferrable=False).poke(
        {}
    )
    summary = poked.xcom_value if poked else None
    shown = json.dumps([saved, report, kwargs, summary])
    assert report["result"]["ok"] is True
    assert deep not in shown
    assert literal not in shown
