"""The desired-state document: reading, checking and writing it (pure, but for file reads).

    version: 1
    spaces:
      <space id>:
        prune: false
        warehouses:
          - name: Analytics            # or id: <warehouse id>, or both
            metadata_id: CCIl4HLQPz
            enabled: true              # optional: left as is when absent
            schema_name: segment_profiles
            settings: {account: acme, password: "${SNOWFLAKE_PASSWORD}"}
            selective_sync:
              enable_event_tables: true
              collections:
                tracks: false
                identifies: {enabled: true, properties: {context_ip: false}}

A document is checked completely before anything is read from the API, and every problem is
reported at once with its path (one `StateError`). `${VAR}` inside `settings` is read from the
environment when the document is loaded (`$${` is a literal `${`); anywhere else it is refused.
Secret values (by key at any depth, or by look: see `_secrecy`) are held in `Secret` wrappers
from here to the request body, so no repr, pickle or `asdict` of a document, plan or result
holds one.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._constants import MAX_ALIAS_EXPANSION, MAX_DOCUMENT_DEPTH, MAX_ID_LENGTH
from .._secrecy import Secret, is_masked, is_secret_key, protect, reveal
from ..errors import InvalidArgumentError, StateError, StateProblem

__all__ = [
    "CollectionSpec",
    "DesiredState",
    "SelectiveSyncSpec",
    "SpaceSpec",
    "WarehouseSpec",
    "dump_state",
    "load_state",
]

VERSION = 1
# `${NAME}`, `${NAME:-}` (may be empty or unset: the author says so), `$${` (a literal).
_PLACEHOLDER = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(:-)?\}|\$\{")
_TOP_KEYS = frozenset({"version", "spaces"})
_SPACE_KEYS = frozenset({"prune", "warehouses"})
_WAREHOUSE_KEYS = frozenset(
    {"name", "id", "metadata_id", "enabled", "schema_name", "settings", "selective_sync"}
)
_SELECTIVE_KEYS = frozenset({"enable_event_tables", "collections"})
_COLLECTION_KEYS = frozenset({"enabled", "properties"})
YAML_EXTRA_HINT = "pip install 'segment-profiles-sync[yaml]'"


@dataclass(frozen=True)
class CollectionSpec:
    """A collection's desired selective sync: `enabled` (None: leave as is) and properties."""

    enabled: bool | None
    properties: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class SelectiveSyncSpec:
    """What to manage of a warehouse's selective sync; collections not listed are left alone."""

    enable_event_tables: bool | None
    collections: Mapping[str, CollectionSpec]


@dataclass(frozen=True)
class WarehouseSpec:
    """One desired warehouse. Its repr never shows settings values; secret values in
    `settings` (at any depth) are `Secret` wrappers (`reveal()` gives the value)."""

    name: str | None
    id: str | None
    metadata_id: str
    enabled: bool | None
    schema_name: str | None
    settings: Mapping[str, Any] = field(repr=False)
    selective_sync: SelectiveSyncSpec | None
    path: str = field(repr=False)

    @property
    def label(self) -> str:
        """How plans name it: its name, else its id."""
        return self.name if self.name is not None else str(self.id)


@dataclass(frozen=True)
class SpaceSpec:
    """One space: its warehouses, and whether unlisted live warehouses are removed."""

    space_id: str
    prune: bool
    warehouses: tuple[WarehouseSpec, ...]


