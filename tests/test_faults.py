"""Unhappy paths against a real HTTP server on 127.0.0.1 (the emulator with scripted faults).

Sleeps are recorded by the clients' injected `sleep`, never slept; the only real waits are the
emulator's short delays in the timeout tests."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest
from segment_profiles_sync import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncProfilesSync,
    InternalServerError,
    NotFoundError,
    ProfilesSync,
    RateLimitError,
    SegmentError,
)
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from tests.conftest import SPACE, Twin

LIST = f"/spaces/{SPACE}/profiles-warehouses"


@pytest.fixture
def twin(twin: Twin) -> Twin:
    """The conftest's twin without the spec check: these answers break the spec on purpose."""
    return twin.with_options(checked=False)


def test_429_with_retry_after_waits_as_told(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """The server's wait is honoured over our own backoff: `msBeforeNext` (exact) when the
    429 has it, else `Retry-After`."""
    emulator.rate_limit_next(retry_after=3, ms_before_next=1450)
    emulator.rate_limit_next(retry_after=2)
    assert twin.with_options(pace_requests=False).list() == []
    assert sleeps == [1.45, 2.0]
    assert len(emulator.requests) == 3


def test_429_with_only_ms_before_next(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """Without `Retry-After`, the envelope's `msBeforeNext` sets the wait."""
    emulator.rate_limit_next(ms_before_next=1450)
    twin.list()
    assert sleeps == [1.45]


def test_429_create_is_retried(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """A throttled create was not processed, so it is safe to retry: one warehouse results."""
    emulator.rate_limit_next(ms_before_next=200, method="POST")
    twin.create()
    assert sleeps == [0.2]
    assert len(emulator.warehouses(SPACE)) == 1


def test_429_beyond_60s_raises_at_once(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """A server-directed wait above 60 s is not slept: RateLimitError with retry_after."""
    emulator.rate_limit_next(retry_after=120)
    with pytest.raises(RateLimitError) as info:
        twin.list()
    assert info.value.retry_after == 120.0
    assert info.value.status_code == 429
    assert sleeps == []
    assert len(emulator.requests) == 1


def test_429s_with_a_server_wait_do_not_use_up_retries(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """A 429 that says when to come back is "not yet": three in a row (max_retries=2) are
    waited out and the call succeeds (a token shared with another client is refused often)."""
    emulator.rate_limit_next(ms_before_next=500, times=3)
    assert twin.list() == []
    assert sleeps == [0.5, 0.5, 0.5]


def test_429_exhausts_retries_once_patience_is_used(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """Free 429 retries last while their waits add up to RATE_LIMIT_PATIENCE (120 s); then
    they count against max_retries (2), and the third counted one surfaces."""
    emulator.rate_limit_next(ms_before_next=50_000, times=5)
    with pytest.raises(RateLimitError) as info:
        twin.list()
    assert info.value.retry_after == 50.0
    assert sleeps == [50.0] * 4
    assert info.value.errors[0].data["msBeforeNext"] == 50_000
    assert len(emulator.requests) == 5


def test_no_retries_means_a_429_surfaces_at_once(
    twin: Twin, emulator: ProfilesSyncEmulator
) -> None:
    """max_retries=0 turns every retry off, rate-limit ones included."""
    emulator.rate_limit_next(ms_before_next=500)
    with pytest.raises(RateLimitError):
        twin.with_options(max_retries=0).list()
    assert len(emulator.requests) == 1


def test_503_then_success_backs_off(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """5xx on a GET is retried with exponential backoff (0.5 s, then 1 s, less jitter)."""
    emulator.fail_next(503, times=2)
    assert twin.list() == []
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0


def test_html_502_maps_to_internal_server_error(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """A proxy's HTML page is not JSON, yet gives a clean InternalServerError."""
    emulator.fail_next(502, html=True, times=3)
    with pytest.raises(InternalServerError) as info:
        twin.list()
    assert info.value.status_code == 502
    assert info.value.errors == []
    assert "Bad Gateway" in str(info.value)


@pytest.mark.parametrize("status", [499, 520, 599])
def test_statuses_outside_httpstatus(
    twin: Twin, emulator: ProfilesSyncEmulator, status: int
) -> None:
    """Statuses unknown to http.HTTPStatus still map to our errors, never ValueError."""
    emulator.fail_next(status, body=b"", times=3)
    with pytest.raises(SegmentError) as info:
        twin.list()
    assert info.value.status_code == status  # type: ignore[attr-defined]
    assert isinstance(info.value, InternalServerError) == (status >= 500)


def test_dropped_connection_get_is_retried(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """A GET whose connection drops is retried."""
    emulator.drop_next()
    assert twin.list() == []
    assert len(sleeps) == 1


def test_dropped_connection_create_is_not_retried(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """A create whose connection drops after sending may have been applied: no retry."""
    emulator.drop_next(method="POST", apply_first=True)
    with pytest.raises(APIConnectionError) as info:
        twin.create()
    assert not isinstance(info.value, APITimeoutError)
    assert info.value.method == "POST"
    assert sleeps == []
    assert len(emulator.warehouses(SPACE)) == 1


def test_create_applied_then_500_makes_exactly_one(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """The server applied the create, then answered 500: no replay, exactly one warehouse."""
    emulator.apply_then_fail_next(500, method="POST")
    with pytest.raises(InternalServerError):
        twin.create()
    assert len(emulator.warehouses(SPACE)) == 1
    assert [r.method for r in emulator.requests] == ["POST"]
    assert sleeps == []


def test_connect_refused_create_is_retried(twin: Twin, sleeps: list[float]) -> None:
    """A create whose connection was refused never reached a server: it is retried."""
    with EmulatorServer(ProfilesSyncEmulator()) as srv:
        closed_port_url = srv.base_url  # the port closes when the server stops
    refused = twin.with_options(max_retries=1)
    refused.base_url = closed_port_url
    with pytest.raises(APIConnectionError) as info:
        refused.create()
    assert "ConnectError" in str(info.value)
    assert len(sleeps) == 1


def test_slow_server_times_out(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """A server slower than the read timeout raises APITimeoutError (after retries)."""
    emulator.delay_next(0.3, times=2)
    with pytest.raises(APITimeoutError) as info:
        twin.with_options(timeout=0.1, max_retries=1).list()
    assert info.value.url is not None
    assert info.value.url.endswith(LIST)
    assert len(emulator.requests) == 2


def test_slow_server_within_timeout(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """A delay shorter than the timeout is just a slow answer."""
    emulator.delay_next(0.05)
    assert twin.with_options(timeout=1.0).list() == []


def test_retries_are_logged_at_info(
    twin: Twin, emulator: ProfilesSyncEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Each retry logs its reason, attempt and delay at INFO."""
    emulator.fail_next(503)
    with caplog.at_level(logging.INFO, logger="segment_profiles_sync"):
        twin.list()
    (line,) = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert "Retrying GET" in line
    assert "status 503" in line
    assert "attempt 1/3" in line


def test_max_retries_zero_disables(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """`max_retries=0` makes exactly one attempt."""
    emulator.fail_next(503)
    with pytest.raises(InternalServerError):
        twin.with_options(max_retries=0).list()
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("fault", ["500", "drop"])
def test_delete_applied_then_lost_returns_normally(
    twin: Twin,
    emulator: ProfilesSyncEmulator,
    caplog: pytest.LogCaptureFixture,
    fault: str,
) -> None:
    """The first DELETE removed it but its answer was lost; the retry's 404 means "done"."""
    warehouse = emulator.add_warehouse(SPACE)
    if fault == "500":
        emulator.apply_then_fail_next(500, method="DELETE")
    else:
        emulator.drop_next(method="DELETE", apply_first=True)
    with caplog.at_level(logging.INFO, logger="segment_profiles_sync"):
        twin.remove(warehouse["id"])  # returns, rather than raising
    assert emulator.warehouses(SPACE) == []
    assert [r.method for r in emulator.requests] == ["DELETE", "DELETE"]
    assert "earlier attempt" in caplog.text


def test_delete_404_on_first_attempt_still_raises(twin: Twin) -> None:
    """Nothing was retried: a 404 means the warehouse was never there."""
    with pytest.raises(NotFoundError):
        twin.remove("never-existed")


def test_delete_404_after_a_429_still_raises(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """A 429 was not applied, so the retry's 404 is the real answer."""
    emulator.rate_limit_next(ms_before_next=10, method="DELETE")
    with pytest.raises(NotFoundError):
        twin.remove("never-existed")


# -- parsing (the same code for both clients) ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"data": {"profilesWarehouses": [{"id": "x"', "not JSON"),
        (b'{"data": {}}', "profilesWarehouses"),
        (b'{"data": {"profilesWarehouses": "nope"}}', "not the documented shape"),
        (b"", "not JSON"),
        (b"<html>ok</html>", "not JSON"),
    ],
)
def test_bad_success_bodies(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator, body: bytes, needle: str
) -> None:
    """Truncated JSON, missing fields and wrong types become APIResponseValidationError."""
    emulator.fail_next(200, body=body)
    with pytest.raises(APIResponseValidationError, match=needle) as info:
        list(raw_client.list_warehouses(SPACE))
    assert info.value.status_code == 200


def _warehouse_json(emulator: ProfilesSyncEmulator, **changes: object) -> dict[str, object]:
    wh = emulator.add_warehouse(SPACE)
    wh.update(changes)
    return wh


def test_wrong_field_type_is_caught(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The generated parser casts; our shape check catches `enabled: "yes"`."""
    wh = _warehouse_json(emulator, enabled="yes")
    emulator.fail_next(200, json_body={"data": {"profilesWarehouses": [wh]}})
    with pytest.raises(APIResponseValidationError, match=r"enabled: expected boolean"):
        list(raw_client.list_warehouses(SPACE))


def test_unknown_fields_are_kept(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """Fields a newer server adds survive parsing and `to_dict()`."""
    wh = _warehouse_json(emulator, dataRetentionDays=30)
    wh["metadata"]["logos"].pop("default")  # type: ignore[index]
    emulator.fail_next(200, json_body={"data": {"profilesWarehouses": [wh], "newTopLevel": 1}})
    (got,) = list(client.list_warehouses(SPACE))
    assert got.additional_properties == {"dataRetentionDays": 30}
    assert got.to_dict()["dataRetentionDays"] == 30


def test_unknown_enum_value(raw_client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """An enum value the spec does not know is a validation error, not a ValueError."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    emulator.fail_next(200, json_body={"data": {"status": "PARTIALLY_UPDATED"}})
    with pytest.raises(APIResponseValidationError, match="PARTIALLY_UPDATED"):
        raw_client.update_selective_sync(SPACE, wh_id)


def test_a_truncated_body_is_a_validation_error(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """Truncated JSON in a 200 is APIResponseValidationError, through either client."""
    emulator.fail_next(200, body=b'{"data": ')
    with pytest.raises(APIResponseValidationError):
        twin.list()


def test_in_process_transport_matches_http(sleeps: list[float]) -> None:
    """The in-process transport turns faults into the same httpx failures as the network."""
    emu = ProfilesSyncEmulator()
    space = emu.add_space(warehouses=2)
    ps = ProfilesSync(emu.token, transport=emu.transport(), sleep=sleeps.append, timeout=0.05)
    emu.drop_next()
    emu.delay_next(10.0)  # longer than the timeout: raised at once, not waited
    assert len(list(ps.list_warehouses(space))) == 2
    assert len(sleeps) == 2
    assert json.loads(emu.requests[-1].body or b"null") is None
    emu.delay_next(1.0)
    request = httpx.Request(
        "GET",
        f"http://x/spaces/{space}/profiles-warehouses",
        extensions={"timeout": {"read": 0.01}},
    )
    with pytest.raises(httpx.ReadTimeout):
        emu.transport().handle_request(request)


async def test_cancellation_during_a_retry_sleep_is_prompt(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """Cancelling a call while it waits to retry ends it at once; no retry is sent."""
    sleeping = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()  # as long as it takes: only cancellation ends it

    emulator.fail_next(503, method="PATCH")
    async with AsyncProfilesSync(emulator.token, base_url=server.base_url, sleep=sleep) as aps:
        other = asyncio.ensure_future(aps.create_warehouse(SPACE, metadata_id="x", settings={}))
        update = asyncio.ensure_future(aps.update_warehouse(SPACE, "w", settings={}))
        await sleeping.wait()
        update.cancel()
        with pytest.raises(asyncio.CancelledError):
            await update
        with pytest.raises(NotFoundError):  # the other call is not disturbed
            await other
    assert [r.method for r in emulator.requests].count("PATCH") == 1
