"""Fault rules for the emulator: what to do to the next N matching requests (pure data)."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Mapping
from typing import Any

import attrs

HTML_ERROR_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
)


@attrs.define
class Fault:
    """One scripted misbehaviour, applied to the next `times` requests that match.

    Matching: `method` (None for any) and `path`, a shell-style pattern over the raw path (for
    example `/spaces/*/profiles-warehouses`; None for any). Actions, combinable:
    `delay` seconds before answering; `drop` the connection without an answer; `apply_first`
    process the request (state changes) and then answer with the fault anyway; and the answer
    itself: `status`, `headers`, `body` bytes.
    """

    status: int | None = None
    headers: dict[str, str] = attrs.field(factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False
    apply_first: bool = False
    method: str | None = None
    path: str | None = None
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)


def error_body(*errors: Mapping[str, Any]) -> bytes:
    return json.dumps({"errors": list(errors)}).encode()


def status_fault(
    status: int,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    json_body: Any = None,
    html: bool = False,
    **match: Any,
) -> Fault:
    """An answer with `status`; the body is given bytes, JSON, an HTML page or an envelope."""
    all_headers = dict(headers or {})
    if html:
        payload = HTML_ERROR_PAGE
        all_headers.setdefault("Content-Type", "text/html")
    elif body is not None:
        payload = body
    elif json_body is not None:
        payload = json.dumps(json_body).encode()
        all_headers.setdefault("Content-Type", "application/vnd.segment.v1alpha+json")
    else:
        payload = error_body({"type": "emulated-fault", "message": f"emulated {status}"})
        all_headers.setdefault("Content-Type", "application/vnd.segment.v1alpha+json")
    return Fault(status=status, headers=all_headers, body=payload, **match)


def rate_limit_fault(
    *, retry_after: float | None = None, ms_before_next: int | None = None, **match: Any
) -> Fault:
    """A 429 as Segment sends it: the envelope, `msBeforeNext` and/or `Retry-After`."""
    data: dict[str, Any] = {"remainingPoints": 0, "consumedPoints": 60}
    if ms_before_next is not None:
        data["msBeforeNext"] = ms_before_next
    headers = {"Content-Type": "application/vnd.segment.v1alpha+json"}
    if retry_after is not None:
        headers["Retry-After"] = f"{retry_after:g}"
    body = error_body(
        {"type": "too-many-requests", "message": "Too many requests", "data": data, "status": 429}
    )
    return Fault(status=429, headers=headers, body=body, **match)
