"""The emulator behind a real HTTP/1.1 server on 127.0.0.1, from the standard library only.

`http.server` keeps the runtime install free of server frameworks; a threading server is
plenty for tests and demos. Faults become real network behaviour: a delay sleeps in the
handler thread, and a dropped connection closes the socket without a byte of answer.
"""

from __future__ import annotations

import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._emulator import ProfilesSyncEmulator

logger = logging.getLogger("segment_profiles_sync.testing")

_MAX_BODY = 1 << 20


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    server_version = "profiles-sync-emulator"
    sys_version = ""
    server: _Server

    def _handle(self) -> None:
        self._answered_at: float | None = None
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self.send_error(413)
            return
        body = self.rfile.read(length) if length else b""
        headers = dict(self.headers.items())
        half_trip = self.server.emulator.latency / 2
        if half_trip:  # the request's way in: it is counted when it arrives
            time.sleep(half_trip)
        answer = self.server.emulator.handle(self.command, self.path, headers, body)
        # `Date` is written as the server answers, before the way out (a server's clock read
        # as the answer leaves it, not as it reaches the client).
        self._answered_at = self.server.emulator.clock()
        if answer.delay or half_trip:  # a fault's delay, then the answer's way out
            time.sleep(answer.delay + half_trip)
        if answer.drop:
            self.close_connection = True
            return
        self.send_response(answer.status)  # sends Date (see date_time_string) and Server
        for name, value in answer.headers.items():
            if name.lower() != "date":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def date_time_string(self, timestamp: float | None = None) -> str:
        # The `Date` header follows the emulator's clock (which tests may replace), the same
        # clock its rate-limit windows use; http.server would use the machine's.
        from email.utils import formatdate

        if timestamp is None:
            timestamp = getattr(self, "_answered_at", None)
        return formatdate(self.server.emulator.clock() if timestamp is None else timestamp,
                          usegmt=True)  # fmt: skip

    def __getattr__(self, name: str) -> Any:
        # http.server answers 501 to a method without a `do_X`; the emulator decides instead
        # (405 with `Allow` on known paths, as the real API does).
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's name
        logger.debug("%s - %s", self.address_string(), format % args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default listen backlog is 5: a burst of a few hundred concurrent clients
    # (one AsyncProfilesSync with a large pool) then gets connection resets. The kernel caps
    # this at net.core.somaxconn.
    request_queue_size = 1024
    emulator: ProfilesSyncEmulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (timeout, dropped connection) leaves a broken pipe behind:
        # routine in fault tests, so it is logged quietly instead of printed as a traceback.
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)


class EmulatorServer:
    """Serve an emulator over HTTP in a background thread.

    >>> with emulator.serve() as server:
    ...     server.base_url        # 'http://127.0.0.1:54321'
    """

    def __init__(self, emulator: ProfilesSyncEmulator, *, host: str = "127.0.0.1", port: int = 0):
        self.emulator = emulator
        self._httpd = _Server((host, port), _Handler)
        self._httpd.emulator = emulator
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        host = str(self._httpd.server_address[0])
        return f"http://{host}:{self.port}"

    def start(self) -> EmulatorServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="profiles-sync-emulator",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (the command-line mode)."""
        try:
            self._httpd.serve_forever(poll_interval=0.2)
        finally:
            self._httpd.server_close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
