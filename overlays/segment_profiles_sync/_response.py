"""Turn what a generated `*_detailed` call gave (or raised) into a typed result or our error.

The generated parsers check every field's type while they parse (our model template) and
raise `ShapeError` with the JSON path of the first value that does not fit; a body that is not
JSON raises `JSONDecodeError`, and a status that `http.HTTPStatus` does not know (499, 520,
599) raises `ValueError` before any status check. So the raw `httpx.Response`, remembered by
the transport, decides: status >= 400 is an `APIStatusError` whatever the body; a 2xx that did
not parse is an `APIResponseValidationError` naming the path.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn, TypeVar

import httpx
from segment_profiles_sync_api.errors import UnexpectedStatus
from segment_profiles_sync_api.types import ShapeError

from ._transport import ResponseSlot
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    SegmentError,
    make_status_error,
)

T = TypeVar("T")

# What the generated parsers raise on unexpected bodies and statuses (ShapeError is a
# ValueError; the others are kept in case a generator upgrade lets one through).
PARSE_ERRORS = (ShapeError, KeyError, ValueError, TypeError, AttributeError, UnexpectedStatus)


def raise_for_failure(error: BaseException, slot: ResponseSlot) -> NoReturn:
    """Re-raise an exception from a `*_detailed` call as this package's own type."""
    if isinstance(error, SegmentError):
        raise error
    if isinstance(error, httpx.TimeoutException):
        raise APITimeoutError(
            f"request timed out ({type(error).__name__})", request=_request_of(error)
        ) from error
    if isinstance(error, httpx.TransportError):
        raise APIConnectionError(
            f"connection failed ({type(error).__name__}: {error})", request=_request_of(error)
        ) from error
    raw = slot.response
    if raw is None or not isinstance(error, PARSE_ERRORS):
        raise error
    if raw.status_code >= 400:
        raise make_status_error(raw) from None
    raise _validation_error(raw, error) from error


def _request_of(error: httpx.TransportError) -> httpx.Request | None:
    try:
        return error.request
    except RuntimeError:  # httpx raises when the error was not bound to a request
        return None


def _validation_error(
    raw: httpx.Response, cause: BaseException | str
) -> APIResponseValidationError:
    if isinstance(cause, ShapeError):
        detail = str(cause)
    elif isinstance(cause, json.JSONDecodeError | UnicodeDecodeError):
        detail = "the body is not JSON"
    elif isinstance(cause, KeyError):
        detail = f"required field {cause} is missing"
    elif isinstance(cause, str):
        detail = cause
    else:
        detail = f"{type(cause).__name__}: {cause}"
    return APIResponseValidationError(
        f"{raw.status_code} answer to {raw.request.method} {raw.request.url} "
        f"is not the documented shape: {detail}",
        response=raw,
    )


def _recorded(slot: ResponseSlot) -> httpx.Response:
    raw = slot.response
    if raw is None:  # only if a caller replaced the transport the client installs
        raise SegmentError("no response was recorded for this call; was the transport replaced?")
    return raw


def unwrap(parsed: Any, status_code: int, expected: type[T], slot: ResponseSlot) -> T:
    """The parsed success body, checked deeply; or the right exception for the raw answer."""
    if status_code >= 400:
        raise make_status_error(_recorded(slot))
    if not isinstance(parsed, expected):
        raise _validation_error(
            _recorded(slot), f"unexpected status {status_code} for this operation"
        )
    return parsed  # its from_dict checked every field while parsing
