"""Dagster definitions: the warehouse tables Profiles Sync fills, a drift check on them, and
an asset that applies the declared state.

    SEGMENT_PUBLIC_API_TOKEN=... SEGMENT_WAREHOUSE_PASSWORD=... dagster dev -f definitions.py

`SEGMENT_PUBLIC_API_URL` points the resource at another API root (the emulator, in
`make test-dagster`). The apply asset runs in the token's concurrency pool; give that pool a
limit of 1 (`dagster instance concurrency set segment_profiles_sync 1`, or `pools:` in
dagster.yaml): the rate limit is per token, so a second run on it only adds refusals.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from segment_profiles_sync.dagster import (
    SegmentProfilesSyncResource,
    build_profiles_sync_apply_asset,
    build_profiles_sync_drift_check,
)

DOCUMENT = Path(__file__).resolve().parent / "profiles-sync.yaml"
POOL = "segment_profiles_sync"  # one pool per token


@dg.asset(kinds={"snowflake"}, description="The profile tables Profiles Sync writes.")
def profile_tables() -> dg.MaterializeResult:  # type: ignore[type-arg]
    """Stands in for the tables a warehouse integration (dbt, Snowflake) would describe."""
    return dg.MaterializeResult(metadata={"schema": "segment_profiles"})


profiles_sync_apply = build_profiles_sync_apply_asset(DOCUMENT, pool=POOL)
profiles_sync_drift = build_profiles_sync_drift_check(DOCUMENT, profile_tables, pool=POOL)

defs = dg.Definitions(
    assets=[profile_tables, profiles_sync_apply],
    asset_checks=[profiles_sync_drift],
    resources={
        # The API root: SEGMENT_PUBLIC_API_URL when set (as for the client), else the US one.
        "segment_profiles_sync": SegmentProfilesSyncResource(
            token=dg.EnvVar("SEGMENT_PUBLIC_API_TOKEN")
        )
    },
)
