"""After a create whose answer was lost: find out whether it happened (pure decisions).

The API has no idempotency keys, so a create is never replayed blindly (it could make a
second warehouse). When a create fails in a way that may have been applied (a 5xx, a
connection lost after sending, a read timeout), the space is listed and:

- exactly one new warehouse with that name and metadata id → it was applied: adopt it;
- none → it was not applied: create once more;
- more than one → something else is creating too: stop, naming them.

"New" means not among the warehouses the space held before the create. The I/O lives in the
clients (`create_warehouse(..., reconcile=True)`); the rules live here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple

from ._wire import name_in_settings
from .errors import APIConnectionError, APIStatusError, SegmentError
from .retry import outcome_unknown

if TYPE_CHECKING:
    from segment_profiles_sync_api.models import ProfilesWarehouse


class CreateResult(NamedTuple):
    """A created warehouse, and whether it was `recovered` (found after a lost answer)."""

    warehouse: ProfilesWarehouse
    recovered: bool


def may_have_been_applied(error: SegmentError) -> bool:
    """Whether a failed create might have created the warehouse anyway."""
    if isinstance(error, APIStatusError):
        return outcome_unknown(status=error.status_code)
    if isinstance(error, APIConnectionError):
        return outcome_unknown(error=error.__cause__)
    return False


def warehouse_name(warehouse: ProfilesWarehouse) -> str | None:
    """The API keeps a warehouse's name in `settings["name"]`."""
    return name_in_settings(warehouse.settings.additional_properties)


def new_matches(
    warehouses: Iterable[ProfilesWarehouse],
    *,
    name: str,
    metadata_id: str,
    existing_ids: Collection[str],
) -> list[ProfilesWarehouse]:
    """The warehouses that a lost create of (`name`, `metadata_id`) could have made."""
    return [
        w
        for w in warehouses
        if w.id not in existing_ids and warehouse_name(w) == name and w.metadata.id == metadata_id
    ]
