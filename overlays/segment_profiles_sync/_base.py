"""What the sync and asyncio clients share: configuration, the generated client, the repr.

The I/O twins (`_sync_client.py`, `_async_client.py`) differ only in their transport and in
awaiting; everything that can be decided without I/O is decided here or in the pure modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ._config import (
    Region,
    default_headers,
    resolve_base_url,
    resolve_budget_share,
    resolve_max_retries,
    resolve_patience,
    resolve_timeout,
    resolve_token,
)
from ._constants import RATE_LIMIT_PATIENCE
from ._headers import RateLimit
from ._pacing import shared_pacer
from ._transport import RateLimitTracker
from .errors import ClientClosedError, InvalidArgumentTypeError

if TYPE_CHECKING:
    from ._api_client import ProfilesSyncApiClient


class ClientBase:
    """Configuration shared by `ProfilesSync` and `AsyncProfilesSync`."""

    _transport_kind: type[httpx.BaseTransport] | type[httpx.AsyncBaseTransport]

    def __init__(
        self,
        token: str | None,
        *,
        base_url: str | None,
        region: Region | str | None,
        max_retries: int,
        timeout: float | httpx.Timeout,
        transport: Any,
        allow_insecure_http: bool,
        pace_requests: bool,
        rate_limit_patience: float = RATE_LIMIT_PATIENCE,
        budget_share: float = 1.0,
    ) -> None:
        if transport is not None and not isinstance(transport, self._transport_kind):
            raise InvalidArgumentTypeError(
                f"transport must be an {self._transport_kind.__module__}."
                f"{self._transport_kind.__qualname__}, not {type(transport).__name__}"
            )
        self._token = resolve_token(token)
        self._base_url = resolve_base_url(
            base_url, region, allow_insecure_http=allow_insecure_http is True
        )
        self._max_retries = resolve_max_retries(max_retries)
        self._timeout = resolve_timeout(timeout)
        self._rate_limits = RateLimitTracker()
        if not isinstance(pace_requests, bool):
            raise InvalidArgumentTypeError(
                f"pace_requests must be a bool, not {type(pace_requests).__name__}"
            )
        self._patience = resolve_patience(rate_limit_patience)
        share = resolve_budget_share(budget_share)
        # Clients of one token in this process pace as one (see `_pacing.shared_pacer`).
        self._pacer = (
            shared_pacer(self._base_url, self._token, share=share) if pace_requests else None
        )
        self._closed = False

    def _check_open(self) -> None:
        """Called first by every method: a closed client sends nothing and says so."""
        if self._closed:
            raise ClientClosedError(f"this {type(self).__name__} is closed; build a new one")

    @property
    def is_closed(self) -> bool:
        """True once `close()` / `aclose()` (or the `with` block) has run."""
        return self._closed

    def _make_api_client(self, retry_transport: object) -> ProfilesSyncApiClient:
        from ._api_client import ProfilesSyncApiClient

        return ProfilesSyncApiClient(
            base_url=self._base_url,
            token=self._token,
            headers=default_headers(),
            timeout=self._timeout,
            httpx_args={"transport": retry_transport},
        )

    @property
    def base_url(self) -> str:
        """The API root requests go to, for example `https://api.segmentapis.com`."""
        return self._base_url

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried (0 to 50)."""
        return self._max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeouts of every request (finite by default: 5 s connect, 30 s the rest)."""
        return self._timeout

    @property
    def rate_limit(self) -> RateLimit | None:
        """The `X-RateLimit-*` window reported by the latest response, or None before any;
        `waits` / `waited` count this client's pacing waits and their seconds so far."""
        latest = self._rate_limits.latest
        if latest is None or self._pacer is None:
            return latest
        return latest._replace(waits=self._pacer.waits, waited=self._pacer.waited)

    @property
    def request_count(self) -> int:
        """Answers this client has received so far, retries included (for progress reports)."""
        return self._rate_limits.answers

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, "
            f"max_retries={self._max_retries}, token='<redacted>')"
        )