@dataclass(frozen=True)
class DesiredState:
    """A checked desired-state document. Build with `from_dict` or `load_state`.

    `to_dict()` gives the document back as written, `${VAR}` placeholders unresolved, so it
    never holds the secrets they resolved to. `placeholders` names the variables it reads.
    """

    spaces: tuple[SpaceSpec, ...]
    placeholders: tuple[str, ...]
    _source: Mapping[str, Any] = field(repr=False, compare=False)
    resolved: bool = True

    @classmethod
    def from_dict(
        cls, document: Mapping[str, Any], *, environ: Mapping[str, str] | None = None
    ) -> DesiredState:
        """Check `document` completely; raise one `StateError` listing every problem."""
        parser = _Parser(os.environ if environ is None else environ, resolve=True)
        return parser.parse(document)

    @classmethod
    def unresolved(cls, document: Mapping[str, Any]) -> DesiredState:
        """A checked document whose `${VAR}` placeholders stay as written (for example an
        export before its secrets are filled in). It can be written out, not planned."""
        return _Parser({}, resolve=False).parse(document)

    def only(self, space_ids: Iterable[str]) -> DesiredState:
        """The same document limited to these spaces (the command line's `--target`)."""
        wanted = list(dict.fromkeys(space_ids))
        known = {space.space_id for space in self.spaces}
        missing = [s for s in wanted if s not in known]
        if missing:
            raise StateError(
                [StateProblem(f"spaces.{s}", "is not in the document (--target)") for s in missing]
            )
        source = dict(self._source)
        source["spaces"] = {k: v for k, v in source.get("spaces", {}).items() if k in wanted}
        spaces = tuple(space for space in self.spaces if space.space_id in wanted)
        return DesiredState(spaces, self.placeholders, source, resolved=self.resolved)

    def to_dict(self) -> dict[str, Any]:
        """The document as written (a literal secret in it is given back too)."""
        return json.loads(json.dumps(reveal(self._source)))  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        count = sum(len(s.warehouses) for s in self.spaces)
        return f"DesiredState({len(self.spaces)} spaces, {count} warehouses)"


_OUTSIDE_SETTINGS = "`${…}` placeholders are read only inside settings; write it literally"


def empty_variable_message(name: str) -> str:
    """Why a set-but-empty `${NAME}` is refused, and how to say that empty is meant."""
    return (
        f"the environment variable {name} is set but empty (CI systems expand a missing "
        f"secret to an empty string, which would replace the stored value); set it, or write "
        f"${{{name}:-}} if empty is meant"
    )


