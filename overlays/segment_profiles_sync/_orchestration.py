"""What the Airflow and Dagster integrations share: settings in, documents in, verdicts out.

Both orchestrators hand us loosely typed settings (an Airflow connection's extras are strings
when they come from a URI or an environment variable; Dagster's config is typed but optional),
read a document by path, and must turn an `ApplyResult` into one failure message a person
reads in a task log. Doing that here keeps the two integrations saying the same thing in the
same words, and keeps both thin. Nothing here imports an orchestrator (or asyncio): it sits
beside `cli/`, above `state/` and the clients, and uses only their public names.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._constants import DEFAULT_CONCURRENCY, MAX_CONCURRENCY
from .errors import ConfigurationError

if TYPE_CHECKING:
    from .state import ApplyResult, DesiredState, Plan

__all__ = [
    "ClientSettings",
    "drift_summary",
    "not_applied",
    "not_applied_message",
    "read_document",
    "settings_from_mapping",
]

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object, name: str, source: str, *, whole: bool) -> float:
    """A number from a setting that may be text (a connection's extras often are)."""
    what = "a whole number" if whole else "a number of seconds"
    bad = ConfigurationError(f"{source}: {name} must be {what}, got {value!r}")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise bad
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except ValueError:
        raise bad from None
    if whole and not number.is_integer():  # 2.5, inf and nan alike
        raise bad
    return number


def _int(value: object, name: str, source: str, low: int, high: int) -> int:
    number = int(_number(value, name, source, whole=True))
    if not low <= number <= high:
        raise ConfigurationError(f"{source}: {name} must be from {low} to {high}, got {number}")
    return number


def _seconds(value: object, name: str, source: str) -> float:
    number = _number(value, name, source, whole=False)
    if not 0 < number < float("inf"):
        raise ConfigurationError(f"{source}: {name} must be a positive number, got {value!r}")
    return number


class ClientSettings:
    """A client's options read from an orchestrator's settings, checked once.

    `token` is kept out of `repr` (a task log prints operators and hooks). Blank values mean
    "not set" (a connection form leaves empty strings behind). The client applies its own
    rules on top (plain `http://` only to loopback, `region` and `base_url` not both).
    """

    __slots__ = ("_token", "base_url", "concurrency", "max_retries", "region", "timeout")

    def __init__(
        self,
        *,
        token: object,
        base_url: object = None,
        region: object = None,
        max_retries: object = None,
        timeout: object = None,
        concurrency: object = None,
        source: str = "settings",
    ) -> None:
        if _blank(token) or not isinstance(token, str):
            raise ConfigurationError(f"{source}: no Public API token (it is empty)")
        self._token = token.strip()
        self.base_url = None if _blank(base_url) else str(base_url).strip()
        self.region = None if _blank(region) else str(region).strip().lower()
        if self.region is not None and self.region not in {"us", "eu"}:
            raise ConfigurationError(f"{source}: region must be 'us' or 'eu', got {region!r}")
        if self.base_url is not None and self.region is not None:
            raise ConfigurationError(
                f"{source}: set the base URL (host) or the region, not both; they may disagree"
            )
        from ._constants import MAX_MAX_RETRIES

        self.max_retries = (
            None
            if _blank(max_retries)
            else _int(max_retries, "max_retries", source, 0, MAX_MAX_RETRIES)
        )
        self.timeout = None if _blank(timeout) else _seconds(timeout, "timeout", source)
        self.concurrency = (
            DEFAULT_CONCURRENCY
            if _blank(concurrency)
            else _int(concurrency, "concurrency", source, 1, MAX_CONCURRENCY)
        )

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for `ProfilesSync(...)` / `AsyncProfilesSync(...)`."""
        options: dict[str, Any] = {"token": self._token}
        for name in ("base_url", "region", "max_retries", "timeout"):
            value = getattr(self, name)
            if value is not None:
                options[name] = value
        return options

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}={getattr(self, name)!r}"
            for name in ("base_url", "region", "max_retries", "timeout", "concurrency")
        )
        return f"ClientSettings(token=<hidden>, {shown})"


def read_document(
    path: str | os.PathLike[str], targets: str | Iterable[str] | None = None
) -> DesiredState:
    """The document at `path` (YAML, JSON or TOML), limited to `targets` when given; its
    `${VAR}`s are read from this process's environment, as the command line reads them."""
    from .state import load_state

    state = load_state(path)
    if isinstance(targets, str):
        targets = [targets]
    wanted = list(targets or ())
    return state.only(wanted) if wanted else state


def not_applied(result: ApplyResult) -> list[str]:
    """One line per change that failed or was skipped: what it was and why."""
    return [
        f"{o.change.headline()}: {o.status}: {o.error}" + (f" ({o.note})" if o.note else "")
        for o in result.outcomes
        if o.status in {"failed", "skipped"}
    ]


def not_applied_message(result: ApplyResult) -> str | None:
    """None when every change applied, else the message a failed task shows."""
    lines = not_applied(result)
    if not lines:
        return None
    counts = result.counts()
    head = (
        f"{len(lines)} of {len(result.outcomes)} changes did not apply "
        f"({counts['failed']} failed, {counts['skipped']} skipped; the others ran):"
    )
    return "\n".join([head, *(f"  {line}" for line in lines)])


def drift_summary(plan: Plan) -> dict[str, Any]:
    """A small, JSON-ready account of a plan for events and metadata: counts and the
    affected spaces, never a setting value (`Plan.to_dict()` has the diff itself)."""
    spaces: dict[str, int] = {}
    for change in plan.changes:
        spaces[change.space_id] = spaces.get(change.space_id, 0) + 1
    data = plan.to_dict()
    return {
        "format_version": data["format_version"],
        "has_changes": data["has_changes"],
        "summary": data["summary"],
        "not_compared": data["not_compared"],
        "unmanaged": len(data["unmanaged"]),
        "changes_by_space": spaces,
    }


def settings_from_mapping(
    values: Mapping[str, Any], *, token: object, source: str
) -> ClientSettings:
    """`ClientSettings` from a mapping of optional fields (extras, config)."""
    return ClientSettings(
        token=token,
        base_url=values.get("base_url"),
        region=values.get("region"),
        max_retries=values.get("max_retries"),
        timeout=values.get("timeout"),
        concurrency=values.get("concurrency"),
        source=source,
    )
