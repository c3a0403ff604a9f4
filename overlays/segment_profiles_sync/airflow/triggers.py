"""`SegmentProfilesSyncDriftTrigger`: waits in the triggerer until the live state drifts.

It runs `AsyncProfilesSync.plan()` natively in the triggerer's event loop: every request is
an awaited httpx call, so hundreds of deferred sensors share one loop without a thread each.
It re-reads the connection there (with Airflow's async API) and re-reads the document before
each check, so a deployed change to the document is seen. `serialize()` carries only the
connection id, the document path, the targets and the interval: never the token, never a
value of the document.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any

from .._orchestration import drift_summary, read_document
from ..errors import SegmentError
from ._compat import BaseTrigger, TriggerEvent
from .hooks import SegmentProfilesSyncHook

__all__ = ["SegmentProfilesSyncDriftTrigger"]


def _event(payload: dict[str, Any]) -> TriggerEvent:
    """A TriggerEvent (Airflow's constructor is unannotated: typed once, here)."""
    return TriggerEvent(payload)  # type: ignore[no-untyped-call]


class SegmentProfilesSyncDriftTrigger(BaseTrigger):
    """Plan `document` every `poke_interval` seconds; fire once on drift or on an error.

    Events: `{"status": "drift", "summary": {...}}` (counts and affected spaces, no values),
    or `{"status": "error", "message": "..."}`. With no drift it keeps waiting.
    """

    def __init__(
        self,
        document: str,
        targets: Sequence[str] | None = None,
        segment_profiles_sync_conn_id: str = SegmentProfilesSyncHook.default_conn_name,
        poke_interval: float = 300.0,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # Airflow's is unannotated
        self.document = document
        self.targets = list(targets) if targets is not None else None
        self.segment_profiles_sync_conn_id = segment_profiles_sync_conn_id
        self.poke_interval = float(poke_interval)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {
                "document": self.document,
                "targets": self.targets,
                "segment_profiles_sync_conn_id": self.segment_profiles_sync_conn_id,
                "poke_interval": self.poke_interval,
            },
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        hook = SegmentProfilesSyncHook(self.segment_profiles_sync_conn_id)
        try:
            settings = await hook.asettings()
            async with await hook.aget_client() as ps:
                while True:
                    # File reading is the one blocking step: off the loop, in a thread.
                    state = await asyncio.to_thread(read_document, self.document, self.targets)
                    plan = await ps.plan(state, concurrency=settings.concurrency)
                    if plan.has_changes:
                        self.log.info("drift from %s: %s", self.document, plan.summary())
                        yield _event({"status": "drift", "summary": drift_summary(plan)})
                        return
                    await asyncio.sleep(self.poke_interval)
        except SegmentError as error:
            yield _event({"status": "error", "message": f"{type(error).__name__}: {error}"})
