"""The emulator on its own terms: contract details, scripting, the command and the fixtures."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import textwrap
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    AsyncProfilesSync,
    ProfilesSync,
    SegmentError,
)
from segment_profiles_sync.testing import ProfilesSyncEmulator
from segment_profiles_sync.testing.__main__ import main as emulator_main

from tests.contract import validate_exchange
from tests.payloads import SNOWFLAKE

MEDIA = "application/vnd.segment.v1alpha+json"


@pytest.fixture
def emulator() -> ProfilesSyncEmulator:
    """This module's emulator: empty, real time, the token `tok` (overrides conftest's)."""
    return ProfilesSyncEmulator(token="tok")


def call(
    emulator: ProfilesSyncEmulator, method: str, path: str, body: object = None, token: str = "tok"
) -> httpx.Response:
    """One request through the in-process transport, validated against the spec."""
    headers = {"Authorization": f"Bearer {token}", "Accept": MEDIA}
    content = None
    if body is not None:
        headers["Content-Type"] = MEDIA
        content = json.dumps(body).encode()
    request = httpx.Request(method, f"http://emu{path}", headers=headers, content=content)
    response = emulator.transport().handle_request(request)
    response.read()
    validate_exchange(request, response)
    return response


def test_auth_is_required(emulator: ProfilesSyncEmulator) -> None:
    """Wrong or missing tokens get the 401 envelope."""
    space = emulator.add_space()
    response = call(emulator, "GET", f"/spaces/{space}/profiles-warehouses", token="wrong")
    assert response.status_code == 401
    assert response.json()["errors"][0]["type"] == "unauthorized"


def test_unknown_space_and_warehouse_are_404(emulator: ProfilesSyncEmulator) -> None:
    """404 envelopes for spaces and warehouses that do not exist."""
    space = emulator.add_space()
    assert call(emulator, "GET", "/spaces/nope/profiles-warehouses").status_code == 404
    assert call(emulator, "DELETE", f"/spaces/{space}/profiles-warehouses/nope").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"settings": {}}, "metadataId"),
        ({"metadataId": "CCIl4HLQPz"}, "settings"),
        ({"metadataId": 5, "settings": {}}, "metadataId"),
        ({"metadataId": "CCIl4HLQPz", "settings": {}, "enabled": "yes"}, "enabled"),
    ],
)
def test_create_validation_names_the_field(
    emulator: ProfilesSyncEmulator, body: dict[str, object], field: str
) -> None:
    """Invalid bodies get 422 with the offending field."""
    space = emulator.add_space()
    request = httpx.Request(
        "POST",
        f"http://emu/spaces/{space}/profiles-warehouses",
        headers={"Authorization": "Bearer tok", "Content-Type": MEDIA},
        content=json.dumps(body).encode(),
    )
    response = emulator.transport().handle_request(request)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_pagination_rules(emulator: ProfilesSyncEmulator) -> None:
    """One-page listings omit `pagination`; counts outside 1..1000 are 422; the last page's
    `next` is null."""
    space = emulator.add_space(warehouses=3)
    path = f"/spaces/{space}/profiles-warehouses"
    assert "pagination" not in call(emulator, "GET", path).json()["data"]
    first = call(emulator, "GET", f"{path}?pagination.count=2").json()["data"]
    assert first["pagination"]["next"] == "Mg=="
    last = call(emulator, "GET", f"{path}?pagination.count=2&pagination.cursor=Mg%3D%3D").json()[
        "data"
    ]
    assert last["pagination"]["next"] is None
    assert len(last["profilesWarehouses"]) == 1
    for bad in ("0", "1001", "x"):
        raw = emulator.transport().handle_request(
            httpx.Request(
                "GET",
                f"http://emu{path}?pagination.count={bad}",
                headers={"Authorization": "Bearer tok"},
            )
        )
        assert raw.status_code == 422


def test_secrets_come_back_redacted(emulator: ProfilesSyncEmulator) -> None:
    """Password-type settings (and secret-looking keys) are `<redacted>` in answers."""
    space = emulator.add_space()
    created = call(
        emulator,
        "POST",
        f"/spaces/{space}/profiles-warehouses",
        {
            "metadataId": "CCIl4HLQPz",
            "settings": {"account": "a", "password": "p", "api_token": "t"},
        },
    ).json()["data"]["profilesWarehouse"]
    assert created["settings"] == {
        "account": "a",
        "password": "<redacted>",
        "api_token": "<redacted>",
    }


def test_rate_limit_headers_and_enforcement() -> None:
    """Every success carries X-RateLimit-*; past the limit, 429 with both wait hints."""
    now = [1000.0]
    emulator = ProfilesSyncEmulator(token="tok", rate_limit=2, rate_window=10, clock=lambda: now[0])
    space = emulator.add_space()
    path = f"/spaces/{space}/profiles-warehouses"
    first = call(emulator, "GET", path)
    assert first.headers["X-RateLimit-Remaining"] == "1"
    call(emulator, "GET", path)
    now[0] += 4
    limited = call(emulator, "GET", path)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "6"
    assert limited.json()["errors"][0]["data"]["msBeforeNext"] == 6000
    now[0] += 6
    assert call(emulator, "GET", path).status_code == 200


def test_rolling_windows_start_at_the_first_request_and_reset_is_truncated() -> None:
    """`rate_window_mode="rolling"`: a window starts at the first request after the last one
    ended, so its end falls between whole seconds; Reset is that end truncated, and a 429's
    msBeforeNext gives it to the millisecond."""
    now = [1000.3]
    emulator = ProfilesSyncEmulator(
        token="tok", rate_limit=2, rate_window=1, rate_window_mode="rolling", clock=lambda: now[0]
    )
    path = f"/spaces/{emulator.add_space()}/profiles-warehouses"
    first = call(emulator, "GET", path)
    assert first.headers["X-RateLimit-Reset"] == "Thu, 01 Jan 1970 00:16:41 GMT"  # 1001.3 → 1001
    now[0] = 1000.5
    call(emulator, "GET", path)
    now[0] = 1001.1  # past the truncated Reset, before the real end (1001.3)
    limited = call(emulator, "GET", path)
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["data"]["msBeforeNext"] == 200
    now[0] = 1001.75  # the next window starts here, not at a whole second
    assert call(emulator, "GET", path).headers["X-RateLimit-Consumed"] == "1"
    now[0] = 1002.7
    assert call(emulator, "GET", path).headers["X-RateLimit-Consumed"] == "2"
    assert sorted(emulator.stats.by_window.values()) == [2, 2]
    with pytest.raises(ValueError, match="rate_window_mode"):
        ProfilesSyncEmulator(rate_window_mode="sliding")


@pytest.mark.parametrize("over_http", [False, True])
def test_latency_is_added_to_every_round_trip(over_http: bool) -> None:
    """`latency=` holds each answer that long in all (half before it is counted)."""
    import time

    from segment_profiles_sync import ProfilesSync

    emulator = ProfilesSyncEmulator(token="tok", latency=0.06)
    space = emulator.add_space()
    with emulator.serve() as server:
        options: dict[str, object] = (
            {"base_url": server.base_url} if over_http else {"transport": emulator.transport()}
        )
        with ProfilesSync("tok", **options) as ps:  # type: ignore[arg-type]
            started = time.perf_counter()
            list(ps.list_warehouses(space))
            assert time.perf_counter() - started >= 0.06
    with pytest.raises(ValueError, match="latency"):
        ProfilesSyncEmulator(latency=-1)


def test_fault_matching_and_counts(emulator: ProfilesSyncEmulator) -> None:
    """Faults apply to the next N requests matching method and path, then stop."""
    space = emulator.add_space()
    emulator.fail_next(503, times=2, method="GET", path="/spaces/*/profiles-warehouses")
    path = f"/spaces/{space}/profiles-warehouses"
    assert (
        call(emulator, "POST", path, {"metadataId": "CCIl4HLQPz", "settings": {}}).status_code
        == 201
    )
    statuses = []
    for _ in range(3):  # the raw transport: an injected 503 is not a documented answer
        request = httpx.Request("GET", f"http://emu{path}", headers={"Authorization": "Bearer tok"})
        statuses.append(emulator.transport().handle_request(request).status_code)
    assert statuses == [503, 503, 200]
    emulator.clear_faults()
    emulator.fail_next(500, path="/other")
    assert call(emulator, "GET", path).status_code == 200
    with pytest.raises(ValueError, match="at least one"):
        emulator.fail_next(500, times=0)


def test_apply_then_fail_changes_state(emulator: ProfilesSyncEmulator) -> None:
    """An apply-then-fail delete removes the warehouse yet answers 500."""
    space = emulator.add_space(warehouses=1)
    wh = emulator.warehouses(space)[0]["id"]
    emulator.apply_then_fail_next(500, method="DELETE")
    request = httpx.Request(
        "DELETE",
        f"http://emu/spaces/{space}/profiles-warehouses/{wh}",
        headers={"Authorization": "Bearer tok"},
    )
    assert emulator.transport().handle_request(request).status_code == 500
    assert emulator.warehouses(space) == []


def test_method_not_allowed(emulator: ProfilesSyncEmulator) -> None:
    """Known paths answer 405 with `Allow` to other methods."""
    response = emulator.transport().handle_request(
        httpx.Request("PUT", "http://emu/spaces/s/profiles-warehouses")
    )
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


@pytest.mark.slow
def test_command_line_serves_and_stops_cleanly() -> None:
    """`python -m segment_profiles_sync.testing` prints its URL, serves, and exits 0 on Ctrl-C."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "segment_profiles_sync.testing",
            "--token",
            "demo-token",
            "--seed",
            "spc:2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base_url = proc.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        answer = httpx.get(
            f"{base_url}/spaces/spc/profiles-warehouses",
            headers={"Authorization": "Bearer demo-token"},
            timeout=5,
        )
        assert len(answer.json()["data"]["profilesWarehouses"]) == 2
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert "Traceback" not in stderr


