"""`Runner`: carries out one parsed command of the command line (see `cli/__init__.py`).

Each command is a method, found through `SINGLE_CALLS` / `STATE_COMMANDS`, tables a reader can
grep; the methods only call the library and shape its results.
"""

from __future__ import annotations

import json
from argparse import Namespace
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from . import _exit
from ._args import UsageError

if TYPE_CHECKING:
    from .._async_client import AsyncProfilesSync
    from .._sync_client import ProfilesSync
    from ..state import ApplyResult, DesiredState, Plan
    from ._progress import ProgressBar

Client = TypeVar("Client", "ProfilesSync", "AsyncProfilesSync")

# The client's keyword names as the command line's flags, for its error messages.
_FLAGS = {
    "base_url": "--base-url",
    "region": "--region",
    "max_retries": "--max-retries",
    "timeout": "--timeout",
    "rate_limit_patience": "--rate-limit-patience",
    "budget_share": "--budget-share",
}


def in_flags(message: str) -> str:
    """A client configuration message in the command line's words (`--base-url`, not
    `base_url`); the library's `allow_insecure_http` has no flag, so it is not offered."""
    import re

    message = message.replace(", or pass allow_insecure_http=True if you really mean it", "")
    names = "|".join(_FLAGS)
    return re.sub(rf"(?<![-\w])({names})(?!\w)", lambda m: _FLAGS[m.group(1)], message)


def _client_options(args: Namespace) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for name in ("region", "base_url", "timeout", "max_retries", "rate_limit_patience",
                 "budget_share"):  # fmt: skip
        value = getattr(args, name, None)
        if value is not None:
            options[name] = value
    return options


def _settings(value: str, stdin: IO[str] | None) -> dict[str, Any]:
    """`--settings`: `@file.json`, `-` (standard input) or inline JSON; an object."""
    source = "--settings"
    try:
        if value == "-":
            source = "--settings - (standard input)"
            text = read_stdin(stdin, f"{source}: pass @FILE or the JSON instead")
        elif value.startswith("@"):
            text, source = Path(value[1:]).read_text(encoding="utf-8"), f"--settings {value}"
        else:
            text = value
    except OSError as error:
        raise UsageError(f"{source}: cannot read {value[1:]}: {error.strerror}") from None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        # The message names the position, never the text (it may hold a password).
        raise UsageError(f"{source} is not valid JSON ({error.msg} at {error.pos})") from None
    if not isinstance(parsed, dict):
        raise UsageError(f"{source} must be a JSON object")
    return parsed


def read_stdin(stdin: IO[str] | None, hint: str) -> str:
    """All of standard input, or a usage error when it is closed (`cmd <&-` leaves Python
    with no `sys.stdin` at all)."""
    if stdin is None or stdin.closed:
        raise UsageError(f"standard input is closed: {hint}")
    try:
        return stdin.read()
    except (OSError, ValueError):
        raise UsageError(f"standard input cannot be read: {hint}") from None


def _overrides(args: Namespace) -> list[dict[str, Any]]:
    both = sorted(set(args.disable) & set(args.enable))
    if both:
        raise UsageError(
            f"--enable and --disable both name {', '.join(both)}: say which one you mean"
        )
    overrides = []
    for enabled, values in ((False, args.disable), (True, args.enable)):
        for value in values:
            collection, _, prop = value.partition(".")
            if not collection:
                raise UsageError(f"expected COLLECTION or COLLECTION.PROPERTY, got {value!r}")
            override: dict[str, Any] = {"collection": collection, "enabled": enabled}
            if prop:
                override["property"] = prop
            overrides.append(override)
    return overrides


