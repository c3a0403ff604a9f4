"""The desired-state document as a JSON Schema (draft-07), for editors and CI (pure).

yaml-language-server (VS Code's YAML extension, and others) and SchemaStore read draft-07:
completion, hover text and red squiggles while the document is written, before anything
runs. Secrets are `writeOnly`. The schema says what the loader says about shapes and types;
a few rules only the loader can check (a `${` that is not a placeholder, a value that is a
mask, names used twice in a space, nesting deeper than 32 levels, an unset variable) are
listed in its description, and `segment-profiles-sync validate` checks everything.
"""

from __future__ import annotations

from typing import Any

from .._constants import MAX_ID_LENGTH

__all__ = ["SCHEMA_URL", "document_schema"]

SCHEMA_URL = "https://segment-profiles-sync.readthedocs.io/en/latest/profiles-sync.schema.json"

_SECRET_KEYS = ("password", "private_key", "private_key_passphrase", "credentials", "token")


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "pattern": r"\S", "description": description, **extra}


def _flag(description: str) -> dict[str, Any]:
    return {"type": ["boolean", "null"], "description": description}


def document_schema() -> dict[str, Any]:
    """The schema, as a JSON-ready dict (`segment-profiles-sync schema` prints it)."""
    identifier = {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_ID_LENGTH,
        "pattern": "^[^/]+$",
        "not": {"enum": [".", ".."]},
    }
    no_placeholder = {"not": {"pattern": r"\$\{"}}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_URL,
        "title": "segment-profiles-sync desired state",
        "description": (
            "What each Segment space's Profiles Sync warehouses should look like. `plan` shows "
            "what `apply` would change; `validate` checks a document offline, including the "
            "rules a schema cannot say: placeholder syntax, masked values, duplicate names."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "spaces"],
        "properties": {
            "version": {
                "const": 1,
                "description": "The document format: 1 (1.0 is the same number).",
            },
            "spaces": {
                "type": "object",
                "description": "Spaces by id; spaces not listed are left alone.",
                "propertyNames": identifier,
                "additionalProperties": {"$ref": "#/definitions/space"},
            },
        },
        "definitions": {
            "space": {
                "type": "object",
                "description": "One space: its warehouses.",
                "additionalProperties": False,
                "properties": {
                    "prune": {
                        "type": "boolean",
                        "description": "true: remove live warehouses this space does not list.",
                    },
                    "warehouses": {
                        "type": "array",
                        "description": "The warehouses this space should have.",
                        "items": {"$ref": "#/definitions/warehouse"},
                    },
                },
            },
            "warehouse": {
                "type": "object",
                "description": "One warehouse, matched by `id` if given, else by `name`.",
                "additionalProperties": False,
                "required": ["metadata_id"],
                "anyOf": [
                    {
                        "required": ["name"],
                        "properties": {"name": {"type": "string", "description": "A name."}},
                    },
                    {
                        "required": ["id"],
                        "properties": {"id": {"type": "string", "description": "An id."}},
                    },
                ],
                "properties": {
                    "name": {
                        "anyOf": [
                            {
                                **_text("Its name in the space (the API keeps it in settings)."),
                                **no_placeholder,
                            },
                            {"type": "null"},
                        ],
                        "description": "Its name in the space; required unless `id` is given.",
                    },
                    "id": {
                        "anyOf": [{**identifier, **no_placeholder}, {"type": "null"}],
                        "description": "The id of a live warehouse to adopt; absent or null: "
                        "matched by name.",
                    },
                    "metadata_id": {
                        **_text(
                            "The warehouse type's catalog id (Snowflake CCIl4HLQPz, Redshift "
                            "aea3c55dsz, Postgres 55d3d3aea3c, BigQuery kwX50Df0hr); changing it "
                            "replaces the warehouse."
                        ),
                        **no_placeholder,
                    },
                    "enabled": _flag("Whether it syncs; absent or null: left as it is."),
                    "schema_name": {
                        "anyOf": [
                            {**_text("The schema the tables go to."), **no_placeholder},
                            {"type": "null"},
                        ],
                        "description": "The schema the tables go to; absent: left as it is.",
                    },
                    "settings": {"$ref": "#/definitions/settings"},
                    "selective_sync": {"$ref": "#/definitions/selective_sync"},
                },
            },
            "settings": {
                "type": ["object", "null"],
                "description": (
                    "The warehouse type's settings. `${NAME}` is read from the environment "
                    "($${ is a literal ${). Secrets (by name at any depth: password, "
                    "private_key, token, credential, ssh, cert, key … or by look) are never "
                    "shown or exported. The name goes in `name`, not here."
                ),
                "not": {"type": "object", "required": ["name"]},
                "properties": {
                    key: {"writeOnly": True, "description": f"A secret ({key}): write-only."}
                    for key in _SECRET_KEYS
                },
                "additionalProperties": True,
            },
            "selective_sync": {
                "type": ["object", "null"],
                "description": "Which tables and columns sync; collections not listed are "
                "left alone.",
                "additionalProperties": False,
                "properties": {
                    "enable_event_tables": _flag("Event tables on or off (overrides need on)."),
                    "collections": {
                        "type": "object",
                        "description": "Collections by name: true, false, or per property.",
                        "propertyNames": {"minLength": 1},
                        "additionalProperties": {
                            "anyOf": [
                                {"type": "boolean"},
                                {
                                    "type": "object",
                                    "additionalProperties": False,
                                    "properties": {
                                        "enabled": _flag("The whole collection on or off."),
                                        "properties": {
                                            "type": "object",
                                            "description": "Properties by name: on or off.",
                                            "propertyNames": {"minLength": 1},
                                            "additionalProperties": {"type": "boolean"},
                                        },
                                    },
                                },
                            ],
                            "description": "true/false, or {enabled, properties}.",
                        },
                    },
                },
            },
        },
    }
