"""The package's exceptions: one tree, and one function that maps a status to a class.

    SegmentError
    ├── ConfigurationError            no token, unknown region (raised by the constructor)
    ├── ClientClosedError             the client was closed, or used from another event loop
    ├── InvalidArgumentError          (also a ValueError) bad argument; nothing was sent
    │   └── InvalidArgumentTypeError  (also a TypeError) argument of the wrong type
    ├── PaginationError               a cursor repeated, or endless empty pages (would loop)
    ├── StateError                    a desired-state document or plan that cannot be used
    │   ├── AmbiguousStateError       live warehouses the document cannot tell apart
    │   └── PlanStaleError            a space changed between plan and apply
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

Every exception here survives `pickle` and `copy` with its attributes (so it can cross a
`ProcessPoolExecutor` or a task queue). The `request`/`response` they keep are detached copies:
method, URL, status, response headers and body, but never the request's headers (the bearer
token) or its body (warehouse settings with passwords).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

import httpx

from ._headers import RateLimit, parse_rate_limit, server_wait
from ._wire import error_entries

__all__ = [
    "APIConnectionError",
    "APIErrorDetail",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousStateError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "PlanStaleError",
    "RateLimitError",
    "SegmentError",
    "StateError",
    "StateProblem",
    "UnprocessableEntityError",
]

_MAX_BODY_IN_MESSAGE = 200


_E = TypeVar("_E", bound=BaseException)


def _rebuild(cls: type[_E], args: tuple[Any, ...]) -> _E:
    """Unpickle an exception without calling its `__init__` (whose signature varies)."""
    return cls.__new__(cls, *args)


class SegmentError(Exception):
    """Base of every exception this package raises on purpose.

    Pickling and copying rebuild the instance from its message and its attribute dict instead
    of calling `cls(*args)`: the subclasses take a response, not a message, and the default
    would fail (a `ProcessPoolExecutor` then reports a broken pool instead of the error).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args), dict(self.__dict__))


class ConfigurationError(SegmentError):
    """The client cannot be built as asked (for example, no token anywhere)."""


class ClientClosedError(SegmentError):
    """The client was closed (or an async client was used from a second event loop).

    Nothing was sent. Build a new client; for asyncio, one client per event loop (for example
    inside the function that `asyncio.run` runs).
    """


class InvalidArgumentError(SegmentError, ValueError):
    """An argument was rejected before any request was sent."""


class InvalidArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument has the wrong type; rejected before any request was sent."""


class PaginationError(SegmentError):
    """Following the server's cursors would loop forever: a cursor came back a second time,
    or page after page came back empty with yet another cursor."""


def detached_request(request: httpx.Request) -> httpx.Request:
    """A copy of `request` with its method and URL only: no headers (the token), no body."""
    return httpx.Request(request.method, request.url)


def detached_response(response: httpx.Response, content: bytes | None = None) -> httpx.Response:
    """A read response with the same status, headers and body (or `content`), tied to a
    detached request."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=response.content if content is None else content,
        request=detached_request(response.request),
    )


_SCRUBBED = "<redacted>"
_MIN_SCRUBBED = 4  # shorter values would blank out ordinary words of the message


def sent_settings_values(request: httpx.Request) -> list[str]:
    """The text values under `settings` in a request's JSON body, longest first: what an
    error answer must not echo back (a server that quotes the rejected password)."""
    try:
        body = json.loads(request.content) if request.content else None
    except (ValueError, UnicodeDecodeError, httpx.RequestNotRead):
        return []
    found: list[str] = []

    def walk(value: Any, inside: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, inside or key == "settings")
        elif isinstance(value, list):
            for item in value:
                walk(item, inside)
        elif inside and isinstance(value, str) and len(value) >= _MIN_SCRUBBED:
            found.append(value)

    walk(body, False)
    return sorted(set(found), key=len, reverse=True)


def scrub(text: str, values: list[str]) -> str:
    """`text` with each of `values` (and its JSON-escaped form) replaced by `<redacted>`."""
    for value in values:
        text = text.replace(value, _SCRUBBED)
        escaped = json.dumps(value)[1:-1]
        if escaped != value:
            text = text.replace(escaped, _SCRUBBED)
    return text


