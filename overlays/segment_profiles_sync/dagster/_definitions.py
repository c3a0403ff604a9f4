"""The drift asset check and the apply asset, built for a document.

(No `from __future__ import annotations` here: Dagster reads the `context` annotation as a
class, not as a string.)

Both read the document when they run (its `${VAR}`s from the run's environment), so a
deployed change to it is seen without rebuilding the definitions. Metadata holds counts and
the plan as markdown (the renderer of `--output markdown`): flags for secrets, never values.
"""

import os
from collections.abc import Sequence
from typing import Any

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetsDefinition,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from .._orchestration import drift_summary, not_applied_message, read_document
from ..errors import SegmentError
from ._resource import SegmentProfilesSyncResource

__all__ = ["build_profiles_sync_apply_asset", "build_profiles_sync_drift_check"]

DEFAULT_RESOURCE_KEY = "segment_profiles_sync"


def _resource(context: Any, key: str) -> SegmentProfilesSyncResource:
    resource = getattr(context.resources, key)
    if not isinstance(resource, SegmentProfilesSyncResource):
        raise Failure(
            description=f"resource {key!r} is a {type(resource).__name__}, "
            "not a SegmentProfilesSyncResource"
        )
    return resource


def _failure(what: str, error: SegmentError) -> Failure:
    """The package's error as Dagster's failure; its message never holds a secret."""
    return Failure(description=f"{what}: {type(error).__name__}: {error}")


def build_profiles_sync_drift_check(
    document: str | os.PathLike[str],
    asset: Any,
    *,
    name: str = "profiles_sync_drift",
    blocking: bool = False,
    targets: Sequence[str] | None = None,
    resource_key: str = DEFAULT_RESOURCE_KEY,
    pool: str | None = None,
) -> AssetChecksDefinition:
    """An asset check on `asset` (the warehouse tables Profiles Sync fills) that plans
    `document` against the live state: passes when nothing would change; otherwise fails with
    severity WARN (ERROR when `blocking=True`, which also holds back downstream assets), and
    metadata with the plan's counts and the changes as markdown."""
    path = os.fspath(document)

    @asset_check(
        asset=asset,
        name=name,
        blocking=blocking,
        required_resource_keys={resource_key},
        pool=pool,
        description=f"Segment Profiles Sync matches {path}",
    )
    def profiles_sync_drift(context: AssetCheckExecutionContext) -> AssetCheckResult:
        from ..state import render_markdown

        resource = _resource(context, resource_key)
        try:
            state = read_document(path, targets)
            with resource.get_client() as ps:
                plan = ps.plan(state, concurrency=resource.concurrency)
        except SegmentError as error:
            raise _failure("drift check failed", error) from error
        summary = drift_summary(plan)
        metadata: dict[str, Any] = {
            "document": path,
            "has_changes": plan.has_changes,
            **{f"changes_{action}": n for action, n in summary["summary"].items()},
            "not_compared": plan.not_compared,
            "unmanaged": summary["unmanaged"],
            "spaces_with_changes": len(summary["changes_by_space"]),
        }
        if plan.has_changes:
            metadata["plan"] = MetadataValue.md(render_markdown(plan))
        return AssetCheckResult(
            passed=not plan.has_changes,
            severity=AssetCheckSeverity.ERROR if blocking else AssetCheckSeverity.WARN,
            metadata=metadata,
            description=None if not plan.has_changes else f"the live state differs from {path}",
        )

    return profiles_sync_drift


def build_profiles_sync_apply_asset(
    document: str | os.PathLike[str],
    *,
    key: str | Sequence[str] = "profiles_sync_apply",
    targets: Sequence[str] | None = None,
    pool: str | None = None,
    resource_key: str = DEFAULT_RESOURCE_KEY,
    allow_replace: bool = False,
) -> AssetsDefinition:
    """An asset that applies `document` (plans, then applies that plan) and records the
    result's counts as metadata. Any failed or skipped change fails the materialization after
    the rest has run, naming each one. `pool` is a Dagster concurrency pool: give each token
    a pool with a limit of 1 (two runs on one token only add rate-limit refusals)."""
    path = os.fspath(document)

    @asset(
        key=key,
        pool=pool,
        required_resource_keys={resource_key},
        description=f"Segment Profiles Sync applied from {path}",
        kinds={"segment"},
    )
    def profiles_sync_apply(context: AssetExecutionContext) -> MaterializeResult:  # type: ignore[type-arg]
        from ..state import render_markdown

        resource = _resource(context, resource_key)
        try:
            state = read_document(path, targets)
            with resource.get_client() as ps:
                plan = ps.plan(state, concurrency=resource.concurrency)
                result = (
                    ps.apply(plan, allow_replace=allow_replace, concurrency=resource.concurrency)
                    if plan.has_changes
                    else None
                )
        except SegmentError as error:
            raise _failure("apply failed", error) from error
        counts = {"applied": 0, "recovered": 0, "failed": 0, "skipped": 0}
        if result is not None:
            counts = result.counts()
            context.log.info("Applied:\n" + result.render())
        metadata: dict[str, Any] = {
            "document": path,
            **{f"changes_{action}": n for action, n in plan.summary().items()},
            **counts,
        }
        if plan.has_changes:
            metadata["plan"] = MetadataValue.md(render_markdown(plan))
        message = None if result is None else not_applied_message(result)
        if message is not None:
            raise Failure(description=message, metadata=counts)
        return MaterializeResult(metadata=metadata)

    return profiles_sync_apply
