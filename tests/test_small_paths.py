"""Small rules, each on its own: answer mapping, configuration types, the emulator's command line
and in-process delays, proxy routes, export escaping."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    APIConnectionError,
    APIResponseValidationError,
    ConfigurationError,
    InternalServerError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ProfilesSync,
    SegmentError,
)
from segment_profiles_sync._config import check_base_url, resolve_region, resolve_token
from segment_profiles_sync._response import raise_for_failure, unwrap
from segment_profiles_sync._transport import ResponseSlot
from segment_profiles_sync.state import LiveWarehouse
from segment_profiles_sync.state._export import export_space
from segment_profiles_sync.testing import ProfilesSyncEmulator
from segment_profiles_sync.testing.__main__ import main as emulator_main

REQUEST = httpx.Request("GET", "https://api.segmentapis.com/spaces/s/profiles-warehouses")


def _slot(status: int, content: bytes) -> ResponseSlot:
    slot = ResponseSlot()
    slot.response = httpx.Response(status, content=content, request=REQUEST)
    return slot


@pytest.mark.parametrize(
    ("cause", "detail"),
    [
        (json.JSONDecodeError("x", "doc", 0), "the body is not JSON"),
        (KeyError("id"), "required field 'id' is missing"),
        (TypeError("odd"), "TypeError: odd"),
    ],
)
def test_parse_failures_become_validation_errors(cause: BaseException, detail: str) -> None:
    """Whatever a parser raised on a 2xx, the caller gets APIResponseValidationError."""
    with pytest.raises(APIResponseValidationError, match=detail):
        raise_for_failure(cause, _slot(200, b"{}"))


def test_parse_failure_of_an_error_status_is_the_status_error() -> None:
    """A 5xx whose body did not parse is still the status error."""
    with pytest.raises(InternalServerError):
        raise_for_failure(ValueError("599 is not a valid HTTPStatus"), _slot(599, b"<html>"))


def test_unrelated_errors_and_unbound_transport_errors() -> None:
    """An error that is not a parse error passes through; an unbound httpx error still maps."""
    with pytest.raises(RuntimeError, match="bug"):
        raise_for_failure(RuntimeError("bug"), _slot(200, b"{}"))
    with pytest.raises(APIConnectionError) as info:
        raise_for_failure(httpx.ConnectError("refused"), ResponseSlot())
    assert info.value.request is None


def test_unwrap_without_a_recorded_response_says_so() -> None:
    """A replaced transport leaves nothing to read: a clear SegmentError, not AttributeError."""
    with pytest.raises(SegmentError, match="was the transport replaced"):
        unwrap(None, 500, dict, ResponseSlot())
    with pytest.raises(APIResponseValidationError, match="unexpected status 200"):
        unwrap("not a model", 200, dict, _slot(200, b"{}"))


def test_configuration_types() -> None:
    """Wrong types and empty values are refused with the package's own errors."""
    with pytest.raises(InvalidArgumentTypeError):
        resolve_token(5)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="empty"):
        resolve_token("  ")
    with pytest.raises(InvalidArgumentTypeError):
        resolve_region(1)
    with pytest.raises(InvalidArgumentTypeError):
        check_base_url(None, source="base_url")
    with pytest.raises(InvalidArgumentError, match="not a valid URL"):
        check_base_url("http://a:b:c", source="base_url")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--seed", "nocount"], "SPACE_ID:N"),
        (["--port", "70000"], "--port"),
        (["--collections", "3"], "--collections"),
        (["--rate-limit", "0"], "--rate-limit"),
        (["--rate-window", "0"], "--rate-window"),
        (["--latency", "-0.1"], "--latency"),
        (["--rate-window-mode", "sliding"], "--rate-window-mode"),
    ],
)
def test_emulator_command_line_refuses_bad_options(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad option is a usage error (exit 2) naming it."""
    with pytest.raises(SystemExit) as info:
        emulator_main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_in_process_delays_are_waited_and_long_ones_time_out() -> None:
    """Short emulated delays are waited (sync and async); longer than the timeout raise."""
    emulator = ProfilesSyncEmulator()
    space = emulator.add_space()
    emulator.delay_next(0.01, times=2)
    with ProfilesSync(emulator.token, transport=emulator.transport()) as ps:
        assert list(ps.list_warehouses(space)) == []

    async def call() -> list[Any]:
        from segment_profiles_sync import AsyncProfilesSync

        async with AsyncProfilesSync(emulator.token, transport=emulator.transport()) as aps:
            return [w async for w in aps.list_warehouses(space)]

    assert asyncio.run(call()) == []
    emulator.delay_next(5.0)
    with (
        ProfilesSync(
            emulator.token, transport=emulator.transport(), timeout=0.01, max_retries=0
        ) as ps,
        pytest.raises(SegmentError, match="timed out"),
    ):
        list(ps.list_warehouses(space))


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


def test_export_escapes_placeholder_text_inside_structures() -> None:
    """A literal `${` inside a list or an object of a setting is written as `$${`."""
    live = LiveWarehouse("w1", "A", "m", True, None, {"hosts": ["${x}"], "opts": {"k": "${y}"}})
    entry = export_space("s", [live], {})
    assert entry["warehouses"][0]["settings"] == {"hosts": ["$${x}"], "opts": {"k": "$${y}"}}
