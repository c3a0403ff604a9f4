"""Plans and apply results as text, for people (pure).

Apart from the data (`_plan.py`) so the shape of a plan and how it reads can change
independently; the command line prints these, and `Plan.render()` / `ApplyResult.render()`
return them. Secrets arrive here already hidden: a secret's diff carries the `secret` flag and
no value, and is shown as `(secret)`.

Everything that comes from the document or the API (names, ids, keys, values, error messages)
is rendered **inert**: control characters, escape sequences (ANSI colours, OSC 8 links, a
carriage return that rewrites a line) and invisible or bidirectional marks are shown as
escapes (`\x1b` → `\u001b`), so a warehouse name cannot redraw a reviewed plan in a terminal or
a CI log. In markdown, code blocks are fenced longer than any backtick run inside them and
names outside code are HTML-escaped, so a name cannot close a fence or add a mention, a link
or an image to a pull-request comment.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from .._secrecy import SHOWN
from .._text import inert

# What the renderers read, as structural types: `_plan.py` defines the data and calls these
# functions, so this module names no class of it (no import circle between the two).


class FieldDiff(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...
    @property
    def secret(self) -> bool: ...


class Change(Protocol):
    @property
    def action(self) -> str: ...
    @property
    def space_id(self) -> str: ...
    @property
    def warehouse_id(self) -> str | None: ...
    @property
    def name(self) -> str | None: ...
    @property
    def diff(self) -> Sequence[FieldDiff]: ...


class Unmanaged(Protocol):
    @property
    def space_id(self) -> str: ...
    @property
    def warehouse_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...


class Plan(Protocol):
    @property
    def changes(self) -> Sequence[Change]: ...
    @property
    def unmanaged(self) -> Sequence[Unmanaged]: ...
    @property
    def not_compared(self) -> int: ...
    def summary(self) -> dict[str, int]: ...


class Outcome(Protocol):
    @property
    def change(self) -> Change: ...
    @property
    def status(self) -> str: ...
    @property
    def error(self) -> Exception | None: ...
    @property
    def note(self) -> str | None: ...


class ApplyResult(Protocol):
    @property
    def outcomes(self) -> Sequence[Outcome]: ...
    def counts(self) -> dict[str, int]: ...


SYMBOLS = {"create": "+", "update": "~", "remove": "-", "replace": "-/+", "selective_sync": "~"}
VERBS = {
    "create": "create warehouse",
    "update": "update warehouse",
    "remove": "remove warehouse",
    "replace": "replace warehouse",
    "selective_sync": "selective sync of",
}


def show_value(value: Any) -> str:
    """A value in a diff: booleans as on/off, the rest as JSON, inert. (A secret never gets
    here: `render_diff` shows its flag; a value that merely reads "(secret)" is shown quoted,
    like any other text.)"""
    if isinstance(value, bool):
        return "on" if value else "off"
    return inert(json.dumps(value, ensure_ascii=False))


def render_diff(diff: FieldDiff) -> str:
    path = inert(diff.path)
    if diff.secret:
        return f"{path}: {SHOWN}"
    if diff.before is None:
        return f"{path}: {show_value(diff.after)}"
    if diff.after is None:
        return f"{path}: {show_value(diff.before)} → (absent)"
    return f"{path}: {show_value(diff.before)} → {show_value(diff.after)}"


def quoted(name: str | None, missing: str) -> str:
    """A name as `"…"` (JSON-quoted, so quotes inside it are escaped), inert."""
    return inert(json.dumps(name, ensure_ascii=False)) if name is not None else missing


def headline(change: Change) -> str:
    target = quoted(change.name, "warehouse")
    where = f" ({inert(change.warehouse_id)})" if change.warehouse_id else ""
    return f"{SYMBOLS[change.action]} {VERBS[change.action]} {target}{where}"


def by_space(plan: Plan) -> dict[str, tuple[list[Change], list[Unmanaged]]]:
    """The plan's changes and unmanaged warehouses grouped by space, in order, in one pass
    (a render that filtered per space would be quadratic in the number of spaces)."""
    groups: dict[str, tuple[list[Change], list[Unmanaged]]] = {}
    for change in plan.changes:
        groups.setdefault(change.space_id, ([], []))[0].append(change)
    for unmanaged in plan.unmanaged:
        groups.setdefault(unmanaged.space_id, ([], []))[1].append(unmanaged)
    return groups


def _summary_line(plan: Plan) -> str:
    unknown = plan.not_compared
    caveat = (
        f" {unknown} secret value{'s' if unknown != 1 else ''} not compared "
        f"(the API does not show {'them' if unknown != 1 else 'it'})."
        if unknown
        else ""
    )
    if not plan.changes:
        if unknown:
            return f"No changes.{caveat}"
        return "No changes. The live state matches the document."
    parts = [f"{n} to {a.replace('_', ' ')}" for a, n in plan.summary().items() if n]
    return f"Plan: {', '.join(parts)}.{caveat}"


def _unmanaged_line(u: Unmanaged) -> str:
    label = quoted(u.name, "unnamed warehouse")
    return f"= unmanaged {label} ({inert(u.warehouse_id)}): kept (prune is off)"


def render_plan(plan: Plan) -> str:
    """Space by space: each change with its diffs, the unmanaged warehouses, then a summary."""
    lines: list[str] = []
    for space_id, (changes, unmanaged) in by_space(plan).items():
        lines.append(f"space {inert(space_id)}")
        for change in changes:
            lines.append(f"  {headline(change)}")
            lines.extend(f"      {render_diff(d)}" for d in change.diff)
        lines.extend(f"  {_unmanaged_line(u)}" for u in unmanaged)
    lines.append(_summary_line(plan))
    return "\n".join(lines)


def render_result(result: ApplyResult) -> str:
    lines = []
    for o in result.outcomes:
        line = f"{o.status:>9}  {headline(o.change)}"
        if o.error is not None:
            line += f": {inert(o.error)}"
        if o.note is not None:
            line += f"\n           {inert(o.note)}"
        lines.append(line)
    parts = ", ".join(f"{n} {s}" for s, n in result.counts().items() if n)
    lines.append(f"Apply: {parts or 'nothing to do'}.")
    return "\n".join(lines)


MARKDOWN_LIMIT = 65_000  # GitHub refuses comments over 65,536 characters
MARKDOWN_TABLE_ROWS = 50  # spaces in the summary table; the details list them all


def _fence(lines: Iterable[str]) -> str:
    """A code fence longer than any run of backticks in `lines` (at least three)."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _code(text: str) -> str:
    """Inline HTML code (escaped, pipes too, so it is safe in a table cell)."""
    return f"<code>{html.escape(inert(text)).replace('|', '&#124;')}</code>"


