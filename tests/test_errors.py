"""Status → exception mapping, lenient error bodies, and the exception tree."""

from __future__ import annotations

import httpx
import pytest
import segment_profiles_sync as sps
from segment_profiles_sync.errors import make_status_error

URL = "https://api.segmentapis.com/spaces/s/profiles-warehouses"


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status, content=body, headers=headers or {}, request=httpx.Request("GET", URL)
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, sps.BadRequestError),
        (401, sps.AuthenticationError),
        (403, sps.PermissionDeniedError),
        (404, sps.NotFoundError),
        (409, sps.ConflictError),
        (422, sps.UnprocessableEntityError),
        (429, sps.RateLimitError),
        (405, sps.APIStatusError),
        (413, sps.APIStatusError),
        (418, sps.APIStatusError),
        (499, sps.APIStatusError),
        (500, sps.InternalServerError),
        (502, sps.InternalServerError),
        (520, sps.InternalServerError),
        (599, sps.InternalServerError),
    ],
)
@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>oops</body></html>", b'{"errors": [{"type": "x", "message": "boom"}]}'],
)
def test_every_status_maps(status: int, cls: type[sps.APIStatusError], body: bytes) -> None:
    """Every status family maps to its class, whatever the body, without crashing."""
    error = make_status_error(answer(status, body))
    assert type(error) is cls
    assert error.status_code == status
    assert str(status) in str(error)
    assert error.method == "GET"
    assert error.url == URL


def test_message_carries_server_messages_and_fields() -> None:
    """`str()` gives the status, the reason and the server's messages with their fields."""
    body = b'{"errors": [{"type": "input-validation", "message": "\\"metadataId\\" is required", "field": "metadataId"}, {"type": "other"}]}'  # noqa: E501
    error = make_status_error(answer(422, body))
    assert str(error) == (
        f"422 Unprocessable Entity for GET {URL}: "
        '"metadataId" is required (field: metadataId); other'
    )
    assert [e.field for e in error.errors] == ["metadataId", None]


def test_html_body_snippet_in_message() -> None:
    """A non-JSON error body shows up (whitespace folded, truncated) in the message."""
    error = make_status_error(answer(502, b"<html>\n  <h1>Bad   Gateway</h1>" + b"x" * 500))
    assert "<html> <h1>Bad Gateway</h1>" in str(error)
    assert len(str(error)) < 400
    assert error.errors == []


@pytest.mark.parametrize(
    "body",
    [b'{"errors": "flat"}', b'{"errors": [1, null, "x"]}', b"[1]", b'{"errors": [{"type": 5}]}'],
)
def test_odd_envelopes_do_not_crash(body: bytes) -> None:
    """Envelopes of the wrong shape give `errors` entries only for objects, typed leniently."""
    error = make_status_error(answer(400, body))
    assert all(e.type is None or isinstance(e.type, str) for e in error.errors)


def test_rate_limit_error_fields() -> None:
    """RateLimitError exposes `retry_after` and the rate-limit headers."""
    error = make_status_error(
        answer(
            429,
            b'{"errors":[{"type":"t","message":"Too many requests","data":{"msBeforeNext":1450}}]}',
            {"X-RateLimit-Remaining": "0"},
        )
    )
    assert isinstance(error, sps.RateLimitError)
    assert error.retry_after == 1.45
    assert error.rate_limit is not None
    assert error.rate_limit.remaining == 0
    assert "retry after 1.45 s" in str(error)
    assert make_status_error(answer(429)).retry_after is None  # type: ignore[attr-defined]


def test_tree() -> None:
    """The documented hierarchy, with argument errors also ValueError / TypeError."""
    assert issubclass(sps.APITimeoutError, sps.APIConnectionError)
    for cls in (
        sps.APIConnectionError,
        sps.APIResponseValidationError,
        sps.APIStatusError,
        sps.ConfigurationError,
        sps.PaginationError,
        sps.InvalidArgumentError,
    ):
        assert issubclass(cls, sps.SegmentError)
    for cls in (
        sps.BadRequestError,
        sps.AuthenticationError,
        sps.PermissionDeniedError,
        sps.NotFoundError,
        sps.ConflictError,
        sps.UnprocessableEntityError,
        sps.RateLimitError,
        sps.InternalServerError,
    ):
        assert issubclass(cls, sps.APIStatusError)
    assert issubclass(sps.InvalidArgumentError, ValueError)
    assert issubclass(sps.InvalidArgumentTypeError, TypeError)
    assert issubclass(sps.InvalidArgumentTypeError, sps.InvalidArgumentError)
