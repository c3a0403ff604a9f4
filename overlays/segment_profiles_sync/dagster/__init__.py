"""Dagster: a configured client as a resource, drift as an asset check, apply as an asset.

    pip install 'segment-profiles-sync[dagster]'

    import dagster as dg
    from segment_profiles_sync.dagster import (
        SegmentProfilesSyncResource,
        build_profiles_sync_apply_asset,
        build_profiles_sync_drift_check,
    )

    defs = dg.Definitions(
        assets=[warehouse_tables, build_profiles_sync_apply_asset("profiles-sync.yaml")],
        asset_checks=[build_profiles_sync_drift_check("profiles-sync.yaml", warehouse_tables)],
        resources={
            "segment_profiles_sync": SegmentProfilesSyncResource(
                token=dg.EnvVar("SEGMENT_PUBLIC_API_TOKEN")
            )
        },
    )

Thin on purpose: the desired-state work is the package's (`state/`); this module only says
it in Dagster's terms. `import segment_profiles_sync` never imports Dagster. See the
documentation's "Dagster" page.
"""

from ._definitions import build_profiles_sync_apply_asset, build_profiles_sync_drift_check
from ._resource import SegmentProfilesSyncResource

__all__ = [
    "SegmentProfilesSyncResource",
    "build_profiles_sync_apply_asset",
    "build_profiles_sync_drift_check",
]
