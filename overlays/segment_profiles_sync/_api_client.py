"""The generated `AuthenticatedClient`, with a repr that never shows the token.

Kept in its own module, imported when the first client is built: the generated client pulls
in attrs, which `import segment_profiles_sync` otherwise does not need.
"""

from __future__ import annotations

import threading

import attrs
import httpx
from segment_profiles_sync_api import AuthenticatedClient

from .errors import ClientClosedError


@attrs.define(repr=False)
class ProfilesSyncApiClient(AuthenticatedClient):
    """The generated `AuthenticatedClient` as the clients configure it.

    Pass it as `client=` to any `segment_profiles_sync_api.api.profiles_sync.*` function to get
    the same retries, timeouts, headers and logging as the façade.

    The generated class builds its httpx client lazily and without a lock, so threads sharing a
    `ProfilesSync` could each build one (and leak all but one pool); here the build is guarded,
    and a closed client refuses to build a new one.
    """

    _build_lock: threading.Lock = attrs.field(factory=threading.Lock, init=False)
    _closed: bool = attrs.field(default=False, init=False)

    def _refuse_if_closed(self) -> None:
        if self._closed:
            raise ClientClosedError("the client is closed; build a new one")

    def get_httpx_client(self) -> httpx.Client:
        self._refuse_if_closed()
        if self._client is not None:
            return self._client
        with self._build_lock:
            return super().get_httpx_client()

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        self._refuse_if_closed()
        if self._async_client is not None:
            return self._async_client
        with self._build_lock:
            return super().get_async_httpx_client()

    def close(self) -> None:
        """Close the httpx client, if one was built; later use raises `ClientClosedError`."""
        self._closed = True
        with self._build_lock:
            client = self._client
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """The asyncio twin of `close`."""
        self._closed = True
        with self._build_lock:
            client = self._async_client
        if client is not None:
            await client.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, token='<redacted>')"
