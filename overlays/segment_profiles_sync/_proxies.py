"""The default network transport, honouring proxy environment variables as httpx does.

httpx reads `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` only when it builds its
own transport; the clients always pass one (the retry transport wraps the network), which
turns that off. So when the caller gives no `transport=`, this module builds what httpx would
have built: one pool for direct connections plus one per proxy, chosen per URL by httpx's own
patterns (`httpx._utils`; private, but the only way to match httpx exactly, and covered by a
test through a real proxy on 127.0.0.1). A `transport=` from the caller still wins, as in httpx.
"""

from __future__ import annotations

import httpx
from httpx._utils import URLPattern, get_environment_proxies


def _routes() -> list[tuple[URLPattern, str | None]]:
    """(pattern, proxy URL or None for "direct"), in the order httpx tries them."""
    routes = [(URLPattern(key), url) for key, url in get_environment_proxies().items()]
    return sorted(routes, key=lambda route: route[0])


class _ProxyRouter(httpx.BaseTransport):
    """Sends each request through the first matching proxy pool, else the direct pool."""

    def __init__(self, direct: httpx.HTTPTransport, routes: list[tuple[URLPattern, str | None]]):
        self._direct = direct
        self._routes = [
            (pattern, None if url is None else httpx.HTTPTransport(proxy=url))
            for pattern, url in routes
        ]

    def _pick(self, url: httpx.URL) -> httpx.HTTPTransport:
        for pattern, transport in self._routes:
            if pattern.matches(url):
                return self._direct if transport is None else transport
        return self._direct

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pick(request.url).handle_request(request)

    def close(self) -> None:
        self._direct.close()
        for _, transport in self._routes:
            if transport is not None:
                transport.close()


class _AsyncProxyRouter(httpx.AsyncBaseTransport):
    """The asyncio twin of `_ProxyRouter`."""

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


def default_transport() -> httpx.BaseTransport:
    """A pooled HTTP transport that uses the environment's proxies, like `httpx.Client()`."""
    routes = _routes()
    direct = httpx.HTTPTransport()
    return _ProxyRouter(direct, routes) if routes else direct


def default_async_transport() -> httpx.AsyncBaseTransport:
    """The asyncio twin of `default_transport`."""
    routes = _routes()
    direct = httpx.AsyncHTTPTransport()
    return _AsyncProxyRouter(direct, routes) if routes else direct