class StateProblem(NamedTuple):
    """One thing wrong with a desired-state document or plan: where (`path`) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class StateError(SegmentError):
    """A desired-state document, or a plan made from it, cannot be used.

    `problems` lists every problem found (not only the first), each with the path of the
    document it concerns, for example `spaces.9aQ1….warehouses[0].settings.password`.
    Messages never hold setting values (they may be secrets).
    """

    problems: list[StateProblem]

    def __init__(self, problems: list[StateProblem] | str) -> None:
        if isinstance(problems, str):
            problems = [StateProblem("", problems)]
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = str(self.problems[0])
        else:
            lines = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{len(self.problems)} problems:\n{lines}"
        super().__init__(message)


class AmbiguousStateError(StateError):
    """Live warehouses that the document cannot tell apart (for example two with one name).

    Nothing is guessed: give the document the warehouse `id` to adopt, or rename one.
    """


class PlanStaleError(StateError):
    """A saved plan no longer matches a space; nothing was written to that space.

    Its document entry changed, its live state changed, or the changes the document and the
    live state call for now differ from the saved ones (`differences` says how, change by
    change). Plan again. `space_id` names the space.
    """

    space_id: str
    differences: list[str]

    def __init__(
        self,
        space_id: str,
        *,
        document: bool = False,
        differences: list[str] | None = None,
    ) -> None:
        self.space_id = space_id
        self.differences = list(differences or [])
        if document:
            what = "its entry in the document changed since the plan was made"
        elif self.differences:
            what = (
                "the saved plan does not match what the document and the live state call "
                f"for now ({'; '.join(self.differences)})"
            )
        else:
            what = "changed since the plan was made"
        super().__init__(
            [StateProblem(f"spaces.{space_id}", f"{what}; nothing was written to it (plan again)")]
        )


class APIConnectionError(SegmentError):
    """The request got no usable answer (connection refused, dropped, DNS, TLS …).

    `request` is a detached copy (method and URL, no headers or body).
    """

    request: httpx.Request | None
    method: str | None
    url: str | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.request = detached_request(request) if request is not None else None
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

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    return [
        APIErrorDetail(
            type=text(e.get("type")),
            message=text(e.get("message")),
            field=text(e.get("field")),
            data=e.get("data"),
        )
        for e in error_entries(body)
    ]


# Our own reason phrases, so messages do not change with the interpreter (Python 3.13 renamed
# 422 to "Unprocessable Content" in http.HTTPStatus). RFC 9110 names, plus 429 (RFC 6585).
_REASONS: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def reason_phrase(status_code: int) -> str:
    """The reason phrase this package shows for a status (the same on every Python)."""
    return _REASONS.get(status_code, "Unknown Status")


class APIResponseValidationError(SegmentError):
    """A successful status whose body is not JSON or not the documented shape."""

    status_code: int
    body: str
    headers: httpx.Headers
    method: str
    url: str
    response: httpx.Response

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = detached_response(response)
        self.status_code = response.status_code
        self.body = response.text if response.content else ""
        self.headers = response.headers
        self.method = response.request.method
        self.url = str(response.request.url)


class APIStatusError(SegmentError):
    """The server answered with a status >= 400.

    Attributes: `status_code`, `errors` (list of `APIErrorDetail`), `headers`, `body` (text),
    `method`, `url`, `rate_limit` (a `RateLimit` or None) and `response` (a detached copy: its
    `request` has the method and URL, but no headers and no body).
    """

    response: httpx.Response
    status_code: int
    headers: httpx.Headers
    body: str
    errors: list[APIErrorDetail]
    method: str
    url: str
    rate_limit: RateLimit | None

    def __init__(self, response: httpx.Response) -> None:
        sent = sent_settings_values(response.request)
        body = scrub(response.text, sent) if response.content else ""
        content = body.encode() if sent and response.content else response.content
        self.response = detached_response(response, content)
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.errors = _parse_error_details(content)
        self.method = response.request.method
        self.url = str(response.request.url)
        self.rate_limit = parse_rate_limit(response.headers)
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"{self.status_code} {reason_phrase(self.status_code)} for {self.method} {self.url}"
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

    retry_after: float | None

    def __init__(self, response: httpx.Response, *, now: Callable[[], float] = time.time) -> None:
        self.retry_after = server_wait(response.headers, response.content, now=now())
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
