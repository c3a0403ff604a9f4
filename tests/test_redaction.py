"""The token and warehouse secrets never appear in logs, reprs or error messages."""

from __future__ import annotations

import logging

import pytest
from segment_profiles_sync import (
    AsyncProfilesSync,
    InternalServerError,
    ProfilesSync,
    UnprocessableEntityError,
)
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE

TOKEN = "sk-live-9f8e7d6c5b4a"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def secret_emulator() -> ProfilesSyncEmulator:
    emu = ProfilesSyncEmulator(token=TOKEN)
    emu.add_space(SPACE)
    return emu


def test_debug_logs_hold_no_secrets(
    secret_emulator: ProfilesSyncEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """One DEBUG line per attempt (method, URL, status, elapsed, attempt); no token, no password."""
    ps = ProfilesSync(TOKEN, transport=secret_emulator.transport(), sleep=lambda s: None)
    secret_emulator.fail_next(503, method="PATCH")
    with caplog.at_level(logging.DEBUG):
        wh = ps.create_warehouse(
            SPACE,
            metadata_id="CCIl4HLQPz",
            settings={"password": PASSWORD, "private_key": PASSWORD},
        )
        ps.update_warehouse(SPACE, wh.id, settings={"password": PASSWORD})
        secret_emulator.fail_next(
            422,
            json_body={"errors": [{"type": "input-validation", "message": "bad settings"}]},
        )
        with pytest.raises(UnprocessableEntityError) as info:
            ps.create_warehouse(SPACE, metadata_id="CCIl4HLQPz", settings={"x": PASSWORD})
    ours = [r for r in caplog.records if r.name == "segment_profiles_sync"]
    debug = [r.getMessage() for r in ours if r.levelno == logging.DEBUG]
    assert debug[0].startswith(
        f"POST https://api.segmentapis.com/spaces/{SPACE}/profiles-warehouses -> 201"
    )
    assert "attempt 1/3" in debug[0]
    assert " ms, " in debug[0]
    assert any("-> 503" in line for line in debug)
    everything = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert TOKEN not in everything
    assert PASSWORD not in everything
    assert "Bearer" not in everything
    assert TOKEN not in str(info.value)
    assert PASSWORD not in str(info.value)


def test_reprs_hide_the_token(secret_emulator: ProfilesSyncEmulator) -> None:
    """Clients, the generated client they configure and recorded requests redact the token."""
    ps = ProfilesSync(TOKEN, transport=secret_emulator.transport())
    aps = AsyncProfilesSync(TOKEN, transport=secret_emulator.transport())
    list(ps.list_warehouses(SPACE))
    for text in (repr(ps), str(ps), repr(aps), repr(ps.api_client), repr(secret_emulator.requests)):
        assert TOKEN not in text
        assert "<redacted>" in text


def test_errors_hide_request_bodies(secret_emulator: ProfilesSyncEmulator) -> None:
    """A failed create's error names the method and URL, never the settings sent."""
    ps = ProfilesSync(TOKEN, transport=secret_emulator.transport())
    secret_emulator.apply_then_fail_next(500, method="POST")
    with pytest.raises(InternalServerError) as info:
        ps.create_warehouse(SPACE, metadata_id="CCIl4HLQPz", settings={"password": PASSWORD})
    assert PASSWORD not in str(info.value)
    assert PASSWORD not in repr(info.value)
    assert "POST" in str(info.value)
