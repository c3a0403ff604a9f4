"""The Dagster integration, materialized in process against the emulator over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import dagster as dg
import pytest
from segment_profiles_sync import AsyncProfilesSync, ConfigurationError, ProfilesSync
from segment_profiles_sync.dagster import (
    SegmentProfilesSyncResource,
    build_profiles_sync_apply_asset,
    build_profiles_sync_drift_check,
)
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from .conftest import PASSWORD, SPACE, TOKEN

ROOT = Path(__file__).resolve().parents[2]


@dg.asset
def profile_tables() -> None:
    """The asset the drift check is attached to."""


def resource(server: EmulatorServer, **fields: Any) -> SegmentProfilesSyncResource:
    return SegmentProfilesSyncResource(
        token=dg.EnvVar("PS_DAGSTER_TOKEN"), base_url=server.base_url, **fields
    )


def run(
    server: EmulatorServer, *definitions: Any, instance: dg.DagsterInstance, **fields: Any
) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        list(definitions),
        resources={"segment_profiles_sync": resource(server, **fields)},
        instance=instance,
        raise_on_error=False,
    )


def logged(instance: dg.DagsterInstance, result: dg.ExecuteInProcessResult) -> str:
    """Everything Dagster kept of the run: its event log, run record and config."""
    records = instance.all_logs(result.run_id)
    run_record = instance.get_run_by_id(result.run_id)
    return "\n".join([*(repr(r) for r in records), repr(run_record)])


def check_results(result: dg.ExecuteInProcessResult) -> list[dg.AssetCheckEvaluation]:
    return [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ]


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


def test_the_drift_check_fails_then_apply_makes_it_pass(
    env: EmulatorServer,
    document: Path,
    emulator: ProfilesSyncEmulator,
    instance: dg.DagsterInstance,
) -> None:
    """Before apply: WARN with the plan as markdown. Apply creates the warehouse (password
    from the document), then the check passes. No token, no password in any log."""
    check = build_profiles_sync_drift_check(document, profile_tables)
    first = run(env, profile_tables, check, instance=instance)
    assert first.success
    [evaluation] = check_results(first)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.WARN
    metadata = evaluation.metadata
    assert metadata["changes_create"].value == 1
    assert metadata["changes_selective_sync"].value == 1
    assert "Analytics" in str(metadata["plan"].value)

    apply_asset = build_profiles_sync_apply_asset(document)
    applied = run(env, apply_asset, instance=instance)
    assert applied.success
    [materialization] = applied.asset_materializations_for_node("profiles_sync_apply")
    assert materialization.metadata["applied"].value == 2
    assert materialization.metadata["failed"].value == 0
    [warehouse] = emulator.warehouses(SPACE)
    assert emulator.stored_settings(SPACE, warehouse["id"])["password"] == PASSWORD

    second = run(env, profile_tables, check, instance=instance)
    [evaluation] = check_results(second)
    assert evaluation.passed
    assert "plan" not in evaluation.metadata
    for result in (first, applied, second):
        text = logged(instance, result)
        assert TOKEN not in text
        assert PASSWORD not in text


def test_a_blocking_check_fails_with_error_severity(
    env: EmulatorServer, document: Path, instance: dg.DagsterInstance
) -> None:
    check = build_profiles_sync_drift_check(
        document, profile_tables, name="strict_drift", blocking=True
    )
    result = run(env, profile_tables, check, instance=instance)
    [evaluation] = check_results(result)
    assert evaluation.check_name == "strict_drift"
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR


def test_a_failed_change_fails_the_apply_after_the_rest_ran(
    env: EmulatorServer,
    document: Path,
    emulator: ProfilesSyncEmulator,
    instance: dg.DagsterInstance,
) -> None:
    emulator.fail_next(422, method="POST")
    result = run(env, build_profiles_sync_apply_asset(document), instance=instance)
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    assert "did not apply" in str(failure.event_specific_data)
    assert PASSWORD not in logged(instance, result)
    assert emulator.warehouses(SPACE) == []


def test_a_refused_token_fails_the_check_without_showing_it(
    env: EmulatorServer,
    document: Path,
    instance: dg.DagsterInstance,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PS_DAGSTER_TOKEN", "wrong-token-7")
    check = build_profiles_sync_drift_check(document, profile_tables)
    result = run(env, profile_tables, check, instance=instance)
    assert not result.success
    text = logged(instance, result)
    assert "AuthenticationError" in text
    assert "wrong-token-7" not in text


def test_targets_pool_and_key_are_passed_to_dagster(document: Path) -> None:
    apply_asset = build_profiles_sync_apply_asset(
        document, key=["segment", "apply"], targets=[SPACE], pool="token_a"
    )
    assert apply_asset.key == dg.AssetKey(["segment", "apply"])
    assert apply_asset.op.pool == "token_a"
    check = build_profiles_sync_drift_check(document, profile_tables, pool="token_a")
    assert cast("Any", check.node_def).pool == "token_a"


def test_the_resource_builds_both_clients_and_hides_the_token(env: EmulatorServer) -> None:
    res = SegmentProfilesSyncResource(token=TOKEN, base_url=env.base_url, concurrency=3)
    assert TOKEN not in repr(res)
    with res.get_client() as ps:
        assert isinstance(ps, ProfilesSync)
        assert list(ps.list_warehouses(SPACE)) == []
    assert isinstance(res.get_async_client(), AsyncProfilesSync)
    with pytest.raises(ConfigurationError, match="region must be"):
        SegmentProfilesSyncResource(token=TOKEN, region="mars").get_client()


def test_the_example_definitions_load_and_materialize(
    env: EmulatorServer,
    emulator: ProfilesSyncEmulator,
    monkeypatch: pytest.MonkeyPatch,
    instance: dg.DagsterInstance,
) -> None:
    """examples/dagster: loads with Dagster's own loader, and materializes for real."""
    emulator.add_space("DagsterDemoSpace000001")
    monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", TOKEN)
    monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", env.base_url)
    monkeypatch.setenv("SEGMENT_WAREHOUSE_PASSWORD", PASSWORD)
    listed = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-f",
         str(ROOT / "examples" / "dagster" / "definitions.py")],
        capture_output=True, text=True, env=os.environ.copy(), check=False, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stdout + listed.stderr
    sys.path.insert(0, str(ROOT / "examples" / "dagster"))
    try:
        import definitions  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    defs: dg.Definitions = definitions.defs
    job = defs.resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(instance=instance)
    assert result.success
    assert len(emulator.warehouses("DagsterDemoSpace000001")) == 1
    text = logged(instance, result)
    assert TOKEN not in text
    assert PASSWORD not in text
