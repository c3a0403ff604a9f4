"""A local Profiles Sync emulator for tests and demos.

    from segment_profiles_sync.testing import ProfilesSyncEmulator

    emulator = ProfilesSyncEmulator(token="test-token")
    space_id = emulator.add_space(warehouses=3)

    with emulator.serve() as server:                       # real HTTP on 127.0.0.1
        ps = ProfilesSync(token=emulator.token, base_url=server.base_url)

    ps = ProfilesSync(token=emulator.token, transport=emulator.transport())   # in-process

Stateful and in memory, it implements the six operations as `openapi.yaml` describes them
(auth, validation with 422 envelopes, 404s, dot-form cursor pagination, selective sync,
redacted secrets, rate-limit headers) and lets tests script the unhappy paths: `fail_next`,
`rate_limit_next`, `delay_next`, `drop_next`, `apply_then_fail_next`. Every request is kept in
`emulator.requests`. Installing the package also registers pytest fixtures
(`profiles_sync_emulator`, `profiles_sync_client`, `async_profiles_sync_client`).

Command line: `python -m segment_profiles_sync.testing --port 8765 --seed SPACE_ID:3`.
"""

from ._clock import VirtualClock
from ._emulator import (
    DEFAULT_TOKEN,
    EmulatedResponse,
    EmulatorStats,
    ProfilesSyncEmulator,
    RecordedRequest,
)
from ._faults import Fault
from ._server import EmulatorServer
from ._transport import EmulatorTransport

__all__ = [
    "DEFAULT_TOKEN",
    "EmulatedResponse",
    "EmulatorServer",
    "EmulatorStats",
    "EmulatorTransport",
    "Fault",
    "ProfilesSyncEmulator",
    "RecordedRequest",
    "VirtualClock",
]
