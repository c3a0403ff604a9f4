"""The openapi-core checks used across the suite do reject what the spec forbids."""

from __future__ import annotations

import httpx
import pytest
from openapi_core.exceptions import OpenAPIError

from tests import payloads as p
from tests.contract import validate_request, validate_response

BASE = "https://api.segmentapis.com"
AUTH = {"Authorization": "Bearer sk-test"}


def _json_response(request: httpx.Request, status: int, body: object) -> httpx.Response:
    return httpx.Response(
        status, content=p.dumps(body), headers={"Content-Type": p.MEDIA_TYPE}, request=request
    )


def test_rejects_create_without_settings() -> None:
    """A create body without the required `settings` is not valid."""
    request = httpx.Request(
        "POST",
        f"{BASE}/spaces/{p.SPACE_ID}/profiles-warehouses",
        content=p.dumps({"metadataId": "CCIl4HLQPz"}),
        headers={"Content-Type": p.MEDIA_TYPE, **AUTH},
    )
    with pytest.raises(OpenAPIError, match="body"):
        validate_request(request)


def test_rejects_page_size_out_of_range() -> None:
    """`pagination.count` above 1000 is not valid."""
    request = httpx.Request(
        "GET", f"{BASE}/spaces/{p.SPACE_ID}/profiles-warehouses?pagination.count=1001", headers=AUTH
    )
    with pytest.raises(OpenAPIError, match=r"pagination\.count"):
        validate_request(request)


def test_rejects_warehouse_missing_required_field() -> None:
    """A warehouse without `workspaceId` is not a valid answer."""
    request = httpx.Request("GET", f"{BASE}/spaces/{p.SPACE_ID}/profiles-warehouses", headers=AUTH)
    wh = p.warehouse()
    del wh["workspaceId"]
    with pytest.raises(OpenAPIError, match="data"):
        validate_response(
            request, _json_response(request, 200, {"data": {"profilesWarehouses": [wh]}})
        )


def test_accepts_documented_exchange() -> None:
    """A documented list answer passes."""
    request = httpx.Request("GET", f"{BASE}/spaces/{p.SPACE_ID}/profiles-warehouses", headers=AUTH)
    body = {"data": {"profilesWarehouses": [p.warehouse()]}}
    validate_request(request)
    validate_response(request, _json_response(request, 200, body))


def test_rejects_missing_token() -> None:
    """A request without the bearer token does not meet the spec's security requirement."""
    request = httpx.Request("GET", f"{BASE}/spaces/{p.SPACE_ID}/profiles-warehouses")
    with pytest.raises(OpenAPIError, match="Security"):
        validate_request(request)
