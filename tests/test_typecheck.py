"""The answer type checker on its own: every kind of annotation, and the path it reports."""

from __future__ import annotations

import math
from typing import Any

import pytest
from segment_profiles_sync._typecheck import ShapeError, check_model
from segment_profiles_sync.models import (
    IntegrationOption,
    PaginationOutput,
    ProfilesWarehouse,
    SelectiveSyncUpdateStatus,
)
from segment_profiles_sync_api.models import (
    ListProfilesWarehouseInSpaceAlphaOutput,
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput,
)

from tests import payloads


def _warehouse(**overrides: Any) -> ProfilesWarehouse:
    return ProfilesWarehouse.from_dict(payloads.warehouse(**overrides))


def test_a_well_formed_model_passes() -> None:
    """A parsed answer of the documented shape raises nothing."""
    check_model(_warehouse(), "body")
    check_model(PaginationOutput(current="MA==", next_=None, total_entries=3.0), "p")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enabled", "yes", "w.enabled: expected boolean, got str"),
        ("id", 5, "w.id: expected string, got int"),
        ("settings", [], "w.settings"),
    ],
)
def test_a_wrong_field_is_named_with_its_path(field: str, value: Any, message: str) -> None:
    """The first mismatch is reported as a dotted path with the expected and actual types."""
    warehouse = _warehouse()
    setattr(warehouse, field, value)
    with pytest.raises(ShapeError, match=message):
        check_model(warehouse, "w")


def test_nested_list_items_are_indexed() -> None:
    """A bad item deep in a list is reported with its index."""
    warehouse = _warehouse()
    option: IntegrationOption = warehouse.metadata.options[0]
    option.required = "true"  # type: ignore[assignment]
    page = ListProfilesWarehouseInSpaceAlphaOutput(profiles_warehouses=[_warehouse(), warehouse])
    with pytest.raises(ShapeError) as info:
        check_model(page, "data")
    assert str(info.value) == (
        "data.profiles_warehouses[1].metadata.options[0].required: expected boolean, got str"
    )


@pytest.mark.parametrize("total", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(total: float) -> None:
    """JSON has no NaN or infinity; Python's json reads them anyway, the checker does not."""
    with pytest.raises(ShapeError, match="expected a finite number"):
        check_model(PaginationOutput(current="x", total_entries=total), "p")


def test_bool_is_not_a_number_and_enums_are_checked() -> None:
    """True is not accepted where a number is declared; an enum field needs the enum."""
    with pytest.raises(ShapeError, match="total_entries"):
        check_model(PaginationOutput(current="x", total_entries=True), "p")
    check_model(
        UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput(
            status=SelectiveSyncUpdateStatus.UPDATED
        ),
        "d",
    )
    with pytest.raises(ShapeError, match=r"d\.status"):
        check_model(
            UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput(status="UPDATED"),  # type: ignore[arg-type]
            "d",
        )


def test_the_wrong_class_is_reported() -> None:
    """A value of another class than expected fails at the top."""
    with pytest.raises(ShapeError, match="body: expected"):
        check_model(_warehouse(), "body", PaginationOutput)
