"""Status → exception mapping, lenient error bodies, and the exception tree."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import httpx
import pytest
import segment_profiles_sync as sps
from segment_profiles_sync import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ClientClosedError,
    InternalServerError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    PaginationError,
    ProfilesSync,
    RateLimitError,
    SegmentError,
    errors,
)
from segment_profiles_sync.errors import make_status_error
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from tests.conftest import SPACE

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


def _error_from_server(emulator: ProfilesSyncEmulator, client: ProfilesSync) -> APIStatusError:
    """A real NotFoundError from a PATCH whose body holds a password."""
    with pytest.raises(NotFoundError) as info:
        client.update_warehouse(SPACE, "missing", settings={"password": "hunter2-secret"})
    return info.value


def _every_error() -> Iterator[SegmentError]:
    request = httpx.Request(
        "POST", "https://api.segmentapis.com/x", headers={"Authorization": "Bearer sekrit"}
    )
    request.read()
    for status in (400, 401, 403, 404, 409, 422, 429, 500, 418):
        yield errors.make_status_error(httpx.Response(status, content=b"", request=request))
    yield APIResponseValidationError(
        "bad", response=httpx.Response(200, content=b"x", request=request)
    )
    yield APIConnectionError("refused", request=request)
    yield errors.APITimeoutError("slow", request=request)
    for cls in (
        SegmentError,
        errors.ConfigurationError,
        ClientClosedError,
        InvalidArgumentError,
        InvalidArgumentTypeError,
        PaginationError,
    ):
        yield cls("message")


def _raise_not_found(base_url: str, token: str) -> None:
    with ProfilesSync(token, base_url=base_url, max_retries=0) as ps:
        ps.remove_warehouse(SPACE, "no-such-warehouse")


def test_status_errors_pickle_and_copy_with_attributes(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """pickle, copy and deepcopy keep every attribute; the bytes hold no token, no body."""
    error = _error_from_server(emulator, client)
    data = pickle.dumps(error)
    assert emulator.token.encode() not in data
    assert b"hunter2-secret" not in data
    for clone in (pickle.loads(data), copy.copy(error), copy.deepcopy(error)):
        assert type(clone) is NotFoundError
        assert str(clone) == str(error)
        for name in ("status_code", "errors", "method", "url", "body", "rate_limit"):
            assert getattr(clone, name) == getattr(error, name), name
        assert clone.response.status_code == 404
        assert clone.response.request.method == "PATCH"
        assert "authorization" not in clone.response.request.headers
        assert clone.response.request.content == b""


def test_rate_limit_error_keeps_retry_after_through_pickle() -> None:
    """`retry_after` and the error details survive a round trip."""
    request = httpx.Request("GET", "https://api.segmentapis.com/x", headers={"Authorization": "t"})
    body = {"errors": [{"type": "too-many-requests", "data": {"msBeforeNext": 1450}}]}
    error = errors.make_status_error(httpx.Response(429, json=body, request=request))
    clone = pickle.loads(pickle.dumps(error))
    assert isinstance(clone, RateLimitError)
    assert clone.retry_after == 1.45
    assert clone.errors[0].data == {"msBeforeNext": 1450}


@pytest.mark.parametrize("error", list(_every_error()), ids=lambda e: type(e).__name__)
def test_every_exception_round_trips(error: SegmentError) -> None:
    """Each exception class of the package pickles and copies to an equal-looking instance."""
    data = pickle.dumps(error)
    assert b"sekrit" not in data
    clone = pickle.loads(data)
    assert type(clone) is type(error)
    assert str(clone) == str(error)
    assert vars(clone).keys() == vars(error).keys()
    assert str(copy.copy(error)) == str(error)


@pytest.mark.slow
def test_error_crosses_a_process_pool(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """A NotFoundError raised in a worker process arrives intact (not BrokenProcessPool)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(_raise_not_found, server.base_url, emulator.token)
        with pytest.raises(NotFoundError) as info:
            future.result(timeout=60)
    assert info.value.status_code == 404
    assert info.value.method == "DELETE"
    assert info.value.url.endswith("/profiles-warehouses/no-such-warehouse")


def test_reason_phrases_are_our_own() -> None:
    """422 reads "Unprocessable Entity" on every Python (3.13 says "Unprocessable Content")."""
    assert errors.reason_phrase(422) == "Unprocessable Entity"
    assert errors.reason_phrase(429) == "Too Many Requests"
    assert errors.reason_phrase(599) == "Unknown Status"
    request = httpx.Request("PATCH", "https://api.segmentapis.com/x")
    error = errors.make_status_error(httpx.Response(422, content=b"", request=request))
    assert str(error) == "422 Unprocessable Entity for PATCH https://api.segmentapis.com/x"


def test_internal_server_error_message_is_stable(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A 500 envelope's message is kept as the server wrote it."""
    emulator.fail_next(500, times=3, method="GET")
    with pytest.raises(InternalServerError, match="500 Internal Server Error for GET"):
        list(client.list_warehouses(SPACE))
