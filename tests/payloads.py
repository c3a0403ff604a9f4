"""Realistic response bodies, shaped like Segment's answers (camelCase, extra fields and all)."""

from __future__ import annotations

import json
from typing import Any

MEDIA_TYPE = "application/vnd.segment.v1alpha+json"
# The test suite's constants, in one place (conftest re-exports SPACE; modules import these).
SPACE_ID = "9aQ1Lj62S4bomZKLF4DPqW"
SNOWFLAKE = "CCIl4HLQPz"  # the Snowflake warehouse type's catalog id
WAREHOUSE_ID = "qABd3NVTPfTLQ3kXWoBhgi"
RATE_HEADERS = {
    "X-RateLimit-Consumed": "1",
    "X-RateLimit-Remaining": "59",
    "X-RateLimit-Reset": "Thu, 26 Nov 2026 12:00:00 GMT",
}


def metadata(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "CCIl4HLQPz",
        "name": "Snowflake",
        "slug": "snowflake",
        "description": "Data warehouse built for the cloud.",
        "logos": {"default": "https://cdn.example/snowflake.svg", "mark": None, "alt": None},
        "options": [
            {
                "name": "host",
                "type": "string",
                "required": True,
                "label": "Host",
                "description": "Your Snowflake account host.",
                "defaultValue": None,
            }
        ],
    }
    body.update(overrides)
    return body


def warehouse(warehouse_id: str = WAREHOUSE_ID, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": warehouse_id,
        "spaceId": SPACE_ID,
        "workspaceId": "5xDyVtcGo6QtJkCcxCTtWz",
        "enabled": True,
        "schemaName": "profiles_prod",
        "settings": {"host": "acme.snowflakecomputing.com", "password": "<redacted>"},
        "metadata": metadata(),
    }
    body.update(overrides)
    return body


def selective_sync_item(collection: str = "users", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "collection": collection,
        "warehouseId": WAREHOUSE_ID,
        "enabled": True,
        "properties": {"email": True, "plan": False},
    }
    body.update(overrides)
    return body


def errors(*items: dict[str, Any]) -> dict[str, Any]:
    return {"errors": list(items)}


def dumps(body: Any) -> bytes:
    return json.dumps(body).encode()
