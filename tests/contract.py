"""Validate real httpx exchanges against `openapi.yaml` with openapi-core (a third-party validator).

Tests feed every request the client sends and every response it receives through here, so the
spec and the code are checked against each other rather than against our own assumptions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"
# Requests go to local servers in tests; the spec's servers are Segment's. Only the path, the
# query, the headers and the body are validated, so the host is mapped to the first server.
SPEC_HOST = "https://api.segmentapis.com"


@cache
def spec() -> OpenAPI:
    # openapi-core only knows `application/json` by name; the vendor type is JSON too.
    vendor_json: dict[str, Callable[[bytes], Any]] = {
        "application/vnd.segment.v1alpha+json": json.loads
    }
    return OpenAPI.from_file_path(
        str(SPEC_PATH), config=Config(extra_media_type_deserializers=vendor_json)
    )


class HttpxOpenAPIRequest:
    """openapi-core's Request protocol over an `httpx.Request`."""

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        url = urlsplit(str(request.url))
        self._path = url.path
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qs(url.query, keep_blank_values=True)),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )

    host_url = SPEC_HOST

    @property
    def path(self) -> str:
        return self._path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        content = self._request.read()
        return content or None

    @property
    def content_type(self) -> str:
        return str(self._request.headers.get("content-type", ""))


class HttpxOpenAPIResponse:
    """openapi-core's Response protocol over an `httpx.Response`."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def data(self) -> bytes:
        return self._response.content

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return str(self._response.headers.get("content-type", ""))

    @property
    def headers(self) -> Headers:
        return Headers(dict(self._response.headers))


def validate_request(request: httpx.Request) -> None:
    """Raise if `request` does not conform to `openapi.yaml`."""
    spec().validate_request(HttpxOpenAPIRequest(request))


def validate_response(request: httpx.Request, response: httpx.Response) -> None:
    """Raise if `response` is not a documented answer to `request`."""
    spec().validate_response(HttpxOpenAPIRequest(request), HttpxOpenAPIResponse(response))


def validate_exchange(request: httpx.Request, response: httpx.Response) -> None:
    validate_request(request)
    validate_response(request, response)
