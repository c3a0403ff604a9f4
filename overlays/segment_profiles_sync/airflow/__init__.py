"""An Airflow 3 provider: a hook, plan and apply operators, a deferrable drift sensor.

    pip install 'segment-profiles-sync[airflow]'

    from segment_profiles_sync.airflow import (
        SegmentProfilesSyncApplyOperator,
        SegmentProfilesSyncDriftSensor,
        SegmentProfilesSyncHook,
        SegmentProfilesSyncPlanOperator,
    )

The connection type is `segment_profiles_sync`: its password is the Public API token, its host
(when set) the base URL, its extras `region`, `max_retries`, `timeout` and `concurrency`. The
provider registers itself through the `apache_airflow_provider` entry point
(`provider_info.get_provider_info`, which imports no Airflow). Names load on first use, so
`import segment_profiles_sync.airflow` costs nothing until a class is touched, and
`import segment_profiles_sync` never imports Airflow. See the documentation's "Airflow" page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports as _lazy_exports

if TYPE_CHECKING:
    from .hooks import SegmentProfilesSyncHook
    from .operators import SegmentProfilesSyncApplyOperator, SegmentProfilesSyncPlanOperator
    from .provider_info import get_provider_info
    from .sensors import SegmentProfilesSyncDriftSensor
    from .triggers import SegmentProfilesSyncDriftTrigger

_LAZY = {
    "SegmentProfilesSyncApplyOperator": ".operators",
    "SegmentProfilesSyncDriftSensor": ".sensors",
    "SegmentProfilesSyncDriftTrigger": ".triggers",
    "SegmentProfilesSyncHook": ".hooks",
    "SegmentProfilesSyncPlanOperator": ".operators",
    "get_provider_info": ".provider_info",
}

__all__ = [
    "SegmentProfilesSyncApplyOperator",
    "SegmentProfilesSyncDriftSensor",
    "SegmentProfilesSyncDriftTrigger",
    "SegmentProfilesSyncHook",
    "SegmentProfilesSyncPlanOperator",
    "get_provider_info",
]

__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
