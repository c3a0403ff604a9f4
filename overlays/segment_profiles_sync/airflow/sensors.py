"""`SegmentProfilesSyncDriftSensor`: succeeds when the live state drifts from the document.

Deferrable by default: the waiting happens in the triggerer
(`SegmentProfilesSyncDriftTrigger`, natively async), not in a worker slot. With
`deferrable=False` it pokes with the blocking client, in `poke` or `reschedule` mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from .._orchestration import drift_summary, read_document
from ._compat import AirflowException, BaseSensorOperator
from .hooks import SegmentProfilesSyncHook
from .triggers import SegmentProfilesSyncDriftTrigger

__all__ = ["SegmentProfilesSyncDriftSensor"]


class SegmentProfilesSyncDriftSensor(BaseSensorOperator):
    """Wait until planning `document` finds changes; return the drift summary (XCom).

    :param document: path of the desired-state document (templated).
    :param targets: only these space ids (templated).
    :param poke_interval: seconds between checks (default 300: each check lists every
        space, so keep it well above the rate-limit window).
    :param deferrable: wait in the triggerer (default) instead of a worker.
    :param segment_profiles_sync_conn_id: the `segment_profiles_sync` connection.

    An error (a refused token, an unreadable document) fails the task with the message.
    """

    template_fields: Sequence[str] = ("document", "targets")
    ui_color = "#f0b429"

    def __init__(
        self,
        *,
        document: str,
        targets: Sequence[str] | None = None,
        poke_interval: float = 300.0,
        deferrable: bool = True,
        segment_profiles_sync_conn_id: str = SegmentProfilesSyncHook.default_conn_name,
        **kwargs: Any,
    ) -> None:
        super().__init__(poke_interval=poke_interval, **kwargs)
        self.document = document
        self.targets = targets
        self.deferrable = deferrable
        self.segment_profiles_sync_conn_id = segment_profiles_sync_conn_id

    def execute(self, context: Any) -> Any:
        if not self.deferrable:
            return super().execute(context)
        self.defer(
            trigger=SegmentProfilesSyncDriftTrigger(
                document=self.document,
                targets=self.targets,
                segment_profiles_sync_conn_id=self.segment_profiles_sync_conn_id,
                poke_interval=self.poke_interval,
            ),
            method_name="execute_complete",
            timeout=timedelta(seconds=self.timeout),
        )
        return None  # pragma: no cover - defer() raises

    def poke(self, context: Any) -> Any:
        from airflow.sdk import PokeReturnValue

        hook = SegmentProfilesSyncHook(self.segment_profiles_sync_conn_id)
        state = read_document(self.document, self.targets)
        with hook.get_client() as ps:
            plan = ps.plan(state, concurrency=hook.concurrency)
        if not plan.has_changes:
            self.log.info("no drift: the live state matches %s", self.document)
            return False
        self.log.info("drift from %s:\n%s", self.document, plan.render())
        return PokeReturnValue(is_done=True, xcom_value=drift_summary(plan))

    def execute_complete(self, context: Any, event: Mapping[str, Any]) -> Any:
        """Resumed by the trigger's event: the summary on drift, a failure on error."""
        if event.get("status") == "drift":
            self.log.info("drift from %s: %s", self.document, event.get("summary"))
            return event.get("summary")
        raise AirflowException(f"drift check failed: {event.get('message', event)}")
