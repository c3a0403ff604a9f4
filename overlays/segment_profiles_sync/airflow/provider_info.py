"""The provider's description for Airflow's providers manager, importing no Airflow.

Airflow finds it through the `apache_airflow_provider` entry point and reads it without
importing a hook, so the connection form (`conn-fields`, `ui-field-behaviour`) is declared
here as data. The hook's `get_ui_field_behaviour` and `get_connection_form_widgets` say the
same for Airflow 3.0 and 3.1, which still ask the hook; a test holds the two to one set.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CONNECTION_TYPE", "CONN_FIELDS", "UI_FIELD_BEHAVIOUR", "get_provider_info"]

CONNECTION_TYPE = "segment_profiles_sync"
INTEGRATION = "Segment Profiles Sync"
_MODULE = "segment_profiles_sync.airflow"

# Extras stored in Connection.extra: what the client takes besides the token and the URL.
CONN_FIELDS: dict[str, dict[str, Any]] = {
    "region": {
        "label": "Region",
        "description": "us or eu; leave empty when Host holds the base URL",
        "schema": {"type": ["string", "null"], "enum": ["us", "eu", None]},
    },
    "max_retries": {
        "label": "Max retries",
        "description": "Retries of a failed request (0 to 10; default 2)",
        "schema": {"type": ["integer", "null"], "minimum": 0, "maximum": 10},
    },
    "timeout": {
        "label": "Timeout (seconds)",
        "description": "Per request (default 30 s read, 10 s connect)",
        "schema": {"type": ["number", "null"], "minimum": 0},
    },
    "concurrency": {
        "label": "Concurrency",
        "description": "Spaces planned or applied at once (1 to 64; default 8)",
        "schema": {"type": ["integer", "null"], "minimum": 1, "maximum": 64},
    },
}

UI_FIELD_BEHAVIOUR: dict[str, Any] = {
    "hidden-fields": ["schema", "port", "login", "extra"],
    "relabeling": {"password": "Public API token", "host": "Base URL"},
    "placeholders": {
        "host": "https://api.segmentapis.com (empty: from Region)",
        "password": "the workspace's Public API token",
    },
}


def get_provider_info() -> dict[str, Any]:
    """What `apache_airflow_provider` entry points return (validated against Airflow's own
    `provider_info.schema.json` in the tests)."""
    return {
        "package-name": "segment-profiles-sync",
        "name": INTEGRATION,
        "description": "Manage Segment Profiles Sync warehouses and selective sync from a "
        "declared document: plan, apply and a deferrable drift sensor.",
        "integrations": [
            {
                "integration-name": INTEGRATION,
                "external-doc-url": "https://segment-profiles-sync.readthedocs.io/airflow/",
                "tags": ["service"],
            }
        ],
        "hooks": [{"integration-name": INTEGRATION, "python-modules": [f"{_MODULE}.hooks"]}],
        "operators": [
            {"integration-name": INTEGRATION, "python-modules": [f"{_MODULE}.operators"]}
        ],
        "sensors": [{"integration-name": INTEGRATION, "python-modules": [f"{_MODULE}.sensors"]}],
        "triggers": [{"integration-name": INTEGRATION, "python-modules": [f"{_MODULE}.triggers"]}],
        "connection-types": [
            {
                "connection-type": CONNECTION_TYPE,
                "hook-class-name": f"{_MODULE}.hooks.SegmentProfilesSyncHook",
                "hook-name": INTEGRATION,
                "conn-fields": CONN_FIELDS,
                "ui-field-behaviour": UI_FIELD_BEHAVIOUR,
            }
        ],
    }
