"""The emulator's fixed data: warehouse metadata, Profiles Sync collections, secret names."""

from __future__ import annotations

from typing import Any

SNOWFLAKE_METADATA_ID = "CCIl4HLQPz"


def _option(name: str, kind: str, required: bool, label: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "required": required,
        "label": label,
        "description": description,
        "defaultValue": None,
    }


def _metadata(
    metadata_id: str, name: str, slug: str, description: str, options: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": metadata_id,
        "name": name,
        "slug": slug,
        "description": description,
        "logos": {
            "default": f"https://cdn.segment.example/logos/{slug}.svg",
            "mark": f"https://cdn.segment.example/logos/{slug}-mark.svg",
            "alt": None,
        },
        "options": options,
    }


WAREHOUSE_METADATA: dict[str, dict[str, Any]] = {
    m["id"]: m
    for m in [
        _metadata(
            SNOWFLAKE_METADATA_ID,
            "Snowflake",
            "snowflake",
            "Data warehouse built for the cloud.",
            [
                _option("account", "string", True, "Account", "Your Snowflake account id."),
                _option("database", "string", True, "Database", "The database to sync into."),
                _option("warehouse", "string", True, "Warehouse", "The compute warehouse."),
                _option("username", "string", True, "Username", "The user Segment connects as."),
                _option("password", "password", False, "Password", "The user's password."),
                _option("private_key", "password", False, "Private key", "Key-pair auth."),
            ],
        ),
        _metadata(
            "gs4Kx1v7yH",
            "BigQuery",
            "bigquery",
            "Google's serverless, highly scalable data warehouse.",
            [
                _option("project", "string", True, "Project", "The GCP project id."),
                _option("credentials", "password", True, "Credentials", "Service account JSON."),
                _option("location", "string", False, "Location", "The dataset location."),
            ],
        ),
        _metadata(
            "aea3bd1a7e",
            "Databricks",
            "databricks",
            "The lakehouse platform.",
            [
                _option("host", "string", True, "Host", "The workspace host name."),
                _option("http_path", "string", True, "HTTP path", "The SQL warehouse path."),
                _option("token", "password", True, "Token", "A personal access token."),
                _option("catalog", "string", True, "Catalog", "The Unity catalog."),
            ],
        ),
    ]
}

# Profiles Sync tables and a few of their columns. Event tables are the last group: they sync
# only while `enableEventTables` is true.
IDENTITY_COLLECTIONS: dict[str, list[str]] = {
    "id_graph_updates": ["canonical_segment_id", "segment_id", "timestamp"],
    "external_id_mapping_updates": ["external_id_type", "external_id_value", "segment_id"],
    "profile_traits_updates": ["email", "first_name", "last_name", "plan", "created_at"],
}
EVENT_COLLECTIONS: dict[str, list[str]] = {
    "identifies": ["user_id", "anonymous_id", "context_ip", "context_user_agent"],
    "tracks": ["event", "event_text", "user_id", "context_page_url"],
    "pages": ["name", "path", "referrer", "url"],
    "screens": ["name", "user_id"],
    "groups": ["group_id", "user_id"],
}

SECRET_NAME_PARTS = ("password", "secret", "private_key", "privatekey", "token", "credential")
REDACTED = "<redacted>"


def is_secret(metadata: dict[str, Any] | None, key: str) -> bool:
    """Secret by the catalog (`type: password`) or, for keys it does not list, by name."""
    if metadata is not None:
        for option in metadata["options"]:
            if option["name"] == key:
                return bool(option["type"] == "password")
    lowered = key.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS)
