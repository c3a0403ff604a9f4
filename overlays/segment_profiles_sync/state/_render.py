"""Plans and apply results as text, for people (pure).

Apart from the data (`_plan.py`) so the shape of a plan and how it reads can change
independently; the command line prints these, and `Plan.render()` / `ApplyResult.render()`
return them. Secrets arrive here already hidden: a diff's values are `(secret)` wherever the
plan found a secret.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .._secrecy import SHOWN

if TYPE_CHECKING:
    from ._plan import ApplyResult, Change, FieldDiff, Plan

SYMBOLS = {"create": "+", "update": "~", "remove": "-", "replace": "-/+", "selective_sync": "~"}
VERBS = {
    "create": "create warehouse",
    "update": "update warehouse",
    "remove": "remove warehouse",
    "replace": "replace warehouse",
    "selective_sync": "selective sync of",
}


def show_value(value: Any) -> str:
    """A value in a diff: booleans as on/off, a secret as `(secret)`, the rest as JSON."""
    if value == SHOWN:
        return SHOWN
    if isinstance(value, bool):
        return "on" if value else "off"
    return json.dumps(value, ensure_ascii=False)


def render_diff(diff: FieldDiff) -> str:
    if diff.secret:
        return f"{diff.path}: {SHOWN}"
    if diff.before is None:
        return f"{diff.path}: {show_value(diff.after)}"
    if diff.after is None:
        return f"{diff.path}: {show_value(diff.before)} → (absent)"
    return f"{diff.path}: {show_value(diff.before)} → {show_value(diff.after)}"


def headline(change: Change) -> str:
    target = f'"{change.name}"' if change.name is not None else "warehouse"
    where = f" ({change.warehouse_id})" if change.warehouse_id else ""
    return f"{SYMBOLS[change.action]} {VERBS[change.action]} {target}{where}"


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


def render_plan(plan: Plan) -> str:
    """Space by space: each change with its diffs, the unmanaged warehouses, then a summary."""
    lines: list[str] = []
    spaces = list(
        dict.fromkeys([c.space_id for c in plan.changes] + [u.space_id for u in plan.unmanaged])
    )
    for space_id in spaces:
        lines.append(f"space {space_id}")
        for change in (c for c in plan.changes if c.space_id == space_id):
            lines.append(f"  {headline(change)}")
            lines.extend(f"      {render_diff(d)}" for d in change.diff)
        for u in (u for u in plan.unmanaged if u.space_id == space_id):
            label = f'"{u.name}"' if u.name is not None else "unnamed warehouse"
            lines.append(f"  = unmanaged {label} ({u.warehouse_id}): kept (prune is off)")
    lines.append(_summary_line(plan))
    return "\n".join(lines)


def render_result(result: ApplyResult) -> str:
    lines = []
    for o in result.outcomes:
        line = f"{o.status:>9}  {headline(o.change)}"
        if o.error is not None:
            line += f": {o.error}"
        if o.note is not None:
            line += f"\n           {o.note}"
        lines.append(line)
    parts = ", ".join(f"{n} {s}" for s, n in result.counts().items() if n)
    lines.append(f"Apply: {parts or 'nothing to do'}.")
    return "\n".join(lines)


MARKDOWN_LIMIT = 65_000  # GitHub refuses comments over 65,536 characters
MARKDOWN_TABLE_ROWS = 50  # spaces in the summary table; the details list them all


def render_markdown(plan: Plan, *, limit: int = MARKDOWN_LIMIT) -> str:
    """The plan as a pull-request comment: the summary first, each space's details folded in
    `<details>`, and never longer than `limit` (what does not fit is cut, with a note)."""
    summary = _summary_line(plan)
    head = [f"### Profiles Sync plan: {summary}", ""]
    spaces = list(
        dict.fromkeys([c.space_id for c in plan.changes] + [u.space_id for u in plan.unmanaged])
    )
    if plan.changes:
        head += [
            "| space | create | update | replace | selective sync | remove |",
            "|---|---|---|---|---|---|",
        ]
        for space_id in spaces[:MARKDOWN_TABLE_ROWS]:
            count = dict.fromkeys(("create", "update", "replace", "selective_sync", "remove"), 0)
            for change in plan.changes:
                if change.space_id == space_id:
                    count[change.action] += 1
            head.append(f"| `{space_id}` | " + " | ".join(str(n) for n in count.values()) + " |")
        if len(spaces) > MARKDOWN_TABLE_ROWS:
            head.append(f"| … {len(spaces) - MARKDOWN_TABLE_ROWS} more spaces | | | | | |")
        head.append("")
    blocks = []
    for space_id in spaces:
        lines = [f"<details><summary>space <code>{space_id}</code></summary>", "", "```diff"]
        for change in (c for c in plan.changes if c.space_id == space_id):
            lines.append(headline(change))
            lines.extend(f"    {render_diff(d)}" for d in change.diff)
        for u in (u for u in plan.unmanaged if u.space_id == space_id):
            label = f'"{u.name}"' if u.name is not None else "unnamed warehouse"
            lines.append(f"= unmanaged {label} ({u.warehouse_id}): kept (prune is off)")
        lines += ["```", "", "</details>", ""]
        blocks.append("\n".join(lines).replace("```\n```", "```"))
    text = "\n".join(head)
    note = "\n_Truncated: {n} of {total} spaces not shown (see the CI log for the full plan)._\n"
    for shown, block in enumerate(blocks):
        if len(text) + len(block) + len(note) + 20 > limit:
            return text + note.format(n=len(blocks) - shown, total=len(blocks))
        text += "\n" + block
    return text