class Runner:
    """Runs one parsed command; `out` and `err` are the streams it writes to."""

    def __init__(self, args: Namespace, out: IO[str], err: IO[str], stdin: IO[str] | None) -> None:
        from ._render import Output

        self.args = args
        self.err = err
        self.stdin = stdin
        self.output = Output(getattr(args, "output", None), out)
        self._bar: ProgressBar | None = None  # the apply's: its outcomes tell Ctrl-C what ran
        self._token = ""  # resolved once, in run()

    def run(self) -> int:
        from .._config import resolve_token
        from ..errors import ConfigurationError

        offline = OFFLINE_COMMANDS.get(self.args.command)
        if offline is not None:  # no token, no network: runs anywhere (pre-commit, CI lint)
            return offline(self)

        try:
            self._token = resolve_token(None)
        except ConfigurationError:
            raise ConfigurationError(
                "no API token: set SEGMENT_PUBLIC_API_TOKEN (or PUBLIC_API_TOKEN); the command "
                "line takes no --token flag, so the token stays out of shell history"
            ) from None
        command = self.args.command
        state_command = STATE_COMMANDS.get(command)
        if state_command is not None:
            # Everything, output included, happens inside the coroutine: nothing runs after
            # asyncio.run() but the return (coverage.py on 3.11 loses its trace there).
            # asyncio is loaded here, not at the top: `--version` and `--help` skip its
            # 35-50 ms.
            import asyncio

            from ._signals import awake

            return asyncio.run(awake(state_command(self)))
        single_call = SINGLE_CALLS[(command, self.args.action)]
        from .._sync_client import ProfilesSync

        with _with_flags(ProfilesSync, self.args, self._token) as ps:
            return single_call(self, ps)

    # -- single calls ----------------------------------------------------------------------

    def warehouses_list(self, ps: ProfilesSync) -> int:
        from ._render import pages_of, warehouse_record

        pages = ps.list_warehouses(self.args.space).pages()
        columns = ["id", "name", "type", "enabled", "schema_name"]  # settings: --output json
        self.output.rows(pages_of(pages, warehouse_record), columns)
        return _exit.OK

    def warehouses_create(self, ps: ProfilesSync) -> int:
        from ._render import warehouse_record

        warehouse = ps.create_warehouse(
            self.args.space,
            metadata_id=self.args.metadata_id,
            settings=_settings(self.args.settings, self.stdin),
            name=self.args.name,
            enabled=False if self.args.disabled else None,
            schema_name=self.args.schema_name,
        )
        self.output.document(warehouse_record(warehouse))
        return _exit.OK

    def warehouses_update(self, ps: ProfilesSync) -> int:
        from ._render import warehouse_record

        settings = {} if self.args.settings is None else _settings(self.args.settings, self.stdin)
        enabled = True if self.args.enable else (False if self.args.disable else None)
        warehouse = ps.update_warehouse(
            self.args.space,
            self.args.warehouse,
            settings=settings,
            name=self.args.name,
            enabled=enabled,
            schema_name=self.args.schema_name,
        )
        self.output.document(warehouse_record(warehouse))
        return _exit.OK

    def warehouses_remove(self, ps: ProfilesSync) -> int:
        ps.remove_warehouse(self.args.space, self.args.warehouse)
        self.output.text(
            f"removed warehouse {self.args.warehouse}",
            {"removed": self.args.warehouse, "space_id": self.args.space},
        )
        return _exit.OK

    def selective_sync_list(self, ps: ProfilesSync) -> int:
        from ._render import pages_of, selective_record

        pages = ps.list_selective_syncs(self.args.space, self.args.warehouse).pages()
        columns = ["collection", "enabled", "properties", "properties_off"]
        self.output.rows(pages_of(pages, selective_record), columns)
        return _exit.OK

    def selective_sync_update(self, ps: ProfilesSync) -> int:
        overrides = _overrides(self.args)
        events = None if self.args.event_tables is None else self.args.event_tables == "on"
        if not overrides and events is None:
            raise UsageError("nothing to change: give --disable, --enable or --event-tables")
        status = ps.update_selective_sync(
            self.args.space,
            self.args.warehouse,
            sync_overrides=overrides or None,
            enable_event_tables=events,
        )
        self.output.text(f"selective sync: {status.value}", {"status": status.value})
        return _exit.OK

    # -- desired state ---------------------------------------------------------------------

    def _client(self) -> AsyncProfilesSync:
        from .._async_client import AsyncProfilesSync

        return _with_flags(AsyncProfilesSync, self.args, self._token)

    def _state(self) -> DesiredState:
        """The document of `-f` (a file, or standard input for `-f -`), limited to the
        `--target` spaces."""
        from ..state import load_state, load_state_text

        path = self.args.file
        if path == "-":
            text = read_stdin(self.stdin, "-f - reads the document from it; give a file")
            state = load_state_text(text, self.args.format or "yaml")
        else:
            state = load_state(path)
        targets = getattr(self.args, "target", None)
        return state.only(targets) if targets else state

    def _show_plan(self, plan: Plan) -> None:
        if self.output.format == "markdown":
            from ..state import render_markdown

            self.output.write(render_markdown(plan))
        else:
            self.output.text(plan.render(), plan.to_dict())

    async def plan(self) -> int:
        from ._progress import ProgressBar

        state = self._state()
        async with self._client() as aps:
            with ProgressBar(aps, "planning", self.err) as bar:
                plan = await aps.plan(
                    state, rotate_secrets=self.args.rotate_secrets, on_progress=bar
                )
        if self.args.out:
            plan.save(self.args.out)
            self.err.write(
                f"saved the plan to {self.args.out} (no secret in it); apply exactly it with: "
                f"segment-profiles-sync apply {self.args.out} -f {self.args.file}\n"
            )
        self._show_plan(plan)
        if self.args.detailed_exitcode and plan.has_changes:
            return _exit.CHANGES
        return _exit.OK

    async def apply(self) -> int:
        from ..state import load_plan

        if self.args.file == "-" and not self.args.auto_approve:
            raise UsageError(
                "-f - reads the document from standard input, which leaves nothing to answer "
                "the confirmation: add --auto-approve"
            )
        if self.args.saved_plan and self.args.rotate_secrets:
            raise UsageError(
                "--rotate-secrets goes with plan, not with a saved plan: the plan file says "
                "whether it rotates (plan --rotate-secrets --out PLAN.json)"
            )
        saved = self._load_saved(load_plan) if self.args.saved_plan else None
        state = self._state()
        async with self._client() as aps:
            plan = await self._plan_to_apply(aps, state, saved)
            if not plan.has_changes:
                if self.output.format not in {"table", "markdown"}:
                    self.output.document(_applied(plan, None))
                return _exit.OK
            if not self.args.auto_approve and not await self._confirm(len(plan.changes)):
                return _exit.ERROR
            result = await self._apply_locked(aps, plan, state, saved)
        if self.output.format in {"table", "markdown"}:
            self.output.write(result.render())
        else:
            self.output.document(_applied(plan, result))
        return _exit.OK if result.ok else _exit.ERROR

    def _load_saved(self, load_plan: Callable[[str], Plan]) -> Plan:
        """The saved plan; a warning (a file from a newer version) goes to stderr."""
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            saved = load_plan(self.args.saved_plan)
        for warning in caught:
            self.err.write(f"warning: {warning.message}\n")
        return saved

    async def _plan_to_apply(
        self, aps: AsyncProfilesSync, state: DesiredState, saved: Plan | None
    ) -> Plan:
        """What is shown before apply: the plan made now, or for a saved plan, the saved
        changes checked against a plan made now (only matching spaces are shown as they
        will be sent: the file's own labels are never shown)."""
        from ._progress import ProgressBar

        if saved is not None:
            saved = saved.only(self.args.target) if self.args.target else saved
            with ProgressBar(aps, "checking the plan", self.err) as bar:
                fresh = await aps.plan(
                    state.only([s for s in saved.documents if s in _space_ids(state)])
                    if saved.documents
                    else state,
                    rotate_secrets=saved.rotate_secrets,
                    on_progress=bar,
                )
            shown = fresh
        else:
            with ProgressBar(aps, "planning", self.err) as bar:
                shown = await aps.plan(
                    state, rotate_secrets=self.args.rotate_secrets, on_progress=bar
                )
        if self.output.format in {"table", "markdown"}:
            self._show_plan(shown)
        return saved if saved is not None else shown

    async def _apply_locked(
        self, aps: AsyncProfilesSync, plan: Plan, state: DesiredState, saved: Plan | None
    ) -> ApplyResult:
        from contextlib import nullcontext

        from ._lock import space_locks
        from ._progress import ProgressBar

        spaces = {c.space_id for c in plan.changes}
        lock = space_locks(aps.base_url, spaces, self.err) if self.args.lock else nullcontext()
        with lock:
            bar = ProgressBar(aps, "applying", self.err)
            self._bar = bar
            with bar:
                return await aps.apply(
                    plan,
                    state if saved is not None else None,
                    allow_replace=self.args.allow_replace,
                    on_progress=bar,
                )

    async def _confirm(self, count: int) -> bool:
        """Ask on the terminal. The answer is awaited (the event loop watches standard input),
        so Ctrl-C at the prompt cancels at once."""
        import asyncio

        stdin = self.stdin
        if stdin is None or stdin.closed or not stdin.isatty():
            from ..errors import SegmentError

            raise SegmentError(
                "refusing to apply without confirmation: standard input is not a terminal "
                "(pass --auto-approve to apply anyway)"
            )
        self.err.write(f"Apply {count} change{'s' if count != 1 else ''}? [y/N] ")
        self.err.flush()
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[str] = loop.create_future()

        def readable() -> None:
            if not answered.done():
                answered.set_result(stdin.readline())

        descriptor = stdin.fileno()
        try:
            loop.add_reader(descriptor, readable)
        except NotImplementedError:  # an event loop that cannot watch files (Windows)
            answer = stdin.readline().strip().lower()
        else:
            try:
                answer = (await answered).strip().lower()
            finally:
                loop.remove_reader(descriptor)
        if answer in {"y", "yes"}:
            return True
        self.err.write("Not applied.\n")
        return False

    async def export(self) -> int:
        from ..state import dump_state
        from ._progress import ProgressBar

        out = self.args.out
        if out:
            fmt = _FORMATS_BY_SUFFIX.get(Path(out).suffix.lower())
            if fmt is None:
                raise UsageError(f"-o {out}: the name must end in .yaml, .yml, .json or .toml")
        else:
            fmt = "json" if self.args.output in {"json", "jsonl"} else "yaml"
        async with self._client() as aps:
            with ProgressBar(aps, "exporting", self.err) as bar:
                state = await aps.export(self.args.space, on_progress=bar)
        text = dump_state(state, fmt)
        if out:
            import asyncio

            try:
                await asyncio.to_thread(Path(out).write_text, text, encoding="utf-8")
            except OSError as error:
                from ..errors import StateError, StateProblem

                raise StateError(
                    [StateProblem(out, f"cannot be written: {error.strerror}")]
                ) from None
            names = ", ".join(state.placeholders) or "none"
            self.err.write(f"wrote {out}; secrets to set before planning it: {names}\n")
        else:
            self.output.stream.write(text)
        return _exit.OK

    # -- offline: no token, no network -------------------------------------------------------

    def validate(self) -> int:
        from ..state import validate_document

        files = [*self.args.files, *([self.args.file] if self.args.file else [])]
        if not files:
            raise UsageError("give the documents to check (FILE ..., or -f FILE, - for stdin)")
        diagnostics = []
        for name in files:
            if name == "-":
                text = read_stdin(self.stdin, "- reads the document from it; give a file")
                diagnostics += validate_document(None, text=text, kind=self.args.format or "yaml")
            else:
                diagnostics += validate_document(name, kind=self.args.format)
        failing = [d for d in diagnostics if d.severity == "error" or self.args.strict]
        if self.output.format in {"json", "jsonl"}:
            self.output.document([d.to_dict() for d in diagnostics])
        else:
            for diagnostic in diagnostics:
                self.output.write(diagnostic.render())
            errors = sum(d.severity == "error" for d in diagnostics)
            warnings = len(diagnostics) - errors
            names = ", ".join("<stdin>" if f == "-" else f for f in files)
            self.output.write(
                f"{names}: {errors} error{'s' if errors != 1 else ''}, "
                f"{warnings} warning{'s' if warnings != 1 else ''}"
                + (" (warnings fail with --strict)" if warnings and not self.args.strict else "")
            )
        return _exit.ERROR if failing else _exit.OK

    def schema(self) -> int:
        from ..state import document_schema

        self.output.stream.write(json.dumps(document_schema(), indent=2) + "\n")
        return _exit.OK

    def interrupted(self, *, as_json: bool = False) -> dict[str, Any] | None:
        """After Ctrl-C: per space, what was applied and what was in flight (it may have been
        applied). As text on stderr; with `as_json`, returned for the one error object."""
        bar = self._bar
        if bar is None:
            if not as_json:
                self.err.write("interrupted\n")
            return None
        applied, in_flight = bar.applied(), bar.in_flight()
        spaces = list(
            dict.fromkeys([o.change.space_id for o in applied] + [c.space_id for c in in_flight])
        )
        if as_json:
            return {
                "spaces": {
                    space: {
                        "applied": [o.to_dict() for o in applied if o.change.space_id == space],
                        "in_flight": [c.to_dict() for c in in_flight if c.space_id == space],
                    }
                    for space in spaces
                }
            }
        from .._text import inert

        self.err.write(
            f"interrupted: {len(applied)} change{'s' if len(applied) != 1 else ''} applied, "
            f"{len(in_flight)} in flight (may have been applied)\n"
        )
        for space in spaces:
            self.err.write(f"space {inert(space)}:\n")
            for outcome in (o for o in applied if o.change.space_id == space):
                where = f" ({inert(outcome.warehouse_id)})" if outcome.warehouse_id else ""
                self.err.write(f"  applied    {outcome.change.headline()}{where}\n")
            for change in (c for c in in_flight if c.space_id == space):
                self.err.write(f"  in flight  {change.headline()} (may have been applied)\n")
        return None


