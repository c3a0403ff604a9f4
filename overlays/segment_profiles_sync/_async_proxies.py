"""The default network transport with the environment's proxies (see `_proxies.py`).

`_sync_proxies.py` (the blocking twin) is derived from this file by `scripts/unasync.py`.
"""

from __future__ import annotations

import httpx
from httpx._utils import URLPattern

from ._proxies import proxy_routes

__all__ = ["default_async_transport"]


class _AsyncProxyRouter(httpx.AsyncBaseTransport):
    """Sends each request through the first matching proxy pool, else the direct pool."""

    def __init__(
        self, direct: httpx.AsyncHTTPTransport, routes: list[tuple[URLPattern, str | None]]
    ):
        self._direct = direct
        self._routes = [
            (pattern, None if url is None else httpx.AsyncHTTPTransport(proxy=url))
            for pattern, url in routes
        ]

    def _pick(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        for pattern, transport in self._routes:
            if pattern.matches(url):
                return self._direct if transport is None else transport
        return self._direct

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pick(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        await self._direct.aclose()
        for _, transport in self._routes:
            if transport is not None:
                await transport.aclose()


def default_async_transport() -> httpx.AsyncBaseTransport:
    """A pooled HTTP transport that uses the environment's proxies, like httpx's own client."""
    routes = proxy_routes()
    direct = httpx.AsyncHTTPTransport()
    return _AsyncProxyRouter(direct, routes) if routes else direct
