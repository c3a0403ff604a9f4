"""The generated parsers check types in one pass (our model template): each kind of field, the
JSON path they report, and that errors travel (pickle) with it."""

from __future__ import annotations

import json
import math
import pickle
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncProfilesSync,
    InternalServerError,
    ProfilesSync,
    SegmentError,
)
from segment_profiles_sync._response import raise_for_failure, unwrap
from segment_profiles_sync._transport import ResponseSlot
from segment_profiles_sync.models import (
    PaginationOutput,
    ProfilesWarehouse,
    SelectiveSyncUpdateStatus,
)
from segment_profiles_sync.testing import ProfilesSyncEmulator
from segment_profiles_sync_api.models import (
    ListProfilesWarehouseInSpace200Response,
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput,
)
from segment_profiles_sync_api.types import PARSED_ONCE_KEPT, ShapeError, parsing_each_value_once

from tests import payloads
from tests.conftest import SPACE


def _page(*warehouses: dict[str, Any]) -> dict[str, Any]:
    return {"data": {"profilesWarehouses": list(warehouses)}}


def test_a_well_formed_answer_parses_with_unknown_fields_kept() -> None:
    """Documented fields are typed; unknown ones land in additional_properties."""
    body = payloads.warehouse(surprise={"nested": 1})
    warehouse = ProfilesWarehouse.from_dict(body)
    assert warehouse.additional_properties == {"surprise": {"nested": 1}}
    assert warehouse.metadata.options[0].required is True
    assert PaginationOutput.from_dict({"current": "MA==", "totalEntries": 3}).total_entries == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"enabled": "yes"}, "data.profilesWarehouses[1].enabled: expected boolean, got str"),
        ({"id": 5}, "data.profilesWarehouses[1].id: expected string, got int"),
        ({"settings": []}, "data.profilesWarehouses[1].settings: expected object, got list"),
        ({"schemaName": None}, "data.profilesWarehouses[1].schemaName: expected string"),
    ],
)
def test_a_wrong_field_is_named_with_its_json_path(change: dict[str, Any], message: str) -> None:
    """The first mismatch is reported with its wire-name path, expected and actual types."""
    body = _page(payloads.warehouse(), payloads.warehouse(**change))
    with pytest.raises(ShapeError) as info:
        ListProfilesWarehouseInSpace200Response.from_dict(body)
    assert str(info.value).startswith(message)


def test_nested_list_items_are_indexed() -> None:
    """A bad value deep inside lists reports every index on the way."""
    metadata = payloads.metadata()
    metadata["options"] = [metadata["options"][0], {**metadata["options"][0], "required": "x"}]
    body = _page(payloads.warehouse(), payloads.warehouse(), payloads.warehouse(metadata=metadata))
    with pytest.raises(ShapeError) as info:
        ListProfilesWarehouseInSpace200Response.from_dict(body)
    assert str(info.value) == (
        "data.profilesWarehouses[2].metadata.options[1].required: expected boolean, got str"
    )
    assert info.value.path == "data.profilesWarehouses[2].metadata.options[1].required"


@pytest.mark.parametrize("total", [math.nan, math.inf, -math.inf, True, "3"])
def test_numbers_must_be_finite_numbers(total: Any) -> None:
    """JSON has no NaN or infinity (Python's json reads them anyway); bool is not a number."""
    with pytest.raises(ShapeError, match="totalEntries: expected a finite number"):
        PaginationOutput.from_dict({"current": "x", "totalEntries": total})


def test_missing_required_fields_enums_and_nulls() -> None:
    """A missing required field, an unknown enum value and null where not allowed."""
    with pytest.raises(ShapeError, match=r"^id: required field is missing$"):
        ProfilesWarehouse.from_dict({k: v for k, v in payloads.warehouse().items() if k != "id"})
    with pytest.raises(
        ShapeError, match="status: expected one of UNCHANGED, UPDATED, got 'QUEUED'"
    ):
        UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput.from_dict({"status": "QUEUED"})
    parsed = UpdateSelectiveSyncForWarehouseAndSpaceAlphaOutput.from_dict({"status": "UPDATED"})
    assert parsed.status is SelectiveSyncUpdateStatus.UPDATED
    assert PaginationOutput.from_dict({"current": "x", "next": None}).next_ is None
    with pytest.raises(ShapeError, match="next: expected string, got int"):
        PaginationOutput.from_dict({"current": "x", "next": 3})
    with pytest.raises(ShapeError, match=r"^\(the body\): expected object, got list$"):
        PaginationOutput.from_dict([])  # type: ignore[arg-type]


def test_shape_errors_pickle_with_their_path() -> None:
    """The error crosses processes like the package's own."""
    with pytest.raises(ShapeError) as info:
        ListProfilesWarehouseInSpace200Response.from_dict(_page(payloads.warehouse(enabled=1)))
    clone = pickle.loads(pickle.dumps(info.value))
    assert str(clone) == str(info.value)
    assert clone.path == "data.profilesWarehouses[0].enabled"


@pytest.mark.parametrize("total", ["NaN", "1e999", "-Infinity"])
def test_non_finite_total_is_a_validation_error(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator, total: str
) -> None:
    """A totalEntries JSON cannot hold gives APIResponseValidationError, not ValueError."""
    body = (
        '{"data": {"profilesWarehouses": [], "pagination": {"current": "MA==", '
        '"totalEntries": ' + total + "}}}"
    )
    emulator.fail_next(200, body=body.encode(), headers={"Content-Type": "application/json"})
    with pytest.raises(APIResponseValidationError, match="finite"):
        list(raw_client.list_warehouses(SPACE))


