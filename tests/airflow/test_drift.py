"""The deferrable drift sensor and its trigger (natively async) against the emulator."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any, cast

import pytest
from segment_profiles_sync.airflow import (
    SegmentProfilesSyncApplyOperator,
    SegmentProfilesSyncDriftSensor,
    SegmentProfilesSyncDriftTrigger,
    SegmentProfilesSyncHook,
)
from segment_profiles_sync.airflow._compat import AirflowException
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from .conftest import PASSWORD, SPACE, TOKEN, connection_json


def trigger(document: Path, **kwargs: Any) -> SegmentProfilesSyncDriftTrigger:
    return SegmentProfilesSyncDriftTrigger(document=str(document), poke_interval=0.01, **kwargs)


async def first_event(t: SegmentProfilesSyncDriftTrigger, within: float = 5.0) -> Any:
    events = cast("AsyncGenerator[Any, None]", t.run())
    try:
        return await asyncio.wait_for(events.__anext__(), within)
    finally:
        await events.aclose()


def test_serialize_round_trips_and_holds_no_secret(connection: str, document: Path) -> None:
    """What the triggerer stores: connection id, path, targets, interval; never a secret."""
    original = SegmentProfilesSyncDriftTrigger(
        document=str(document), targets=[SPACE], poke_interval=60
    )
    path, kwargs = original.serialize()
    assert path == "segment_profiles_sync.airflow.triggers.SegmentProfilesSyncDriftTrigger"
    text = json.dumps(kwargs)
    assert TOKEN not in text
    assert PASSWORD not in text
    assert set(kwargs) == {"document", "targets", "segment_profiles_sync_conn_id", "poke_interval"}
    import importlib

    module, _, name = path.rpartition(".")
    rebuilt = getattr(importlib.import_module(module), name)(**kwargs)
    assert rebuilt.serialize() == (path, kwargs)


async def test_run_yields_drift(connection: str, document: Path) -> None:
    event = await first_event(trigger(document))
    assert event.payload["status"] == "drift"
    assert event.payload["summary"]["summary"]["create"] == 1
    assert event.payload["summary"]["changes_by_space"] == {SPACE: 1}
    assert PASSWORD not in json.dumps(event.payload)


async def test_run_keeps_waiting_while_there_is_no_drift(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    """No drift: no event, but it keeps checking (several plans), all in the loop."""
    await asyncio.to_thread(
        SegmentProfilesSyncApplyOperator(task_id="a", document=str(document)).execute, {}
    )
    before = len(emulator.requests)
    with pytest.raises(TimeoutError):
        await first_event(trigger(document), within=0.3)
    assert len(emulator.requests) - before >= 2  # listed the space at least twice


async def test_run_fires_when_drift_appears_later(
    connection: str, document: Path, emulator: ProfilesSyncEmulator
) -> None:
    await asyncio.to_thread(
        SegmentProfilesSyncApplyOperator(task_id="a", document=str(document)).execute, {}
    )
    waiting = asyncio.ensure_future(first_event(trigger(document)))
    await asyncio.sleep(0.1)
    assert not waiting.done()
    [warehouse] = emulator.warehouses(SPACE)
    hook = SegmentProfilesSyncHook()
    async with await hook.aget_client() as aps:  # someone switches it off by hand
        await aps.update_warehouse(SPACE, warehouse["id"], settings={}, enabled=False)
    event = await waiting
    assert event.payload["status"] == "drift"
    assert event.payload["summary"]["summary"]["update"] == 1


async def test_run_yields_an_error_event_for_a_refused_token(
    server: EmulatorServer, document: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT", connection_json(server.base_url, token="bad")
    )
    event = await first_event(trigger(document))
    assert event.payload["status"] == "error"
    assert "AuthenticationError" in event.payload["message"]


async def test_run_yields_an_error_event_for_a_missing_document(
    connection: str, tmp_path: Path
) -> None:
    event = await first_event(trigger(tmp_path / "nope.yaml"))
    assert event.payload["status"] == "error"
    assert "nope.yaml" in event.payload["message"]


def test_the_sensor_defers_to_the_trigger(connection: str, document: Path) -> None:
    from airflow.sdk.exceptions import TaskDeferred

    sensor = SegmentProfilesSyncDriftSensor(
        task_id="drift", document=str(document), targets=[SPACE], poke_interval=30
    )
    with pytest.raises(TaskDeferred) as deferred:
        sensor.execute({})
    assert isinstance(deferred.value.trigger, SegmentProfilesSyncDriftTrigger)
    assert deferred.value.method_name == "execute_complete"
    assert deferred.value.trigger.serialize()[1]["targets"] == [SPACE]
    assert deferred.value.trigger.poke_interval == 30


def test_the_sensor_resumes_on_drift_and_fails_on_error(document: Path) -> None:
    sensor = SegmentProfilesSyncDriftSensor(task_id="drift", document=str(document))
    summary = {"has_changes": True}
    assert sensor.execute_complete({}, {"status": "drift", "summary": summary}) == summary
    with pytest.raises(AirflowException, match="AuthenticationError: 401"):
        sensor.execute_complete({}, {"status": "error", "message": "AuthenticationError: 401"})


def test_non_deferrable_mode_pokes_with_the_blocking_client(
    connection: str, document: Path
) -> None:
    sensor = SegmentProfilesSyncDriftSensor(
        task_id="drift", document=str(document), deferrable=False
    )
    poked = sensor.poke({})
    assert poked.is_done
    assert poked.xcom_value["summary"]["create"] == 1
    SegmentProfilesSyncApplyOperator(task_id="a", document=str(document)).execute({})
    assert sensor.poke({}) is False
