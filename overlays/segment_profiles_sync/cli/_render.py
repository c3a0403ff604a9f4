"""Rendering for the command line: tables (rich, loaded only for them), JSON and JSON lines.

Nothing here decides anything a library user would want: it shapes values the clients and
the state layer return. Every warehouse's settings pass through `shown_settings`, so a secret
never reaches the terminal even if an API version returned one in clear.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from .._secrecy import redact
from .._wire import name_in_settings, property_is_off, settings_without_name

if TYPE_CHECKING:
    from ..models import ProfilesWarehouse, SelectiveSyncItem

CLI_EXTRA_HINT = "pip install 'segment-profiles-sync[cli]'"


class MissingExtraError(Exception):
    """The command needs a package of the `cli` extra that is not installed."""


def rich_module(name: str) -> Any:
    """Import `rich.<name>`, or say which extra brings it."""
    import importlib

    try:
        return importlib.import_module(f"rich.{name}")
    except ImportError:
        raise MissingExtraError(
            f"tables and progress bars need rich: {CLI_EXTRA_HINT} (or use --output json)"
        ) from None


def shown_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Settings as the command line shows them: every secret, at any depth, as `(secret)`."""
    shown: dict[str, Any] = redact(settings_without_name(settings))
    return shown


def warehouse_record(warehouse: ProfilesWarehouse) -> dict[str, Any]:
    settings = warehouse.settings.additional_properties
    name = name_in_settings(settings)
    schema = warehouse.schema_name
    return {
        "id": warehouse.id,
        "name": name,
        "space_id": warehouse.space_id,
        "metadata_id": warehouse.metadata.id,
        "type": warehouse.metadata.name,
        "enabled": warehouse.enabled,
        "schema_name": schema if isinstance(schema, str) else None,
        "settings": shown_settings(settings),
    }


def selective_record(item: SelectiveSyncItem) -> dict[str, Any]:
    properties = item.properties.additional_properties
    off = sorted(p for p, v in properties.items() if property_is_off(v))
    return {
        "collection": item.collection,
        "enabled": item.enabled,
        "properties": len(properties),
        "properties_off": off,
    }


class Output:
    """Where results go, in the chosen format."""

    def __init__(self, fmt: str | None, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout
        self.format = fmt or ("table" if self.stream.isatty() else "json")

    def write(self, text: str) -> None:
        self.stream.write(text if text.endswith("\n") else text + "\n")
        self.stream.flush()

    def document(self, value: Any) -> None:
        """One value: JSON (also for jsonl), or a two-column table."""
        if self.format != "table":
            self.write(json.dumps(value, ensure_ascii=False))
            return
        if isinstance(value, Mapping):
            self.table(
                [{"field": k, "value": _cell(v)} for k, v in value.items()], ["field", "value"]
            )
        else:
            self.write(str(value))

    def text(self, text: str, value: Any) -> None:
        """Human text in table mode, `value` as JSON otherwise."""
        if self.format == "table":
            self.write(text)
        else:
            self.document(value)

    def rows(self, pages: Iterable[list[dict[str, Any]]], columns: list[str]) -> int:
        """A listing, page by page: jsonl and json stream (one page in memory); a table is
        drawn at the end. Returns the number of rows."""
        count = 0
        if self.format == "table":
            collected = [row for page in pages for row in page]
            self.table(collected, columns)
            return len(collected)
        if self.format == "jsonl":
            for page in pages:
                for row in page:
                    self.stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
                self.stream.flush()
            return count
        self.stream.write("[")
        try:
            for page in pages:
                for row in page:
                    self.stream.write(("," if count else "") + json.dumps(row, ensure_ascii=False))
                    count += 1
                self.stream.flush()
        finally:  # an error mid-listing still leaves valid JSON (the rows that came)
            self.write("]")
        return count

    def table(self, rows: list[dict[str, Any]], columns: list[str]) -> None:
        """A rich table whose cells are plain text: a value from the API is neither read as
        rich markup (`[link=…]`) nor allowed to carry a control character (see `inert`)."""
        from .._text import inert

        table_module = rich_module("table")
        console_module = rich_module("console")
        text_module = rich_module("text")
        table = table_module.Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*(text_module.Text(inert(_cell(row.get(c)))) for c in columns))
        console_module.Console(file=self.stream, soft_wrap=True).print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def pages_of(pages: Iterator[Any], record: Any) -> Iterator[list[dict[str, Any]]]:
    for page in pages:
        yield [record(item) for item in page.items]