class _Parser:
    """One pass over a document, collecting every problem instead of stopping at the first."""

    def __init__(self, environ: Mapping[str, str], *, resolve: bool) -> None:
        self.environ = environ
        self.resolve = resolve
        self.problems: list[StateProblem] = []
        self.placeholders: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(StateProblem(path, message))

    def parse(self, document: Any) -> DesiredState:
        spaces: list[SpaceSpec] = []
        if not isinstance(document, Mapping):
            raise StateError([StateProblem("", "the document must be a mapping")])
        self._unknown(document, _TOP_KEYS, "")
        version = document.get("version")
        if version is None:
            self.problem("version", "is required (version: 1)")
        elif (
            isinstance(version, bool) or not isinstance(version, int | float) or version != VERSION
        ):
            self.problem("version", f"must be {VERSION}, got {version!r}")
        raw_spaces = document.get("spaces")
        if raw_spaces is None:
            self.problem("spaces", "is required")
        elif not isinstance(raw_spaces, Mapping):
            self.problem(
                "spaces", f"must be a mapping of space id to space, not {_kind(raw_spaces)}"
            )
        else:
            for space_id, raw in raw_spaces.items():
                space = self._space(space_id, raw)
                if space is not None:
                    spaces.append(space)
        self._placeholders_outside_settings(document, "")
        if self.problems:
            raise StateError(self.problems)
        return DesiredState(
            tuple(spaces),
            tuple(dict.fromkeys(self.placeholders)),
            _plain(document),
            resolved=self.resolve,
        )

    def _placeholders_outside_settings(self, value: Any, path: str) -> None:
        """`${…}` anywhere but in settings (ids, names, collections, keys): refused, once per
        path (the fields checked on their own are not reported twice)."""
        reported = {p.path for p in self.problems if p.message == _OUTSIDE_SETTINGS}
        if isinstance(value, str):
            if "${" in value and path not in reported:
                self.problem(path, _OUTSIDE_SETTINGS)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and "${" in key and where not in reported:
                    self.problem(where, _OUTSIDE_SETTINGS)
                if key == "settings" and path.rsplit(".", 1)[-1].startswith("warehouses["):
                    continue
                self._placeholders_outside_settings(item, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._placeholders_outside_settings(item, f"{path}[{index}]")

    def _unknown(self, mapping: Mapping[Any, Any], allowed: frozenset[str], path: str) -> None:
        for key in mapping:
            if key not in allowed:
                where = f"{path}.{key}" if path else str(key)
                self.problem(where, f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def _id_problem(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return f"must be a string, not {_kind(value)}"
        if not 1 <= len(value) <= MAX_ID_LENGTH or value in {".", ".."} or "/" in value:
            return f"is not a usable id (1 to {MAX_ID_LENGTH} characters, no '/')"
        return None

    def _space(self, space_id: Any, raw: Any) -> SpaceSpec | None:
        path = f"spaces.{space_id}"
        bad_id = self._id_problem(space_id)
        if bad_id:
            self.problem(path, f"space id {bad_id}")
            return None
        if not isinstance(raw, Mapping):
            self.problem(path, f"must be a mapping, not {_kind(raw)}")
            return None
        self._unknown(raw, _SPACE_KEYS, path)
        prune = raw.get("prune", False)
        if not isinstance(prune, bool):
            self.problem(f"{path}.prune", f"must be true or false, not {_kind(prune)}")
        raw_warehouses = raw.get("warehouses", [])
        if not isinstance(raw_warehouses, list):
            self.problem(f"{path}.warehouses", f"must be a list, not {_kind(raw_warehouses)}")
            raw_warehouses = []
        warehouses = []
        names: dict[str, str] = {}
        ids: dict[str, str] = {}
        for index, item in enumerate(raw_warehouses):
            where = f"{path}.warehouses[{index}]"
            # Checked on the raw entry, so a duplicate is reported beside the entry's other
            # problems (every problem at once).
            raw_item = item if isinstance(item, Mapping) else {}
            for key, seen, what in (
                (raw_item.get("name"), names, "name"),
                (raw_item.get("id"), ids, "id"),
            ):
                if not isinstance(key, str) or not key.strip():
                    continue
                if key in seen:
                    self.problem(where, f"the {what} {key!r} is already used by {seen[key]}")
                seen[key] = where
            spec = self._warehouse(item, where)
            if spec is not None:
                warehouses.append(spec)
        return SpaceSpec(str(space_id), prune is True, tuple(warehouses))

    def _optional(self, raw: Mapping[str, Any], key: str, kind: type, path: str) -> Any:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.problem(f"{path}.{key}", f"must be a {_names[kind]}, not {_kind(value)}")
            return None
        if isinstance(value, str) and not value.strip():
            self.problem(f"{path}.{key}", "must not be empty")
            return None
        if isinstance(value, str) and "${" in value:
            self.problem(f"{path}.{key}", _OUTSIDE_SETTINGS)
            return None
        return value

    def _warehouse(self, raw: Any, path: str) -> WarehouseSpec | None:
        if not isinstance(raw, Mapping):
            self.problem(path, f"must be a mapping, not {_kind(raw)}")
            return None
        self._unknown(raw, _WAREHOUSE_KEYS, path)
        name = self._optional(raw, "name", str, path)
        warehouse_id = raw.get("id")
        if isinstance(warehouse_id, str) and "${" in warehouse_id:
            self.problem(f"{path}.id", _OUTSIDE_SETTINGS)
            warehouse_id = None
        elif warehouse_id is not None:
            bad = self._id_problem(warehouse_id)
            if bad:
                self.problem(f"{path}.id", bad)
                warehouse_id = None
        if name is None and raw.get("id") is None and raw.get("name") is None:
            # `name:` with nothing after it is null: without this it would adopt whichever
            # live warehouse has no name.
            where = f"{path}.name" if "name" in raw else path
            self.problem(where, "needs a non-empty name (or the id of the warehouse to adopt)")
        metadata_id = raw.get("metadata_id")
        if metadata_id is None:
            self.problem(f"{path}.metadata_id", "is required (the warehouse type's catalog id)")
        elif not isinstance(metadata_id, str) or not metadata_id.strip():
            self.problem(
                f"{path}.metadata_id", f"must be a non-empty string, not {_kind(metadata_id)}"
            )
            metadata_id = None
        elif "${" in metadata_id:
            self.problem(f"{path}.metadata_id", _OUTSIDE_SETTINGS)
            metadata_id = None
        enabled = self._optional(raw, "enabled", bool, path)
        schema_name = self._optional(raw, "schema_name", str, path)
        settings = self._settings(raw.get("settings", {}), f"{path}.settings")
        selective = self._selective(raw.get("selective_sync"), f"{path}.selective_sync")
        if metadata_id is None:
            return None
        return WarehouseSpec(
            name=name,
            id=warehouse_id,
            metadata_id=metadata_id,
            enabled=enabled,
            schema_name=schema_name,
            settings=settings,
            selective_sync=selective,
            path=path,
        )

    def _settings(self, raw: Any, path: str) -> dict[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            self.problem(path, f"must be a mapping, not {_kind(raw)}")
            return {}
        settings: dict[str, Any] = {}
        for key, value in raw.items():
            where = f"{path}.{key}"
            if not isinstance(key, str):
                self.problem(where, "keys must be strings")
                continue
            if key == "name":
                self.problem(where, "set the warehouse's name with its `name` field, not here")
                continue
            settings[key] = protect(self._value(value, where), secret=is_secret_key(key))
        return settings

    def _value(self, value: Any, path: str, depth: int = 0) -> Any:
        """A JSON value with `${VAR}` resolved; a string filled from the environment comes
        back as a `Secret` (whatever its key: the author kept it out of the file)."""
        if depth > MAX_DOCUMENT_DEPTH:
            self.problem(path, f"is nested too deeply (more than {MAX_DOCUMENT_DEPTH} levels)")
            return None
        if isinstance(value, str):
            read_before = len(self.placeholders)
            text = self._interpolate(value, path)
            from_environment = len(self.placeholders) > read_before
            if is_masked(text):
                self.problem(
                    path,
                    "is a mask the API shows in place of a secret, not the secret: set it "
                    "from the environment (${NAME}) instead",
                )
            return Secret(text) if self.resolve and from_environment else text
        if value is None or isinstance(value, bool | int):
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                self.problem(path, "must be a finite number")
            return value
        if isinstance(value, Mapping):
            if is_masked(value):
                self.problem(
                    path,
                    "is a mask the API shows in place of a secret (an encrypted value), not "
                    "the secret: set it from the environment (${NAME}) instead",
                )
                return None
            out: dict[str, Any] = {}
            for key, item in value.items():
                if not isinstance(key, str):
                    self.problem(f"{path}.{key}", "keys must be strings")
                    continue
                out[key] = self._value(item, f"{path}.{key}", depth + 1)
            return out
        if isinstance(value, list | tuple):
            return [self._value(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
        self.problem(path, f"must be a JSON value, not {_kind(value)}")
        return None

    def _interpolate(self, text: str, path: str) -> str:
        def replace(match: re.Match[str]) -> str:
            matched, name = match.group(0), match.group(1)
            if matched == "$${":
                return "${"
            if name is None:
                self.problem(
                    path, "has a '${' that is not a ${NAME} placeholder (write $${ for a literal)"
                )
                return matched
            self.placeholders.append(name)
            if not self.resolve:
                return matched
            may_be_empty = match.group(2) is not None
            value = self.environ.get(name)
            if value is None and not may_be_empty:
                self.problem(path, f"needs the environment variable {name}, which is not set")
                return ""
            if not (value or "").strip() and not may_be_empty:
                self.problem(path, empty_variable_message(name))
                return ""
            return value or ""

        return _PLACEHOLDER.sub(replace, text)

    def _selective(self, raw: Any, path: str) -> SelectiveSyncSpec | None:
        if raw is None:
            return None
        if not isinstance(raw, Mapping):
            self.problem(path, f"must be a mapping, not {_kind(raw)}")
            return None
        self._unknown(raw, _SELECTIVE_KEYS, path)
        events = self._optional(raw, "enable_event_tables", bool, path)
        raw_collections = raw.get("collections", {})
        collections: dict[str, CollectionSpec] = {}
        if not isinstance(raw_collections, Mapping):
            self.problem(f"{path}.collections", f"must be a mapping, not {_kind(raw_collections)}")
            raw_collections = {}
        for name, value in raw_collections.items():
            where = f"{path}.collections.{name}"
            if not isinstance(name, str) or not name:
                self.problem(where, "collection names must be non-empty strings")
                continue
            if isinstance(value, bool):
                collections[name] = CollectionSpec(value)
                continue
            if not isinstance(value, Mapping):
                self.problem(where, f"must be true, false or a mapping, not {_kind(value)}")
                continue
            self._unknown(value, _COLLECTION_KEYS, where)
            enabled = self._optional(value, "enabled", bool, where)
            properties = value.get("properties", {})
            if not isinstance(properties, Mapping):
                self.problem(f"{where}.properties", f"must be a mapping, not {_kind(properties)}")
                properties = {}
            props: dict[str, bool] = {}
            for prop, on in properties.items():
                if not isinstance(prop, str) or not prop:
                    self.problem(f"{where}.properties", "property names must be non-empty strings")
                elif not isinstance(on, bool):
                    self.problem(
                        f"{where}.properties.{prop}", f"must be true or false, not {_kind(on)}"
                    )
                else:
                    props[prop] = on
            collections[name] = CollectionSpec(enabled, props)
        return SelectiveSyncSpec(events, collections)


_names = {str: "string", bool: "boolean (true or false)"}


def _kind(value: Any) -> str:
    return {
        type(None): "null",
        bool: "a boolean",
        str: "a string",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def _plain(value: Any) -> Any:
    """A JSON-plain deep copy (tuples as lists), for `to_dict()`; secrets written literally
    in a `settings` mapping are kept in `Secret`s (no pickle of the document holds them)."""
    if isinstance(value, Mapping):
        return {
            str(k): protect(_plain(v)) if k == "settings" else _plain(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# -- files -------------------------------------------------------------------------------------


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise StateError(
            [StateProblem("", f"reading YAML needs PyYAML: {YAML_EXTRA_HINT}")]
        ) from None
    return yaml


def _decode(source: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a `StateError` pointing at the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise StateError(
            [
                StateProblem(
                    source, f"is not UTF-8 text (byte {error.start}, line {line}, column {column})"
                )
            ]
        ) from None


def _read(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix not in {".json", ".yaml", ".yml", ".toml"}:
        raise StateError([StateProblem(str(path), "must end in .json, .yaml, .yml or .toml")])
    try:
        data = path.read_bytes()
    except OSError as error:
        raise StateError([StateProblem(str(path), f"cannot be read: {error.strerror}")]) from None
    return parse_text(_decode(str(path), data), suffix[1:], str(path))


def parse_text(text: str, kind: str, source: str) -> Any:
    """Parse a document's text (`json`, `yaml`/`yml` or `toml`). Errors name the line and
    column, never the text there: it may be a secret."""
    try:
        if kind == "json":
            return json.loads(text, object_pairs_hook=_reject_duplicate_keys)
        if kind in {"yaml", "yml"}:
            return _load_yaml(text)
        if kind == "toml":
            import tomllib

            return tomllib.loads(text)
    except StateError:
        raise
    except RecursionError:
        raise StateError([StateProblem(source, "is nested too deeply")]) from None
    except Exception as error:  # noqa: BLE001 - each parser has its own error types
        raise StateError(
            [StateProblem(source, f"is not valid {kind}: {_parse_error(error)}")]
        ) from None
    raise StateError([StateProblem(source, "must be json, yaml or toml")])


def _parse_error(error: Exception) -> str:
    """A parser's message with its position, without the quoted source PyYAML adds."""
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return str(error)  # json and tomllib name line and column only, never the text
    problem = getattr(error, "problem", None) or "syntax error"
    context = getattr(error, "context", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return f"{context + ': ' if context else ''}{problem} (at {where})"


def _load_yaml(text: str) -> Any:
    yaml = _yaml()
    loader = _unique_key_loader(yaml)(text)  # a SafeLoader subclass
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        distinct: set[int] = set()
        # Without an anchor (`&name`) there is no alias to expand: skip the walk.
        expanded = _expanded_size(node, {}, distinct) if "&" in text else 0
        if expanded - len(distinct) > MAX_ALIAS_EXPANSION:
            raise StateError(
                [
                    StateProblem(
                        "",
                        "YAML aliases (*name) expand this document by more than "
                        f"{MAX_ALIAS_EXPANSION:,} values; write the repeated parts out "
                        "or repeat them less",
                    )
                ]
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(node: Any, memo: dict[int, int], distinct: set[int]) -> int:
    """How many nodes `node` stands for once aliases are expanded (a node counts once for
    every place it is used; memoised, so the walk visits each distinct node once)."""
    key = id(node)
    if key in memo:
        return memo[key]
    distinct.add(key)
    too_big = MAX_ALIAS_EXPANSION * 10
    memo[key] = too_big  # a node that contains itself stands for an endless value
    size = 1
    if isinstance(node.value, list):
        for item in node.value:
            parts = item if isinstance(item, tuple) else (item,)
            size += sum(_expanded_size(part, memo, distinct) for part in parts)
            if size > too_big:
                break
    memo[key] = size
    return size


def safe_loader(yaml: Any) -> Any:
    """PyYAML's safe loader on libyaml (`CSafeLoader`, about 10x faster: a 3 MB document in
    a second) when PyYAML was built with it, else the pure-Python one. Both keep marks."""
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _unique_key_loader(yaml: Any) -> Any:
    """A SafeLoader that refuses duplicate mapping keys (PyYAML keeps the last silently) and
    supports merge keys (`<<: *base`: the merged keys come first, the entry's own win)."""

    merge_tag = "tag:yaml.org,2002:merge"

    class Loader(safe_loader(yaml)):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen = set()
            for key_node, _ in node.value:
                if key_node.tag == merge_tag:
                    continue
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r}", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return Loader


def load_state(
    path: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None
) -> DesiredState:
    """Read and check a document from a `.json`, `.yaml`/`.yml` (needs PyYAML) or `.toml` file."""
    return DesiredState.from_dict(_read(Path(path)), environ=environ)


def load_state_text(
    text: str,
    kind: str = "yaml",
    *,
    source: str = "<stdin>",
    environ: Mapping[str, str] | None = None,
) -> DesiredState:
    """Read and check a document from text (`json`, `yaml` or `toml`), such as standard input."""
    return DesiredState.from_dict(parse_text(text.lstrip("\ufeff"), kind, source), environ=environ)


def _header_lines(state: DesiredState) -> Iterator[str]:
    if state.placeholders:
        yield "Secrets are not exported. Set these variables before planning this document:"
        for name in state.placeholders:
            yield f"  {name}"


def dump_state(state: DesiredState, output_format: str = "yaml") -> str:
    """The document as YAML (its first line names the JSON Schema for editors, then a comment
    naming the secret variables), TOML (the same comments) or JSON."""
    from ._schema import SCHEMA_URL

    document = state.to_dict()
    if output_format == "json":
        return json.dumps(document, indent=2) + "\n"
    header = "".join(f"# {line}\n" for line in _header_lines(state))
    if output_format == "toml":
        return header + _toml(document)
    if output_format != "yaml":
        raise InvalidArgumentError(
            f"output_format must be 'yaml', 'json' or 'toml', not {output_format!r}"
        )
    yaml = _yaml()
    body: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"# yaml-language-server: $schema={SCHEMA_URL}\n" + header + body


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _no_null(path: str) -> StateError:
    return StateError(
        [StateProblem(path, "is null, which TOML cannot hold: export as .yaml or .json instead")]
    )


def _toml_value(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v, f"{path}[{i}]") for i, v in enumerate(value)) + "]"
    if isinstance(value, Mapping):
        items = ", ".join(
            f"{_toml_key(k)} = {_toml_value(v, f'{path}.{k}')}" for k, v in value.items()
        )
        return "{" + items + "}"
    if value is None:
        raise _no_null(path)
    raise InvalidArgumentError(f"TOML cannot hold {type(value).__name__}")


def _toml(document: Mapping[str, Any], prefix: str = "", path: str = "") -> str:
    """A document as TOML: scalars first, then tables, then arrays of tables (tomllib reads
    it back; there is no TOML writer in the standard library). A null inside settings has no
    TOML form and is refused (`StateError` naming it); elsewhere null means absent."""
    lines: list[str] = []
    nested: list[str] = []
    for key, value in document.items():
        name = f"{prefix}.{_toml_key(key)}" if prefix else _toml_key(key)
        where = f"{path}.{key}" if path else str(key)
        if isinstance(value, Mapping):
            nested.append(f"\n[{name}]\n" + _toml(value, name, where))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            nested.extend(
                f"\n[[{name}]]\n" + _toml(item, name, f"{where}[{i}]")
                for i, item in enumerate(value)
            )
        elif value is not None:
            lines.append(f"{_toml_key(key)} = {_toml_value(value, where)}\n")
        elif ".settings" in f".{where}":
            raise _no_null(where)
    return "".join(lines) + "".join(nested)
