"""The default network transport, honouring proxy environment variables as httpx does.

httpx reads `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` only when it builds its
own transport; the clients always pass one (the retry transport wraps the network), which
turns that off. So when the caller gives no `transport=`, this module builds what httpx would
have built: one pool for direct connections plus one per proxy, chosen per URL by httpx's own
patterns (`httpx._utils`; private, but the only way to match httpx exactly, and covered by a
test through a real proxy on 127.0.0.1). A `transport=` from the caller still wins, as in httpx.

This module reads the environment; the router and the factory are `_async_proxies.py` and its
derived blocking twin `_sync_proxies.py`.
"""

from __future__ import annotations

from httpx._utils import URLPattern, get_environment_proxies


def proxy_routes() -> list[tuple[URLPattern, str | None]]:
    """(pattern, proxy URL or None for "direct"), in the order httpx tries them."""
    routes = [(URLPattern(key), url) for key, url in get_environment_proxies().items()]
    return sorted(routes, key=lambda route: route[0])