@pytest.mark.slow
def test_pytest_fixtures_work_in_a_user_suite(pytester: pytest.Pytester) -> None:
    """The pytest11 plugin gives a user's suite ready fixtures, sync and async."""
    pytester.makepyfile(
        textwrap.dedent(
            """
            import pytest

            def test_sync(profiles_sync_emulator, profiles_sync_client, profiles_sync_sleeps):
                space = profiles_sync_emulator.add_space(warehouses=2)
                profiles_sync_emulator.fail_next(503)
                assert len(list(profiles_sync_client.list_warehouses(space))) == 2
                assert len(profiles_sync_sleeps) == 1

            @pytest.mark.asyncio
            async def test_async(profiles_sync_emulator, async_profiles_sync_client):
                space = profiles_sync_emulator.add_space(warehouses=3)
                got = [w async for w in async_profiles_sync_client.list_warehouses(space)]
                assert len(got) == 3
            """
        )
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    result = pytester.runpytest_subprocess("-W", "error")
    result.assert_outcomes(passed=2)


def test_scripting_helpers_spaces_selective_sync_and_reset(emulator: ProfilesSyncEmulator) -> None:
    """`spaces()`, `selective_sync()` and `reset()` show and clear what the API changed."""
    space = emulator.add_space(warehouses=1)
    other = emulator.add_space("other-space")
    assert emulator.spaces() == [space, other]
    warehouse_id = emulator.warehouses(space)[0]["id"]
    before = emulator.selective_sync(space, warehouse_id)
    assert before["enableEventTables"] is True
    assert before["collections"]["tracks"]["enabled"] is True
    body = {"syncOverrides": [{"collection": "tracks", "enabled": False}]}
    path = f"/spaces/{space}/profiles-warehouses/{warehouse_id}/selective-syncs"
    assert call(emulator, "PATCH", path, body).json() == {"data": {"status": "UPDATED"}}
    assert emulator.selective_sync(space, warehouse_id)["collections"]["tracks"]["enabled"] is False
    before["collections"]["identifies"]["enabled"] = False  # a copy: the emulator is unchanged
    assert emulator.selective_sync(space, warehouse_id)["collections"]["identifies"]["enabled"]
    emulator.fail_next(503)
    emulator.reset()
    assert emulator.spaces() == []
    assert emulator.requests == []
    assert call(emulator, "GET", f"/spaces/{space}/profiles-warehouses").status_code == 404


@pytest.mark.slow
async def test_emulator_holds_500_concurrent_connections() -> None:
    """500 creates at once from one client (pool of 600) all succeed over real HTTP.

    (It takes seconds on the client side: httpcore's pool assigns requests to connections in
    time that grows with both, quadratically at this size. The server side is quick.)"""
    emulator = ProfilesSyncEmulator()
    space = emulator.add_space()
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=600))
    with emulator.serve() as srv:
        async with AsyncProfilesSync(
            emulator.token, base_url=srv.base_url, transport=transport, timeout=20.0
        ) as aps:
            results = await asyncio.gather(
                *(
                    aps.create_warehouse(space, metadata_id=SNOWFLAKE, settings={})
                    for _ in range(500)
                ),
                return_exceptions=True,
            )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    assert len(emulator.warehouses(space)) == 500


@pytest.mark.slow
def test_emulator_cli_port_in_use_is_one_line(emulator: ProfilesSyncEmulator) -> None:
    """A busy port: one line on stderr, exit 2, no traceback."""
    with emulator.serve() as srv:
        result = subprocess.run(
            [sys.executable, "-m", "segment_profiles_sync.testing", "--port", str(srv.port)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{srv.port}")
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_emulator_cli_empty_token_is_a_usage_error() -> None:
    """An empty --token is refused with a usage line, not a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "segment_profiles_sync.testing", "--token", ""],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "--token must not be empty" in result.stderr
    assert "Traceback" not in result.stderr


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
