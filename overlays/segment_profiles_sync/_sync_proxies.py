"""The default network transport with the environment's proxies: blocking.

Generated from `_async_proxies.py` by `scripts/unasync.py`: edit that file and run
`make unasync`; `make check` fails if this one drifts.
"""

from __future__ import annotations

import httpx
from httpx._utils import URLPattern

from ._proxies import proxy_routes

__all__ = ["default_transport"]


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


def default_transport() -> httpx.BaseTransport:
    """A pooled HTTP transport that uses the environment's proxies, like httpx's own client."""
    routes = proxy_routes()
    direct = httpx.HTTPTransport()
    return _ProxyRouter(direct, routes) if routes else direct
