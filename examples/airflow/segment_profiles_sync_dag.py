"""Keep every workspace's Profiles Sync in its declared state: plan, then apply that plan.

One Airflow connection per workspace (its Public API token); for each, the documents that
describe its spaces. Per token, a task group is mapped with `.expand()` over the documents,
and every task of that token runs in the token's own one-slot pool: the API's rate limit is
per token, so a second task on one token only adds refusals, while tokens run side by side
on whatever executor the deployment uses (Local, Celery, Kubernetes).

Configure with `SEGMENT_PROFILES_SYNC_WORKSPACES`, a JSON object of connection id -> list of
document paths (relative paths are read beside this file), and create one pool per token:

    airflow pools set segment_profiles_sync__segment_profiles_sync_default 1 "one token"

`make test-airflow` runs this DAG end to end with `airflow dags test` against the emulator.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from airflow.sdk import DAG, task_group
from segment_profiles_sync.airflow import (
    SegmentProfilesSyncApplyOperator,
    SegmentProfilesSyncPlanOperator,
)

HERE = Path(__file__).resolve().parent
WORKSPACES: dict[str, list[str]] = json.loads(
    os.environ.get(
        "SEGMENT_PROFILES_SYNC_WORKSPACES",
        json.dumps({"segment_profiles_sync_default": ["profiles-sync.yaml"]}),
    )
)


def pool_for(conn_id: str) -> str:
    """The one-slot pool of a token (its connection)."""
    return f"segment_profiles_sync__{conn_id}"


def sync_token(conn_id: str, documents: list[str]) -> None:
    """One token's task group, mapped over its documents: plan -> apply per document."""

    @task_group(group_id=f"sync__{conn_id}")
    def sync(document: str) -> None:
        plan = SegmentProfilesSyncPlanOperator(
            task_id="plan",
            document=document,
            skip_when_no_changes=True,  # nothing to apply: the apply is skipped
            segment_profiles_sync_conn_id=conn_id,
            pool=pool_for(conn_id),
        )
        SegmentProfilesSyncApplyOperator(
            task_id="apply",
            document=document,
            plan=plan.output,  # exactly the reviewed plan, checked again before writing
            segment_profiles_sync_conn_id=conn_id,
            pool=pool_for(conn_id),
        )

    sync.expand(document=[str(HERE / d) for d in documents])


with DAG(
    dag_id="segment_profiles_sync",
    schedule="@hourly",
    catchup=False,
    max_active_runs=1,
    tags=["segment", "profiles-sync"],
    doc_md=__doc__,
):
    for conn_id, documents in WORKSPACES.items():
        sync_token(conn_id, documents)
