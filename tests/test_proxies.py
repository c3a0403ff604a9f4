"""Proxy environment variables: honoured as httpx honours them, through a real forward proxy
on 127.0.0.1; `NO_PROXY` and an explicit `transport=` go direct."""

from __future__ import annotations

import asyncio
import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    ProfilesSync,
)
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from tests.conftest import SPACE, Twin

LIST = f"/spaces/{SPACE}/profiles-warehouses"


class _ForwardProxy(ThreadingHTTPServer):
    """A minimal HTTP forward proxy on 127.0.0.1 that records what it forwarded."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.seen: list[str] = []


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ForwardProxy

    def _forward(self) -> None:
        url = httpx.URL(self.path)  # a proxy receives the absolute URL
        self.server.seen.append(f"{self.command} {url}")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection(url.host, url.port, timeout=5)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "proxy-connection"}
        upstream.request(self.command, url.raw_path.decode(), body=body, headers=headers)
        answer = upstream.getresponse()
        payload = answer.read()
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in {"content-length", "connection", "transfer-encoding"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        upstream.close()

    do_GET = do_POST = do_PATCH = do_DELETE = _forward  # noqa: N815 - http.server's names

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        pass


@pytest.fixture
def proxy() -> Iterator[_ForwardProxy]:
    server = _ForwardProxy()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY"])
def test_proxy_variables_are_honoured(
    twin: Twin, server: EmulatorServer, proxy: _ForwardProxy, monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:  # fmt: skip
    """HTTP_PROXY (or ALL_PROXY) routes both clients' requests through the proxy, as with a
    plain httpx.Client()."""
    monkeypatch.setenv(variable, f"http://127.0.0.1:{proxy.server_address[1]}")
    assert twin.with_options(checked=False).list() == []
    assert proxy.seen == [f"GET {server.base_url}{LIST}"]


def test_no_proxy_and_explicit_transport_bypass_the_proxy(
    emulator: ProfilesSyncEmulator,
    server: EmulatorServer,
    proxy: _ForwardProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NO_PROXY excludes a host, and a transport= given by the caller wins over the variables."""
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.server_address[1]}")
    with ProfilesSync(
        emulator.token, base_url=server.base_url, transport=httpx.HTTPTransport()
    ) as ps:
        list(ps.list_warehouses(SPACE))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with ProfilesSync(emulator.token, base_url=server.base_url) as ps:
        list(ps.list_warehouses(SPACE))
    assert proxy.seen == []
    assert len(emulator.requests) == 2


def test_no_proxy_routes_go_direct(monkeypatch: pytest.MonkeyPatch) -> None:
    """With ALL_PROXY and NO_PROXY set, a NO_PROXY host is routed to the direct pool."""
    from segment_profiles_sync._async_proxies import default_async_transport
    from segment_profiles_sync._sync_proxies import default_transport

    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "api.example.com")
    sync = default_transport()
    direct = sync._direct  # type: ignore[attr-defined]
    assert sync._pick(httpx.URL("https://api.example.com/x")) is direct  # type: ignore[attr-defined]
    assert sync._pick(httpx.URL("https://other.example.com/x")) is not direct  # type: ignore[attr-defined]
    sync.close()
    asynchronous = default_async_transport()
    pick = asynchronous._pick  # type: ignore[attr-defined]
    assert pick(httpx.URL("https://api.example.com/")) is asynchronous._direct  # type: ignore[attr-defined]
    asyncio.run(asynchronous.aclose())