REQUEST = httpx.Request("GET", "https://api.segmentapis.com/spaces/s/profiles-warehouses")


def _slot(status: int, content: bytes) -> ResponseSlot:
    slot = ResponseSlot()
    slot.response = httpx.Response(status, content=content, request=REQUEST)
    return slot


@pytest.mark.parametrize(
    ("cause", "detail"),
    [
        (json.JSONDecodeError("x", "doc", 0), "the body is not JSON"),
        (KeyError("id"), "required field 'id' is missing"),
        (TypeError("odd"), "TypeError: odd"),
    ],
)
def test_parse_failures_become_validation_errors(cause: BaseException, detail: str) -> None:
    """Whatever a parser raised on a 2xx, the caller gets APIResponseValidationError."""
    with pytest.raises(APIResponseValidationError, match=detail):
        raise_for_failure(cause, _slot(200, b"{}"))


def test_parse_failure_of_an_error_status_is_the_status_error() -> None:
    """A 5xx whose body did not parse is still the status error."""
    with pytest.raises(InternalServerError):
        raise_for_failure(ValueError("599 is not a valid HTTPStatus"), _slot(599, b"<html>"))


def test_unrelated_errors_and_unbound_transport_errors() -> None:
    """An error that is not a parse error passes through; an unbound httpx error still maps."""
    with pytest.raises(RuntimeError, match="bug"):
        raise_for_failure(RuntimeError("bug"), _slot(200, b"{}"))
    with pytest.raises(APIConnectionError) as info:
        raise_for_failure(httpx.ConnectError("refused"), ResponseSlot())
    assert info.value.request is None


def test_unwrap_without_a_recorded_response_says_so() -> None:
    """A replaced transport leaves nothing to read: a clear SegmentError, not AttributeError."""
    with pytest.raises(SegmentError, match="was the transport replaced"):
        unwrap(None, 500, dict, ResponseSlot())
    with pytest.raises(APIResponseValidationError, match="unexpected status 200"):
        unwrap("not a model", 200, dict, _slot(200, b"{}"))


# -- x-parse-once: a page's repeated catalog entries parse once (issue #26) ---------------------


def _metadatas(body: dict[str, Any]) -> list[Any]:
    parsed = ListProfilesWarehouseInSpace200Response.from_dict(body)
    return [w.metadata for w in parsed.data.profiles_warehouses]


def test_equal_metadata_parse_once_inside_the_scope_and_apart_outside_it() -> None:
    """Inside `parsing_each_value_once()` equal entries are one object, different ones are
    not; outside it (and after it) every entry is its own object."""
    bigquery = payloads.metadata(id="gs4Kx1v7yH", name="BigQuery", slug="bigquery")
    body = _page(payloads.warehouse(), payloads.warehouse(metadata=bigquery), payloads.warehouse())
    with parsing_each_value_once():
        first, other, again = _metadatas(body)
        assert first is again
        assert other is not first
        assert (first.name, other.name) == ("Snowflake", "BigQuery")
        with parsing_each_value_once():  # a nested scope starts empty, and ends
            assert _metadatas(body)[0] is not first
        assert _metadatas(body)[0] is first  # the outer scope is back
    apart = _metadatas(body)
    assert apart[0] is not apart[2]
    assert apart[0] == apart[2]


def test_a_wrong_entry_among_equal_ones_is_still_found_with_its_path() -> None:
    """Only an equal value skips the checks: a changed entry is parsed, and its error named."""
    bad = payloads.metadata(options=[{**payloads.metadata()["options"][0], "required": "x"}])
    body = _page(payloads.warehouse(), payloads.warehouse(), payloads.warehouse(metadata=bad))
    with parsing_each_value_once(), pytest.raises(ShapeError) as info:
        ListProfilesWarehouseInSpace200Response.from_dict(body)
    assert info.value.path == "data.profilesWarehouses[2].metadata.options[0].required"


def test_more_distinct_entries_than_are_kept_all_parse_correctly() -> None:
    """Past `PARSED_ONCE_KEPT` distinct values, the rest are parsed every time: right, if
    slower."""
    count = PARSED_ONCE_KEPT + 3
    body = _page(
        *(payloads.warehouse(metadata=payloads.metadata(id=f"m{i}")) for i in range(count))
    )
    with parsing_each_value_once():
        once = _metadatas(body)
        twice = _metadatas(body)
    assert [m.id for m in once] == [f"m{i}" for i in range(count)]
    assert [a is b for a, b in zip(once, twice, strict=True)] == (
        [True] * PARSED_ONCE_KEPT + [False] * 3
    )


def test_a_client_call_shares_a_page_s_equal_metadata_and_no_more(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """One list answer's warehouses of one kind share their `metadata`; two calls do not."""
    for kind in ("CCIl4HLQPz", "gs4Kx1v7yH", "CCIl4HLQPz"):
        emulator.add_warehouse(SPACE, metadata_id=kind)
    first, bigquery, third = client.list_warehouses(SPACE)
    assert first.metadata is third.metadata
    assert bigquery.metadata is not first.metadata
    assert bigquery.metadata.name == "BigQuery"
    again, _, _ = client.list_warehouses(SPACE)
    assert again.metadata == first.metadata
    assert again.metadata is not first.metadata


async def test_the_async_client_shares_them_the_same_way(
    aclient: AsyncProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    for _ in range(2):
        emulator.add_warehouse(SPACE)
    first, second = [w async for w in aclient.list_warehouses(SPACE)]
    assert first.metadata is second.metadata
