"""`validate`: check a document offline, and say where each problem is (pure, but for reads).

No token, no network, no environment needed: the document is checked as `plan` checks it, its
`${VAR}` placeholders left unresolved (one that is not set here is a warning: plan and apply
need it). Each problem is a `Diagnostic` with the file, line and column it points at, found
through the YAML composer's marks (JSON documents too; TOML by the key's line). Settings keys
not known for the warehouse type are advisory warnings, with "did you mean" for near misses:
the catalog is incomplete, so unknown keys are never refused.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ..errors import StateError
from ._document import (
    _PLACEHOLDER,
    DesiredState,
    _decode,
    _yaml,
    empty_variable_message,
    parse_text,
    safe_loader,
)

__all__ = ["KNOWN_SETTINGS", "Diagnostic", "validate_document"]

# Settings keys seen per warehouse type (docs/api-contract: advisory, the catalog is incomplete).
KNOWN_SETTINGS: dict[str, frozenset[str]] = {
    "CCIl4HLQPz": frozenset(  # Snowflake
        {"account", "username", "password", "auth_type", "warehouse", "database", "private_key"}
        | {"private_key_passphrase", "role"}
    ),
    "aea3c55dsz": frozenset({"hostname", "port", "database", "username", "password"}),  # Redshift
    "55d3d3aea3c": frozenset({"hostname", "port", "database", "username", "password"}),  # Postgres
    "kwX50Df0hr": frozenset(  # BigQuery
        {"credential_id", "location", "gc-project", "credentials", "service_account"}
    ),
}
_POSITION = re.compile(r"line (\d+),? column (\d+)")


class Diagnostic(NamedTuple):
    """One finding: where (`file`, `path` in the document, `line` and `column`, 1-based;
    None when not known), how bad (`error` fails validation, `warning` only with --strict)."""

    file: str
    path: str
    line: int | None
    column: int | None
    severity: Literal["error", "warning"]
    message: str

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        subject = f"{self.path}: " if self.path else ""
        return f"{where}: {self.severity}: {subject}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def _yaml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Document path → (line, column) of each key, from the YAML composer (JSON is YAML)."""
    try:
        yaml = _yaml()
        node = yaml.compose(text, Loader=safe_loader(yaml))
    except Exception:  # noqa: BLE001 - no positions is fine: the problem is still reported
        return {}
    positions: dict[str, tuple[int, int]] = {}

    def walk(node: Any, path: str) -> None:
        mark = node.start_mark
        positions.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node.value, list):
            for index, item in enumerate(node.value):
                if isinstance(item, tuple):
                    key, value = item
                    child = f"{path}.{key.value}" if path else str(key.value)
                    positions[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
                    walk(value, child)
                else:
                    walk(item, f"{path}[{index}]")

    if node is not None:
        walk(node, "")
    return positions


# What YAML 1.1 (PyYAML) reads as something other than the text a reader sees: `yes`/`no`/
# `on`/`off` become booleans, `0777` an octal number (511). YAML 1.2 and JSON disagree.
_YAML11_BOOL = re.compile(r"(?i:yes|no|on|off)")
_YAML11_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_YAML11_CANDIDATE = re.compile(
    r":[ \t]+(?i:yes|no|on|off|[-+]?0[0-7_]+)[ \t]*(?:#.*)?$", re.MULTILINE
)


def _yaml11_surprises(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(path, message, position) for each unquoted settings value YAML 1.1 reads as a boolean
    or an octal number. A cheap scan first: most documents have none, and are not composed."""
    if not _YAML11_CANDIDATE.search(text):
        return []
    try:
        yaml = _yaml()
        node = yaml.compose(text, Loader=safe_loader(yaml))
    except Exception:  # noqa: BLE001 - a document that does not compose is reported elsewhere
        return []
    found: list[tuple[str, str, tuple[int, int]]] = []

    def walk(node: Any, path: str, in_settings: bool) -> None:
        if isinstance(node.value, str):
            if in_settings and not node.style:  # plain: None (Python) or "" (libyaml)
                message = _surprise(node.value)
                if message is not None:
                    mark = node.start_mark
                    found.append((path, message, (mark.line + 1, mark.column + 1)))
            return
        for index, item in enumerate(node.value):
            if isinstance(item, tuple):
                key, value = item
                child = f"{path}.{key.value}" if path else str(key.value)
                walk(value, child, in_settings or key.value == "settings")
            else:
                walk(item, f"{path}[{index}]", in_settings)

    if node is not None:
        walk(node, "", False)
    return found


def _surprise(text: str) -> str | None:
    if _YAML11_BOOL.fullmatch(text):
        value = "true" if text.lower() in {"yes", "on"} else "false"
        return (
            f"{text} is read as the boolean {value} (YAML 1.1), not the text {text!r}: quote "
            f"it if you mean the text, or write {value}"
        )
    if _YAML11_OCTAL.fullmatch(text) and text.strip("+-0_"):
        number = int(text.replace("_", ""), 8)
        return (
            f"{text} is read as the octal number {number} (YAML 1.1), not {text.lstrip('0')}: "
            "quote it if you mean the text"
        )
    return None


def _toml_position(text: str, path: str) -> tuple[int, int] | None:
    """The line of the path's last key in a TOML document (tomllib keeps no positions)."""
    key = re.split(r"[.\[]", path)[-1].rstrip("]")
    if not key:
        return None
    pattern = re.compile(rf"^\s*(\"?{re.escape(key)}\"?\s*=|\[+[^\]]*\b{re.escape(key)}\b)")
    for number, line in enumerate(text.splitlines(), 1):
        match = pattern.search(line)
        if match:
            return number, len(line) - len(line.lstrip()) + 1
    return None


def _locate(path: str, positions: Mapping[str, tuple[int, int]]) -> tuple[int, int] | None:
    """The position of `path`, else of its nearest parent that has one."""
    while path:
        if path in positions:
            return positions[path]
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return positions.get("")


def _placeholders(value: Any, path: str = "") -> Iterator[tuple[str, str, bool]]:
    """(path, NAME, may be empty) for each `${NAME}` / `${NAME:-}` a parsed document reads."""
    if isinstance(value, str):
        for match in _PLACEHOLDER.finditer(value):
            if match.group(1):
                yield path, match.group(1), match.group(2) is not None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _placeholders(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, f"{path}[{index}]")


def _variable_warnings(document: Any, environ: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(path, message) for each `${NAME}` that plan and apply would refuse here: not set, or
    set but empty (`${NAME:-}` says empty is meant)."""
    for path, variable, may_be_empty in _placeholders(document):
        if may_be_empty:
            continue
        if variable not in environ:
            yield (
                path,
                f"the environment variable {variable} is not set here (plan and apply need it)",
            )
        elif not environ[variable].strip():
            yield path, empty_variable_message(variable)


def _unknown_keys(document: Any) -> Iterator[tuple[str, str]]:
    """(path, message) for each settings key not known for its warehouse type."""
    spaces = document.get("spaces") if isinstance(document, Mapping) else None
    if not isinstance(spaces, Mapping):
        return
    for space_id, space in spaces.items():
        warehouses = space.get("warehouses") if isinstance(space, Mapping) else None
        for index, warehouse in enumerate(warehouses if isinstance(warehouses, list) else []):
            if not isinstance(warehouse, Mapping):
                continue
            known = KNOWN_SETTINGS.get(str(warehouse.get("metadata_id")))
            settings = warehouse.get("settings")
            if known is None or not isinstance(settings, Mapping):
                continue
            for key in settings:
                if str(key) in known:
                    continue
                close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                yield (
                    f"spaces.{space_id}.warehouses[{index}].settings.{key}",
                    f"{key!r} is not a settings key known for this warehouse type{hint}",
                )


def validate_document(
    source: str | os.PathLike[str] | None,
    *,
    text: str | None = None,
    kind: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """Every problem of a document, located. Give a file path, or `text` (and its `kind`:
    json, yaml or toml) read from elsewhere, such as standard input."""
    name = "<stdin>" if source is None else str(source)
    environ = os.environ if environ is None else environ
    if text is None:
        path = Path(str(source))
        kind = kind or path.suffix.lower().lstrip(".")
        try:
            text = _decode(name, path.read_bytes())
        except OSError as error:
            return [Diagnostic(name, "", None, None, "error", f"cannot be read: {error.strerror}")]
        except StateError as error:
            return [_from_problem(name, p.path, p.message, {}) for p in error.problems]
    kind = {"yml": "yaml"}.get(kind or "yaml", kind or "yaml")
    if kind not in {"json", "yaml", "toml"}:
        return [
            Diagnostic(name, "", None, None, "error", "must end in .json, .yaml, .yml or .toml")
        ]
    try:
        document = parse_text(text, kind, name)
    except StateError as error:
        return [_from_problem(name, "", p.message, {}) for p in error.problems]
    positions: dict[str, tuple[int, int]] | None = None

    def where(path: str) -> tuple[int, int] | None:
        """Composed only when a diagnostic needs a position: a clean document skips it."""
        nonlocal positions
        if kind == "toml":
            return _toml_position(text, path)
        if positions is None:
            positions = _yaml_positions(text)
        return _locate(path, positions)

    diagnostics: list[Diagnostic] = []
    try:
        DesiredState.unresolved(document)
    except StateError as error:
        diagnostics += [
            _at(name, p.path, "error", p.message, where(p.path)) for p in error.problems
        ]
    diagnostics += [
        _at(name, path, "warning", message, where(path))
        for path, message in _variable_warnings(document, environ)
    ]
    diagnostics += [
        _at(name, path, "warning", message, where(path))
        for path, message in _unknown_keys(document)
    ]
    if kind == "yaml":
        diagnostics += [
            _at(name, path, "warning", message, position)
            for path, message, position in _yaml11_surprises(text)
        ]
    return diagnostics


def _at(
    name: str, path: str, severity: Literal["error", "warning"], message: str,
    position: tuple[int, int] | None,
) -> Diagnostic:  # fmt: skip
    line, column = position if position is not None else (None, None)
    return Diagnostic(name, path, line, column, severity, message)


def _from_problem(
    name: str, path: str, message: str, positions: Mapping[str, tuple[int, int]]
) -> Diagnostic:
    """A parse error: its message names line and column; take them from there."""
    match = _POSITION.search(message)
    position = (int(match.group(1)), int(match.group(2))) if match else None
    return _at(name, path, "error", message, position)
