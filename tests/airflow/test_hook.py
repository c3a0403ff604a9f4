"""The hook: a connection (from AIRFLOW_CONN_* JSON) becomes a configured client."""

from __future__ import annotations

import json

import pytest
from segment_profiles_sync import AsyncProfilesSync, ProfilesSync
from segment_profiles_sync.airflow import SegmentProfilesSyncHook
from segment_profiles_sync.errors import ConfigurationError, InvalidArgumentError
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator

from .conftest import SPACE, TOKEN, connection_json


def test_get_client_reads_the_connection_and_talks_to_the_emulator(
    connection: str, emulator: ProfilesSyncEmulator
) -> None:
    """Password is the token, host the base URL; the client it builds lists a space."""
    emulator.add_warehouse(SPACE, name="Existing")
    hook = SegmentProfilesSyncHook()
    with hook.get_client() as ps:
        assert isinstance(ps, ProfilesSync)
        names = [w.settings.additional_properties.get("name") for w in ps.list_warehouses(SPACE)]
    assert names == ["Existing"]
    assert hook.concurrency == 2
    assert emulator.requests[-1].headers["authorization"] == f"Bearer {TOKEN}"


async def test_aget_client_reads_the_connection_with_the_async_api(
    connection: str, emulator: ProfilesSyncEmulator
) -> None:
    """The async client, for triggers: built from the same connection."""
    emulator.add_warehouse(SPACE, name="Existing")
    hook = SegmentProfilesSyncHook()
    async with await hook.aget_client() as aps:
        assert isinstance(aps, AsyncProfilesSync)
        found = [w.id async for w in aps.list_warehouses(SPACE)]
    assert len(found) == 1


def test_test_connection_says_yes_to_a_good_token(connection: str) -> None:
    ok, message = SegmentProfilesSyncHook().test_connection()
    assert ok, message


def test_test_connection_says_no_to_a_refused_token(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong token: (False, why), and the message does not repeat the token."""
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT",
        connection_json(server.base_url, token="wrong-token-123"),
    )
    ok, message = SegmentProfilesSyncHook().test_connection()
    assert not ok
    assert "AuthenticationError" in message
    assert "wrong-token-123" not in message


def test_the_token_is_in_no_repr(connection: str) -> None:
    hook = SegmentProfilesSyncHook()
    assert TOKEN not in repr(hook)
    assert TOKEN not in repr(hook.settings)
    with hook.get_client() as ps:
        assert TOKEN not in repr(ps)


@pytest.mark.parametrize(
    ("host", "extra", "error", "says"),
    [
        ("http://example.com", {}, InvalidArgumentError, "unencrypted"),
        ("", {"region": "mars"}, ConfigurationError, "region must be 'us' or 'eu'"),
        ("https://eu1.api.segmentapis.com", {"region": "eu"}, ConfigurationError, "not both"),
        ("", {"max_retries": "many"}, ConfigurationError, "max_retries must be a whole number"),
        ("", {"timeout": "-1"}, ConfigurationError, "timeout must be a positive number"),
        ("", {"concurrency": "0"}, ConfigurationError, "concurrency must be from 1 to 64"),
    ],
)
def test_bad_connections_get_the_package_s_errors(
    monkeypatch: pytest.MonkeyPatch,
    host: str,
    extra: dict[str, str],
    error: type[Exception],
    says: str,
) -> None:
    """Plain http to a public host, unknown regions, bad numbers: refused before any request,
    naming the connection and the field, never the token."""
    monkeypatch.setenv("AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT", connection_json(host, **extra))
    with pytest.raises(error, match=says) as raised:
        SegmentProfilesSyncHook().get_client().close()
    assert TOKEN not in str(raised.value)


def test_an_empty_password_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT",
        json.dumps({"conn_type": "segment_profiles_sync", "password": ""}),
    )
    with pytest.raises(ConfigurationError, match="no Public API token"):
        SegmentProfilesSyncHook().get_client()


def test_region_extra_picks_the_eu_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """No host: the region extra chooses the API root (checked without a request)."""
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT", connection_json("", region="eu")
    )
    with SegmentProfilesSyncHook().get_client() as ps:
        assert str(ps.api_client._base_url).startswith("https://eu1.")


def test_a_uri_connection_with_a_bare_host_means_https(monkeypatch: pytest.MonkeyPatch) -> None:
    """`segment-profiles-sync://:TOKEN@eu1.api.segmentapis.com` (a URI has no API scheme)."""
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT",
        "segment-profiles-sync://:tok%2Fen@eu1.api.segmentapis.com",
    )
    hook = SegmentProfilesSyncHook()
    assert hook.settings.base_url == "https://eu1.api.segmentapis.com"
    assert hook.settings.client_options()["token"] == "tok/en"


def test_the_old_prefixed_extras_are_read(
    server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "AIRFLOW_CONN_SEGMENT_PROFILES_SYNC_DEFAULT",
        json.dumps(
            {
                "conn_type": "segment_profiles_sync",
                "host": server.base_url,
                "password": TOKEN,
                "extra": {"extra__segment_profiles_sync__concurrency": "5"},
            }
        ),
    )
    assert SegmentProfilesSyncHook().concurrency == 5