# The commands, by name: the tables a reader greps to find what runs.
SINGLE_CALLS: dict[tuple[str, str], Callable[[Runner, ProfilesSync], int]] = {
    ("warehouses", "list"): Runner.warehouses_list,
    ("warehouses", "create"): Runner.warehouses_create,
    ("warehouses", "update"): Runner.warehouses_update,
    ("warehouses", "remove"): Runner.warehouses_remove,
    ("selective-sync", "list"): Runner.selective_sync_list,
    ("selective-sync", "update"): Runner.selective_sync_update,
}
OFFLINE_COMMANDS: dict[str, Callable[[Runner], int]] = {
    "validate": Runner.validate,
    "schema": Runner.schema,
}
STATE_COMMANDS: dict[str, Callable[[Runner], Coroutine[Any, Any, int]]] = {
    "plan": Runner.plan,
    "apply": Runner.apply,
    "export": Runner.export,
}

_FORMATS_BY_SUFFIX = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}


def _with_flags(client_class: type[Client], args: Namespace, token: str) -> Client:
    """Build a client from the flags and the token (resolved once, in `run`); a refused value
    is a usage error naming the flag."""
    from ..errors import InvalidArgumentError

    try:
        return client_class(token, **_client_options(args))
    except InvalidArgumentError as error:
        raise UsageError(in_flags(str(error))) from None


def _space_ids(state: DesiredState) -> set[str]:
    return {space.space_id for space in state.spaces}


def _applied(plan: Plan, result: ApplyResult | None) -> dict[str, Any]:
    """`apply --output json`: the plan and the result, versioned like each of them."""
    from ..state import apply_report

    return apply_report(plan, result)
