"""The package's exceptions: one tree, and one function that maps a status to a class.

    SegmentError
    ├── ConfigurationError            no token, unknown region (raised by the constructor)
    ├── InvalidArgumentError          (also a ValueError) bad argument; nothing was sent
    │   └── InvalidArgumentTypeError  (also a TypeError) argument of the wrong type
    ├── PaginationError               the server repeated a cursor (would loop forever)
    ├── APIConnectionError            no usable answer: DNS, refused, dropped, TLS …
    │   └── APITimeoutError           connect/read/write/pool timeout
    ├── APIResponseValidationError    a 2xx body that is not JSON or not the documented shape
    └── APIStatusError                the server answered with status >= 400
        ├── BadRequestError           400
        ├── AuthenticationError       401
        ├── PermissionDeniedError     403
        ├── NotFoundError             404
        ├── ConflictError             409
        ├── UnprocessableEntityError  422
        ├── RateLimitError            429 (`retry_after` seconds, or None)
        └── InternalServerError       >= 500

Every status maps without crashing (499, 520 and 599 are not in `http.HTTPStatus`), and
error bodies are read leniently: a proxy's HTML page or an empty body still gives a useful
`APIStatusError`. Messages hold the method, the URL and the server's own messages, never the
token or request bodies (which carry warehouse secrets).
"""

from __future__ import annotations

import http
import json
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import httpx

from ._headers import RateLimit, parse_rate_limit, server_wait

__all__ = [
    "APIConnectionError",
    "APIErrorDetail",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "SegmentError",
    "UnprocessableEntityError",
]

_MAX_BODY_IN_MESSAGE = 200


class SegmentError(Exception):
    """Base of every exception this package raises on purpose."""


class ConfigurationError(SegmentError):
    """The client cannot be built as asked (for example, no token anywhere)."""


class InvalidArgumentError(SegmentError, ValueError):
    """An argument was rejected before any request was sent."""


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type; rejected before any request was sent."""


class PaginationError(SegmentError):
    """The server sent a cursor it had sent before; following it would loop forever."""


class APIConnectionError(SegmentError):
    """The request got no usable answer (connection refused, dropped, DNS, TLS …)."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = request
        self.method = request.method if request is not None else None
        self.url = str(request.url) if request is not None else None


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection)."""


class APIErrorDetail(NamedTuple):
    """One entry of the server's `{"errors": [...]}` envelope."""

    type: str | None
    message: str | None
    field: str | None = None
    data: Any = None


def _parse_error_details(body: bytes) -> list[APIErrorDetail]:
    """Read the error envelope leniently: anything that is not one gives []."""
    try:
        document: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    errors = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(errors, list):
        return []

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    return [
        APIErrorDetail(
            type=text(e.get("type")),
            message=text(e.get("message")),
            field=text(e.get("field")),
            data=e.get("data"),
        )
        for e in errors
        if isinstance(e, dict)
    ]


def _reason(status_code: int) -> str:
    try:
        return http.HTTPStatus(status_code).phrase
    except ValueError:
        return "Unknown Status"


class APIResponseValidationError(SegmentError):
    """A successful status whose body is not JSON or not the documented shape."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.status_code = response.status_code
        self.body = response.text if response.content else ""
        self.headers = response.headers
        self.method = response.request.method
        self.url = str(response.request.url)


class APIStatusError(SegmentError):
    """The server answered with a status >= 400.

    Attributes: `status_code`, `errors` (list of `APIErrorDetail`), `headers`, `body` (text),
    `method`, `url`, `rate_limit` (a `RateLimit` or None) and `response`.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = response.text if response.content else ""
        self.errors = _parse_error_details(response.content)
        self.method = response.request.method
        self.url = str(response.request.url)
        self.rate_limit: RateLimit | None = parse_rate_limit(response.headers)
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"{self.status_code} {_reason(self.status_code)} for {self.method} {self.url}"
        messages = []
        for e in self.errors:
            text = e.message or e.type or "error"
            if e.field:
                text = f"{text} (field: {e.field})"
            messages.append(text)
        if messages:
            return f"{head}: {'; '.join(messages)}"
        snippet = " ".join(self.body.split())[:_MAX_BODY_IN_MESSAGE]
        return f"{head}: {snippet}" if snippet else head


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: missing, invalid or unauthorized token."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this."""


class NotFoundError(APIStatusError):
    """404: no such space or warehouse (for this token's workspace)."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state."""


class UnprocessableEntityError(APIStatusError):
    """422: validation failure; `errors[i].field` names the input at fault."""


class RateLimitError(APIStatusError):
    """429: too many requests. `retry_after` is the server's wait in seconds, or None."""

    def __init__(self, response: httpx.Response, *, now: Callable[[], float] = time.time) -> None:
        self.retry_after: float | None = server_wait(response.headers, response.content, now=now())
        super().__init__(response)

    def _message(self) -> str:
        message = super()._message()
        if self.retry_after is not None:
            message = f"{message} (retry after {self.retry_after:g} s)"
        return message


class InternalServerError(APIStatusError):
    """>= 500: the server (or a proxy in front of it) failed."""


_STATUS_CLASSES: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    response: httpx.Response, *, now: Callable[[], float] = time.time
) -> APIStatusError:
    """The exception for an answer with status >= 400; the body must already be read."""
    status = response.status_code
    if status == 429:
        return RateLimitError(response, now=now)
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(response)