def render_markdown(plan: Plan, *, limit: int = MARKDOWN_LIMIT) -> str:
    """The plan as a pull-request comment: the summary first, every remove and replace listed
    next (so truncation never hides one), each space's details folded in `<details>`, and
    never longer than `limit` (what does not fit is cut, with a note)."""
    summary = _summary_line(plan)
    head = [f"### Profiles Sync plan: {summary}", ""]
    groups = by_space(plan)
    spaces = list(groups)
    if plan.changes:
        head += [
            "| space | create | update | replace | selective sync | remove |",
            "|---|---|---|---|---|---|",
        ]
        for space_id in spaces[:MARKDOWN_TABLE_ROWS]:
            count = dict.fromkeys(("create", "update", "replace", "selective_sync", "remove"), 0)
            for change in groups[space_id][0]:
                count[change.action] += 1
            head.append(
                f"| {_code(space_id)} | " + " | ".join(str(n) for n in count.values()) + " |"
            )
        if len(spaces) > MARKDOWN_TABLE_ROWS:
            head.append(f"| … {len(spaces) - MARKDOWN_TABLE_ROWS} more spaces | | | | | |")
        head.append("")
    destructive = [c for c in plan.changes if c.action in {"remove", "replace"}]
    if destructive:
        lines = [f"{inert(c.space_id)}: {headline(c)}" for c in destructive]
        fence = _fence(lines)
        head += [
            f"**{len(destructive)} warehouse{'s' if len(destructive) != 1 else ''} "
            "removed or replaced:**",
            "",
            f"{fence}diff",
            *lines,
            fence,
            "",
        ]
    blocks = []
    for space_id, (changes, unmanaged) in groups.items():
        body: list[str] = []
        for change in changes:
            body.append(headline(change))
            body.extend(f"    {render_diff(d)}" for d in change.diff)
        body.extend(_unmanaged_line(u) for u in unmanaged)
        fence = _fence(body)
        lines = [
            f"<details><summary>space {_code(space_id)}</summary>",
            "",
            f"{fence}diff",
            *body,
            fence,
            "",
            "</details>",
            "",
        ]
        blocks.append("\n".join(lines))
    text = "\n".join(head)
    note = "\n_Truncated: {n} of {total} spaces not shown (see the CI log for the full plan)._\n"
    for shown, block in enumerate(blocks):
        if len(text) + len(block) + len(note) + 20 > limit:
            return text + note.format(n=len(blocks) - shown, total=len(blocks))
        text += "\n" + block
    return text
