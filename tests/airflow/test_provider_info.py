"""The provider's registration: Airflow's own schema, entry point and providers manager."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import airflow
import jsonschema
from segment_profiles_sync.airflow import SegmentProfilesSyncHook, get_provider_info
from segment_profiles_sync.airflow.provider_info import CONN_FIELDS


def test_provider_info_validates_against_airflow_s_schema() -> None:
    schema_path = Path(airflow.__file__).parent / "provider_info.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(get_provider_info(), schema)


def test_the_entry_point_is_registered_and_imports_no_airflow() -> None:
    """Airflow reads it without importing hooks; neither it nor the package imports Airflow."""
    points = metadata.entry_points(group="apache_airflow_provider")
    ours = [p for p in points if p.value.startswith("segment_profiles_sync.")]
    assert [p.value for p in ours] == [
        "segment_profiles_sync.airflow.provider_info:get_provider_info"
    ]
    code = (
        "import sys; import segment_profiles_sync, segment_profiles_sync.airflow;"
        "from segment_profiles_sync.airflow import get_provider_info; get_provider_info();"
        "print(sorted(m for m in sys.modules if m == 'airflow' or m.startswith('airflow.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_class_the_info_names_imports() -> None:
    import importlib

    info = get_provider_info()
    for section in ("hooks", "operators", "sensors", "triggers"):
        for module in info[section][0]["python-modules"]:
            importlib.import_module(module)
    hook_path = info["connection-types"][0]["hook-class-name"]
    module, _, name = hook_path.rpartition(".")
    assert getattr(importlib.import_module(module), name) is SegmentProfilesSyncHook


def test_airflow_s_providers_managers_know_the_connection_type_and_its_form() -> None:
    """The task runtime resolves the hook; the API server's manager reads the form from the
    provider info (the relabelled token, the hidden fields, the extras as widgets)."""
    from airflow.providers_manager import ProvidersManager
    from airflow.sdk.providers_manager_runtime import ProvidersManagerTaskRuntime

    runtime = ProvidersManagerTaskRuntime()  # type: ignore[no-untyped-call]
    assert "segment-profiles-sync" in runtime.providers
    hook = runtime.hooks["segment_profiles_sync"]
    assert hook is not None
    assert hook.hook_class_name == "segment_profiles_sync.airflow.hooks.SegmentProfilesSyncHook"
    manager = ProvidersManager()  # type: ignore[no-untyped-call]
    behaviour = manager.field_behaviours["segment_profiles_sync"]
    assert behaviour["relabeling"]["password"] == "Public API token"
    assert "login" in behaviour["hidden_fields"]
    widgets = manager.connection_form_widgets
    assert {f"extra__segment_profiles_sync__{name}" for name in CONN_FIELDS} <= set(widgets)


def test_the_hook_s_form_matches_the_declared_one() -> None:
    """3.0-3.1 ask the hook; 3.2+ read the provider info: one form either way."""
    info = get_provider_info()["connection-types"][0]
    behaviour = SegmentProfilesSyncHook.get_ui_field_behaviour()
    assert behaviour["hidden_fields"] == info["ui-field-behaviour"]["hidden-fields"]
    assert behaviour["relabeling"]["password"] == "Public API token"
    assert set(SegmentProfilesSyncHook.get_connection_form_widgets()) == set(CONN_FIELDS)
    assert set(info["conn-fields"]) == set(CONN_FIELDS)
