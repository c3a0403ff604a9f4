"""The generated functions on the wire: method, path, headers, query and body, each exchange
validated against openapi.yaml by openapi-core."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from segment_profiles_sync import (
    AsyncProfilesSync,
)
from segment_profiles_sync_api import AuthenticatedClient
from segment_profiles_sync_api.api.profiles_sync import (
    create_profiles_warehouse,
    list_profiles_warehouse_in_space,
    list_selective_syncs_from_warehouse_and_space,
    remove_profiles_warehouse_from_space,
    update_profiles_warehouse_for_space_warehouse,
    update_selective_sync_for_warehouse_and_space,
)
from segment_profiles_sync_api.models import (
    CreateProfilesWarehouse201Response,
    CreateProfilesWarehouseAlphaInput,
    ListProfilesWarehouseInSpace200Response,
    ListSelectiveSyncsFromWarehouseAndSpace200Response,
    ProfilesWarehouse,
    RemoveProfilesWarehouseFromSpace200Response,
    RemoveWarehouseStatus,
    RequestErrorEnvelope,
    SchemaOverride,
    SelectiveSyncUpdateStatus,
    UpdateProfilesWarehouseForSpaceWarehouse200Response,
    UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
    UpdateSelectiveSyncForWarehouseAndSpace200Response,
    UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput,
    WarehouseSettings,
)
from segment_profiles_sync_api.types import UNSET, Unset

from tests import payloads as p
from tests.contract import validate_exchange

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that answers with a fixed response and keeps what it saw."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        response = httpx.Response(
            self.status,
            content=p.dumps(self.body),
            headers={"Content-Type": p.MEDIA_TYPE, **p.RATE_HEADERS, **self.headers},
            request=request,
        )
        validate_exchange(request, response)
        return response

    @property
    def only(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


def client_for(handler: Handler) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="https://api.segmentapis.com",
        token="sk-test-token",
        httpx_args={"transport": httpx.MockTransport(handler)},
    )


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_create_sends_vendor_json_and_omits_unset_fields() -> None:
    """POST carries the vendor media type, camelCase keys, and no key for unset optionals."""
    rec = Recorder(201, {"data": {"profilesWarehouse": p.warehouse()}})
    body = CreateProfilesWarehouseAlphaInput(
        metadata_id="CCIl4HLQPz",
        settings=WarehouseSettings.from_dict({"host": "acme", "password": "hunter2"}),
        schema_name="profiles_prod",
    )
    response = create_profiles_warehouse.sync_detailed(
        p.SPACE_ID, client=client_for(rec), body=body
    )

    req = rec.only
    assert req.method == "POST"
    assert req.url.path == f"/spaces/{p.SPACE_ID}/profiles-warehouses"
    assert req.headers["content-type"] == p.MEDIA_TYPE
    assert req.headers["authorization"] == "Bearer sk-test-token"
    assert body_of(req) == {
        "metadataId": "CCIl4HLQPz",
        "settings": {"host": "acme", "password": "hunter2"},
        "schemaName": "profiles_prod",
    }
    assert response.status_code == 201
    assert isinstance(response.parsed, CreateProfilesWarehouse201Response)
    created = response.parsed.data.profiles_warehouse
    assert isinstance(created, ProfilesWarehouse)
    assert created.id == p.WAREHOUSE_ID
    assert created.settings["password"] == "<redacted>"


@pytest.mark.parametrize(
    ("count", "cursor", "expected_query"),
    [
        (None, None, []),
        (10, None, [("pagination.count", "10")]),
        (10, "MA==", [("pagination.count", "10"), ("pagination.cursor", "MA==")]),
    ],
)
def test_list_warehouses_sends_dot_form_pagination(
    count: int | None, cursor: str | None, expected_query: list[tuple[str, str]]
) -> None:
    """Pagination goes out as `pagination.count` / `pagination.cursor`, cursor percent-encoded."""
    rec = Recorder(200, {"data": {"profilesWarehouses": [p.warehouse()]}})
    kwargs: dict[str, int | str | Unset] = {
        "pagination_count": UNSET if count is None else count,
        "pagination_cursor": UNSET if cursor is None else cursor,
    }
    response = list_profiles_warehouse_in_space.sync_detailed(
        p.SPACE_ID,
        client=client_for(rec),
        **kwargs,  # type: ignore[arg-type]
    )

    req = rec.only
    assert req.method == "GET"
    assert req.url.path == f"/spaces/{p.SPACE_ID}/profiles-warehouses"
    assert "content-type" not in req.headers
    assert req.content == b""
    assert parse_qsl(urlsplit(str(req.url)).query) == expected_query
    if cursor:
        assert b"pagination.cursor=MA%3D%3D" in req.url.query
    assert isinstance(response.parsed, ListProfilesWarehouseInSpace200Response)
    assert isinstance(response.parsed.data.pagination, Unset)  # one page: no pagination object


def test_list_warehouses_parses_unknown_fields_and_logos_without_default() -> None:
    """Extra server fields are kept and `logos.default` may be missing."""
    wh = p.warehouse(futureField={"nested": [1, 2]})
    wh["metadata"]["logos"] = {"mark": "https://cdn.example/mark.svg", "alt": None}
    wh["metadata"]["newCatalogField"] = "x"
    page = {
        "profilesWarehouses": [wh],
        "pagination": {"current": "MA==", "next": "MQ==", "previous": None, "totalEntries": 3},
    }
    rec = Recorder(200, {"data": page})
    response = list_profiles_warehouse_in_space.sync_detailed(p.SPACE_ID, client=client_for(rec))

    assert isinstance(response.parsed, ListProfilesWarehouseInSpace200Response)
    parsed = response.parsed.data.profiles_warehouses[0]
    assert isinstance(parsed.metadata.logos.default, Unset)
    assert parsed.additional_properties == {"futureField": {"nested": [1, 2]}}
    assert parsed.to_dict() == wh  # nothing the server sent is lost
    pagination = response.parsed.data.pagination
    assert not isinstance(pagination, Unset)
    assert pagination.next_ == "MQ=="


def test_list_selective_syncs() -> None:
    """GET selective-syncs sends the dot-form query and parses items and pagination."""
    body = {
        "data": {
            "items": [p.selective_sync_item(), p.selective_sync_item("accounts", enabled=False)],
            "enableEventTables": True,
            "pagination": {"current": "MA==", "next": None, "previous": None},
        }
    }
    rec = Recorder(200, body)
    response = list_selective_syncs_from_warehouse_and_space.sync_detailed(
        p.SPACE_ID, p.WAREHOUSE_ID, client=client_for(rec), pagination_count=2
    )

    req = rec.only
    assert req.method == "GET"
    wh_path = f"/spaces/{p.SPACE_ID}/profiles-warehouses/{p.WAREHOUSE_ID}"
    assert req.url.path == f"{wh_path}/selective-syncs"
    assert req.url.query == b"pagination.count=2"
    assert isinstance(response.parsed, ListSelectiveSyncsFromWarehouseAndSpace200Response)
    items = response.parsed.data.items
    assert [i.collection for i in items] == ["users", "accounts"]
    assert items[0].properties.to_dict() == {"email": True, "plan": False}
    assert response.parsed.data.pagination.next_ is None


@pytest.mark.parametrize(
    ("body", "wire"),
    [
        (UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput(), {}),
        (
            UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput(
                sync_overrides=[
                    SchemaOverride(collection="users", enabled=True),
                    SchemaOverride(collection="users", enabled=False, property_="plan"),
                ],
                enable_event_tables=True,
            ),
            {
                "syncOverrides": [
                    {"collection": "users", "enabled": True},
                    {"collection": "users", "enabled": False, "property": "plan"},
                ],
                "enableEventTables": True,
            },
        ),
    ],
)
def test_update_selective_sync(
    body: UpdateSelectiveSyncForWarehouseAndSpaceAlphaInput, wire: dict[str, Any]
) -> None:
    """PATCH selective-syncs sends camelCase overrides (or `{}`) and parses the status enum."""
    rec = Recorder(200, {"data": {"status": "UPDATED"}})
    response = update_selective_sync_for_warehouse_and_space.sync_detailed(
        p.SPACE_ID, p.WAREHOUSE_ID, client=client_for(rec), body=body
    )

    req = rec.only
    assert req.method == "PATCH"
    assert req.url.path.endswith(f"/profiles-warehouses/{p.WAREHOUSE_ID}/selective-syncs")
    assert req.headers["content-type"] == p.MEDIA_TYPE
    assert body_of(req) == wire
    assert isinstance(response.parsed, UpdateSelectiveSyncForWarehouseAndSpace200Response)
    assert response.parsed.data.status is SelectiveSyncUpdateStatus.UPDATED


def test_remove_warehouse() -> None:
    """DELETE has no body and no Content-Type, and answers 200 with status SUCCESS."""
    rec = Recorder(200, {"data": {"status": "SUCCESS"}})
    response = remove_profiles_warehouse_from_space.sync_detailed(
        p.SPACE_ID, p.WAREHOUSE_ID, client=client_for(rec)
    )

    req = rec.only
    assert req.method == "DELETE"
    assert req.url.path == f"/spaces/{p.SPACE_ID}/profiles-warehouses/{p.WAREHOUSE_ID}"
    assert "content-type" not in req.headers
    assert req.content == b""
    assert isinstance(response.parsed, RemoveProfilesWarehouseFromSpace200Response)
    assert response.parsed.data.status is RemoveWarehouseStatus.SUCCESS


def test_update_warehouse_requires_settings_and_omits_unset() -> None:
    """PATCH warehouse always sends `settings` (even `{}`) and omits unset optionals."""
    rec = Recorder(200, {"data": {"profilesWarehouse": p.warehouse(enabled=False)}})
    body = UpdateProfilesWarehouseForSpaceWarehouseAlphaInput(
        settings=WarehouseSettings(), enabled=False
    )
    response = update_profiles_warehouse_for_space_warehouse.sync_detailed(
        p.SPACE_ID, p.WAREHOUSE_ID, client=client_for(rec), body=body
    )

    req = rec.only
    assert req.method == "PATCH"
    assert req.url.path == f"/spaces/{p.SPACE_ID}/profiles-warehouses/{p.WAREHOUSE_ID}"
    assert req.headers["content-type"] == p.MEDIA_TYPE
    assert body_of(req) == {"settings": {}, "enabled": False}
    assert isinstance(response.parsed, UpdateProfilesWarehouseForSpaceWarehouse200Response)
    assert response.parsed.data.profiles_warehouse.enabled is False


def test_path_ids_are_percent_encoded() -> None:
    """Reserved characters in ids stay inside their path segment."""
    rec = Recorder(200, {"data": {"status": "SUCCESS"}})
    remove_profiles_warehouse_from_space.sync_detailed("sp/a ce", "w?h#1", client=client_for(rec))
    assert rec.only.url.raw_path == b"/spaces/sp%2Fa%20ce/profiles-warehouses/w%3Fh%231"


@pytest.mark.parametrize("status", [401, 404, 422, 429])
def test_documented_errors_parse_as_envelopes(status: int) -> None:
    """Each documented error status parses into the `{errors: [...]}` envelope."""
    headers = {"Retry-After": "2"} if status == 429 else {}
    rec = Recorder(
        status,
        p.errors({"type": "input-validation", "message": "bad", "field": "metadataId"}),
        headers,
    )
    response = list_profiles_warehouse_in_space.sync_detailed(p.SPACE_ID, client=client_for(rec))
    assert response.status_code == status
    assert isinstance(response.parsed, RequestErrorEnvelope)
    assert response.parsed.errors[0].field == "metadataId"


def _malformed(request: httpx.Request) -> httpx.Response:
    body = {"data": {"profilesWarehouses": [p.warehouse(), p.warehouse(enabled="yes")]}}
    return httpx.Response(200, content=p.dumps(body), request=request)


def test_detailed_call_on_a_malformed_answer_gives_the_typed_error() -> None:
    """Power users calling `*_detailed` get a ShapeError with the JSON path, not a cast value."""
    from segment_profiles_sync_api.types import ShapeError

    with pytest.raises(ShapeError) as info:
        list_profiles_warehouse_in_space.sync_detailed(p.SPACE_ID, client=client_for(_malformed))
    assert str(info.value) == "data.profilesWarehouses[1].enabled: expected boolean, got str"


async def test_async_detailed_call_on_a_malformed_answer_gives_the_typed_error() -> None:
    """The same through `asyncio_detailed` with the overlay's configured client."""
    from segment_profiles_sync_api.types import ShapeError

    async with AsyncProfilesSync("t", transport=httpx.MockTransport(_malformed)) as aps:
        with pytest.raises(ShapeError, match=r"profilesWarehouses\[1\]\.enabled"):
            await list_profiles_warehouse_in_space.asyncio_detailed(
                p.SPACE_ID, client=aps.api_client
            )


def test_unset_is_a_singleton_through_copy_and_pickle() -> None:
    """deepcopy and pickle of a model keep UNSET, so to_dict() stays JSON and copies compare."""
    override = SchemaOverride(collection="tracks", enabled=False)
    for clone in (copy.deepcopy(override), pickle.loads(pickle.dumps(override))):
        assert clone == override
        assert clone.property_ is UNSET
        assert json.dumps(clone.to_dict()) == '{"collection": "tracks", "enabled": false}'
    assert Unset() is UNSET
    assert copy.copy(UNSET) is UNSET
