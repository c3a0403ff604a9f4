"""Plan and apply operators: the desired-state job as Airflow tasks.

`SegmentProfilesSyncPlanOperator` returns (as its XCom) the saved plan, exactly what
`segment-profiles-sync plan --out` writes: no secret in it, safe in Airflow's metadata
database. `SegmentProfilesSyncApplyOperator` applies exactly that plan, after checking it
against the document and the live state again (as `apply PLAN -f DOC` does), or plans and
applies in one task when given no plan. Both run the blocking client in the worker.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._orchestration import drift_summary, not_applied_message, read_document
from ..errors import SegmentError
from ._compat import AirflowException, AirflowSkipException, BaseOperator
from .hooks import SegmentProfilesSyncHook

if TYPE_CHECKING:
    from airflow.sdk import XComArg

    from ..state import Plan

__all__ = ["SegmentProfilesSyncApplyOperator", "SegmentProfilesSyncPlanOperator"]

DEFAULT_CONN_ID = SegmentProfilesSyncHook.default_conn_name


def _failed(what: str, error: SegmentError) -> AirflowException:
    """The package's error as the task's failure; its message never holds a secret."""
    return AirflowException(f"{what}: {type(error).__name__}: {error}")


class SegmentProfilesSyncPlanOperator(BaseOperator):
    """Plan `document` against the live state; return the saved plan (XCom).

    :param document: path of the desired-state document (YAML, JSON or TOML; templated).
        Its `${VAR}`s are read from the worker's environment.
    :param targets: only these space ids of the document (templated).
    :param fail_on_changes: fail the task when the plan has changes (a drift gate).
    :param skip_when_no_changes: skip the downstream tasks when there are none.
    :param segment_profiles_sync_conn_id: the `segment_profiles_sync` connection.
    """

    template_fields: Sequence[str] = ("document", "targets")
    ui_color = "#52bd94"

    def __init__(
        self,
        *,
        document: str,
        targets: Sequence[str] | None = None,
        fail_on_changes: bool = False,
        skip_when_no_changes: bool = False,
        segment_profiles_sync_conn_id: str = DEFAULT_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.document = document
        self.targets = targets
        self.fail_on_changes = fail_on_changes
        self.skip_when_no_changes = skip_when_no_changes
        self.segment_profiles_sync_conn_id = segment_profiles_sync_conn_id

    def execute(self, context: Any) -> dict[str, Any]:
        hook = SegmentProfilesSyncHook(self.segment_profiles_sync_conn_id)
        try:
            state = read_document(self.document, self.targets)
            with hook.get_client() as ps:
                plan = ps.plan(state, concurrency=hook.concurrency)
        except SegmentError as error:
            raise _failed("plan failed", error) from error
        self.log.info("Plan for %s:\n%s", self.document, plan.render())
        if self.fail_on_changes and plan.has_changes:
            summary = drift_summary(plan)["summary"]
            counts = ", ".join(f"{n} {action}" for action, n in summary.items() if n)
            raise AirflowException(
                f"the live state differs from {self.document}: {counts} (fail_on_changes)"
            )
        if self.skip_when_no_changes and not plan.has_changes:
            raise AirflowSkipException(f"no changes: the live state matches {self.document}")
        return plan.to_saved()


class SegmentProfilesSyncApplyOperator(BaseOperator):
    """Apply `document`: exactly a saved plan when `plan` is given, else plan and apply.

    :param document: path of the desired-state document (templated); with a saved plan it
        must be the document the plan was made from (its secrets are sent from it).
    :param plan: the plan operator's XCom (a dict, for example `plan_task.output`), a saved
        plan's JSON text, or the path of a plan file. It is checked again against the
        document and the live state: a stale or edited plan fails the task, nothing written.
    :param targets: only these space ids (templated).
    :param allow_replace: allow changes that remove a warehouse and create a new one.
    :param segment_profiles_sync_conn_id: the `segment_profiles_sync` connection.

    Returns the apply result as the command line's `apply --output json` prints it. A change
    that failed or was skipped fails the task after the rest has run, naming each one.
    """

    template_fields: Sequence[str] = ("document", "plan", "targets")
    ui_color = "#3d9970"

    def __init__(
        self,
        *,
        document: str,
        plan: Mapping[str, Any] | str | XComArg | None = None,
        targets: Sequence[str] | None = None,
        allow_replace: bool = False,
        segment_profiles_sync_conn_id: str = DEFAULT_CONN_ID,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.document = document
        self.plan = plan
        self.targets = targets
        self.allow_replace = allow_replace
        self.segment_profiles_sync_conn_id = segment_profiles_sync_conn_id

    def _saved_plan(self) -> Plan | None:
        from ..state import load_plan

        source = self.plan
        if source is None:
            return None
        if isinstance(source, str) and source.lstrip().startswith("{"):
            try:
                source = json.loads(source)
            except ValueError:
                raise AirflowException("plan: the text is not a saved plan (not JSON)") from None
        saved = load_plan(source)  # type: ignore[arg-type]
        return saved.only(self.targets) if self.targets else saved

    def execute(self, context: Any) -> dict[str, Any]:
        from ..state import apply_report

        hook = SegmentProfilesSyncHook(self.segment_profiles_sync_conn_id)
        try:
            saved = self._saved_plan()
            state = read_document(self.document, self.targets)
            with hook.get_client() as ps:
                plan = ps.plan(state, concurrency=hook.concurrency) if saved is None else saved
                result = None
                if plan.has_changes:
                    result = ps.apply(
                        plan,
                        state if saved is not None else None,
                        allow_replace=self.allow_replace,
                        concurrency=hook.concurrency,
                    )
        except SegmentError as error:
            raise _failed("apply failed", error) from error
        if result is None:
            self.log.info("No changes: the live state matches %s", self.document)
            return apply_report(plan, None)
        self.log.info("Applied:\n%s", result.render())
        message = not_applied_message(result)
        if message is not None:
            raise AirflowException(message)
        return apply_report(plan, result)
