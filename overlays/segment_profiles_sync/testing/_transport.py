"""The emulator as an httpx transport: same state and behaviour, no sockets.

One class serves both `httpx.Client` and `httpx.AsyncClient`. Faults map to what httpx would
raise over a network: a dropped connection is `httpx.RemoteProtocolError`, and a delay longer
than the request's read timeout is `httpx.ReadTimeout`, raised at once, without the wait, so
fault tests stay fast. Shorter delays are really waited (`asyncio.sleep` in async code).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._emulator import EmulatedResponse, ProfilesSyncEmulator


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers requests from a `ProfilesSyncEmulator` in-process."""

    def __init__(self, emulator: ProfilesSyncEmulator) -> None:
        self.emulator = emulator

    def _answer(self, request: httpx.Request) -> tuple[EmulatedResponse, float]:
        target = request.url.raw_path.decode("ascii")
        answer = self.emulator.handle(request.method, target, request.headers, request.content)
        timeout = request.extensions.get("timeout", {}).get("read")
        return answer, (float("inf") if timeout is None else float(timeout))

    @staticmethod
    def _to_httpx(request: httpx.Request, answer: EmulatedResponse) -> httpx.Response:
        if answer.drop:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return httpx.Response(
            answer.status, headers=answer.headers, content=answer.body, request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        half_trip = self.emulator.latency / 2  # the way in; the way out follows the answer
        if half_trip:
            time.sleep(half_trip)
        answer, read_timeout = self._answer(request)
        if answer.delay > read_timeout:
            raise httpx.ReadTimeout("emulated slow server", request=request)
        if answer.delay or half_trip:
            time.sleep(answer.delay + half_trip)
        return self._to_httpx(request, answer)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        half_trip = self.emulator.latency / 2
        if half_trip:
            await asyncio.sleep(half_trip)
        answer, read_timeout = self._answer(request)
        if answer.delay > read_timeout:
            raise httpx.ReadTimeout("emulated slow server", request=request)
        if answer.delay or half_trip:
            await asyncio.sleep(answer.delay + half_trip)
        return self._to_httpx(request, answer)
