"""Airflow names that moved between 3.0 and 3.3, imported from where each version has them.

The Task SDK (`airflow.sdk`) is the home from 3.1 on; 3.0 still had some of them in core.
"""

from __future__ import annotations

try:  # 3.1+
    from airflow.sdk import BaseHook
except ImportError:  # pragma: no cover - 3.0
    from airflow.hooks.base import BaseHook  # type: ignore[no-redef,attr-defined,unused-ignore]

from airflow.sdk import BaseOperator, BaseSensorOperator

try:  # 3.1+
    from airflow.sdk.exceptions import AirflowException, AirflowSkipException
except ImportError:  # pragma: no cover - 3.0
    from airflow.exceptions import (  # type: ignore[no-redef,attr-defined,unused-ignore]
        AirflowException,
        AirflowSkipException,
    )

from airflow.triggers.base import BaseTrigger, TriggerEvent

__all__ = [
    "AirflowException",
    "AirflowSkipException",
    "BaseHook",
    "BaseOperator",
    "BaseSensorOperator",
    "BaseTrigger",
    "TriggerEvent",
]
