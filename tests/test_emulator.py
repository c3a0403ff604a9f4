"""The emulator on its own terms: contract details, scripting, the command and the fixtures."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap

import httpx
import pytest
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.contract import validate_exchange

MEDIA = "application/vnd.segment.v1alpha+json"


@pytest.fixture
def emu() -> ProfilesSyncEmulator:
    return ProfilesSyncEmulator(token="tok")


def call(
    emu: ProfilesSyncEmulator, method: str, path: str, body: object = None, token: str = "tok"
) -> httpx.Response:
    """One request through the in-process transport, validated against the spec."""
    headers = {"Authorization": f"Bearer {token}", "Accept": MEDIA}
    content = None
    if body is not None:
        headers["Content-Type"] = MEDIA
        content = json.dumps(body).encode()
    request = httpx.Request(method, f"http://emu{path}", headers=headers, content=content)
    response = emu.transport().handle_request(request)
    response.read()
    validate_exchange(request, response)
    return response


def test_auth_is_required(emu: ProfilesSyncEmulator) -> None:
    """Wrong or missing tokens get the 401 envelope."""
    space = emu.add_space()
    response = call(emu, "GET", f"/spaces/{space}/profiles-warehouses", token="wrong")
    assert response.status_code == 401
    assert response.json()["errors"][0]["type"] == "unauthorized"


def test_unknown_space_and_warehouse_are_404(emu: ProfilesSyncEmulator) -> None:
    """404 envelopes for spaces and warehouses that do not exist."""
    space = emu.add_space()
    assert call(emu, "GET", "/spaces/nope/profiles-warehouses").status_code == 404
    assert call(emu, "DELETE", f"/spaces/{space}/profiles-warehouses/nope").status_code == 404


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
    emu: ProfilesSyncEmulator, body: dict[str, object], field: str
) -> None:
    """Invalid bodies get 422 with the offending field."""
    space = emu.add_space()
    request = httpx.Request(
        "POST",
        f"http://emu/spaces/{space}/profiles-warehouses",
        headers={"Authorization": "Bearer tok", "Content-Type": MEDIA},
        content=json.dumps(body).encode(),
    )
    response = emu.transport().handle_request(request)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_pagination_rules(emu: ProfilesSyncEmulator) -> None:
    """One-page listings omit `pagination`; counts outside 1..1000 are 422; the last page's
    `next` is null."""
    space = emu.add_space(warehouses=3)
    path = f"/spaces/{space}/profiles-warehouses"
    assert "pagination" not in call(emu, "GET", path).json()["data"]
    first = call(emu, "GET", f"{path}?pagination.count=2").json()["data"]
    assert first["pagination"]["next"] == "Mg=="
    last = call(emu, "GET", f"{path}?pagination.count=2&pagination.cursor=Mg%3D%3D").json()["data"]
    assert last["pagination"]["next"] is None
    assert len(last["profilesWarehouses"]) == 1
    for bad in ("0", "1001", "x"):
        raw = emu.transport().handle_request(
            httpx.Request(
                "GET",
                f"http://emu{path}?pagination.count={bad}",
                headers={"Authorization": "Bearer tok"},
            )
        )
        assert raw.status_code == 422


def test_secrets_come_back_redacted(emu: ProfilesSyncEmulator) -> None:
    """Password-type settings (and secret-looking keys) are `<redacted>` in answers."""
    space = emu.add_space()
    created = call(
        emu,
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
    emu = ProfilesSyncEmulator(
        token="tok", rate_limit=2, rate_limit_window=10, clock=lambda: now[0]
    )
    space = emu.add_space()
    path = f"/spaces/{space}/profiles-warehouses"
    first = call(emu, "GET", path)
    assert first.headers["X-RateLimit-Remaining"] == "1"
    call(emu, "GET", path)
    now[0] += 4
    limited = call(emu, "GET", path)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "6"
    assert limited.json()["errors"][0]["data"]["msBeforeNext"] == 6000
    now[0] += 6
    assert call(emu, "GET", path).status_code == 200


def test_rolling_windows_start_at_the_first_request_and_reset_is_truncated() -> None:
    """`rate_window_mode="rolling"`: a window starts at the first request after the last one
    ended, so its end falls between whole seconds; Reset is that end truncated, and a 429's
    msBeforeNext gives it to the millisecond."""
    now = [1000.3]
    emu = ProfilesSyncEmulator(
        token="tok", rate_limit=2, rate_window=1, rate_window_mode="rolling", clock=lambda: now[0]
    )
    path = f"/spaces/{emu.add_space()}/profiles-warehouses"
    first = call(emu, "GET", path)
    assert first.headers["X-RateLimit-Reset"] == "Thu, 01 Jan 1970 00:16:41 GMT"  # 1001.3 → 1001
    now[0] = 1000.5
    call(emu, "GET", path)
    now[0] = 1001.1  # past the truncated Reset, before the real end (1001.3)
    limited = call(emu, "GET", path)
    assert limited.status_code == 429
    assert limited.json()["errors"][0]["data"]["msBeforeNext"] == 200
    now[0] = 1001.75  # the next window starts here, not at a whole second
    assert call(emu, "GET", path).headers["X-RateLimit-Consumed"] == "1"
    now[0] = 1002.7
    assert call(emu, "GET", path).headers["X-RateLimit-Consumed"] == "2"
    assert sorted(emu.stats.by_window.values()) == [2, 2]
    with pytest.raises(ValueError, match="rate_window_mode"):
        ProfilesSyncEmulator(rate_window_mode="sliding")


@pytest.mark.parametrize("over_http", [False, True])
def test_latency_is_added_to_every_round_trip(over_http: bool) -> None:
    """`latency=` holds each answer that long in all (half before it is counted)."""
    import time

    from segment_profiles_sync import ProfilesSync

    emu = ProfilesSyncEmulator(token="tok", latency=0.06)
    space = emu.add_space()
    with emu.serve() as server:
        options: dict[str, object] = (
            {"base_url": server.base_url} if over_http else {"transport": emu.transport()}
        )
        with ProfilesSync("tok", **options) as ps:  # type: ignore[arg-type]
            started = time.perf_counter()
            list(ps.list_warehouses(space))
            assert time.perf_counter() - started >= 0.06
    with pytest.raises(ValueError, match="latency"):
        ProfilesSyncEmulator(latency=-1)


def test_fault_matching_and_counts(emu: ProfilesSyncEmulator) -> None:
    """Faults apply to the next N requests matching method and path, then stop."""
    space = emu.add_space()
    emu.fail_next(503, times=2, method="GET", path="/spaces/*/profiles-warehouses")
    path = f"/spaces/{space}/profiles-warehouses"
    assert call(emu, "POST", path, {"metadataId": "CCIl4HLQPz", "settings": {}}).status_code == 201
    statuses = []
    for _ in range(3):  # the raw transport: an injected 503 is not a documented answer
        request = httpx.Request("GET", f"http://emu{path}", headers={"Authorization": "Bearer tok"})
        statuses.append(emu.transport().handle_request(request).status_code)
    assert statuses == [503, 503, 200]
    emu.clear_faults()
    emu.fail_next(500, path="/other")
    assert call(emu, "GET", path).status_code == 200
    with pytest.raises(ValueError, match="at least one"):
        emu.fail_next(500, times=0)


def test_apply_then_fail_changes_state(emu: ProfilesSyncEmulator) -> None:
    """An apply-then-fail delete removes the warehouse yet answers 500."""
    space = emu.add_space(warehouses=1)
    wh = emu.warehouses(space)[0]["id"]
    emu.apply_then_fail_next(500, method="DELETE")
    request = httpx.Request(
        "DELETE",
        f"http://emu/spaces/{space}/profiles-warehouses/{wh}",
        headers={"Authorization": "Bearer tok"},
    )
    assert emu.transport().handle_request(request).status_code == 500
    assert emu.warehouses(space) == []


def test_method_not_allowed(emu: ProfilesSyncEmulator) -> None:
    """Known paths answer 405 with `Allow` to other methods."""
    response = emu.transport().handle_request(
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


def test_scripting_helpers_spaces_selective_sync_and_reset(emu: ProfilesSyncEmulator) -> None:
    """`spaces()`, `selective_sync()` and `reset()` show and clear what the API changed."""
    space = emu.add_space(warehouses=1)
    other = emu.add_space("other-space")
    assert emu.spaces() == [space, other]
    warehouse_id = emu.warehouses(space)[0]["id"]
    before = emu.selective_sync(space, warehouse_id)
    assert before["enableEventTables"] is True
    assert before["collections"]["tracks"]["enabled"] is True
    body = {"syncOverrides": [{"collection": "tracks", "enabled": False}]}
    path = f"/spaces/{space}/profiles-warehouses/{warehouse_id}/selective-syncs"
    assert call(emu, "PATCH", path, body).json() == {"data": {"status": "UPDATED"}}
    assert emu.selective_sync(space, warehouse_id)["collections"]["tracks"]["enabled"] is False
    before["collections"]["identifies"]["enabled"] = False  # a copy: the emulator is unchanged
    assert emu.selective_sync(space, warehouse_id)["collections"]["identifies"]["enabled"]
    emu.fail_next(503)
    emu.reset()
    assert emu.spaces() == []
    assert emu.requests == []
    assert call(emu, "GET", f"/spaces/{space}/profiles-warehouses").status_code == 404
