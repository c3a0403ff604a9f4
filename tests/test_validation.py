"""Arguments are checked before any request: nothing reaches the server for bad input."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from segment_profiles_sync import (
    AsyncProfilesSync,
    ConfigurationError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    ProfilesSync,
)
from segment_profiles_sync._config import (
    check_base_url,
    resolve_base_url,
    resolve_region,
    resolve_token,
)
from segment_profiles_sync.models import SchemaOverride
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE, Twin
from tests.payloads import SNOWFLAKE

BAD_IDS: list[tuple[Any, type[Exception]]] = [
    ("", InvalidArgumentError),
    (".", InvalidArgumentError),
    ("..", InvalidArgumentError),
    ("x" * 256, InvalidArgumentError),
    (None, InvalidArgumentTypeError),
    (123, InvalidArgumentTypeError),
    (b"abc", InvalidArgumentTypeError),
]


def calls(bad: Any) -> list[Callable[[Any], object]]:
    """Every call with `bad` in each id position, for either client (`Twin.run` awaits and
    drains what it returns)."""
    ok = "9aQ1Lj62S4bomZKLF4DPqW"
    return [
        lambda c: c.create_warehouse(bad, metadata_id="m", settings={}),
        lambda c: c.list_warehouses(bad),
        lambda c: c.update_warehouse(bad, ok, settings={}),
        lambda c: c.update_warehouse(ok, bad, settings={}),
        lambda c: c.remove_warehouse(bad, ok),
        lambda c: c.remove_warehouse(ok, bad),
        lambda c: c.list_selective_syncs(ok, bad),
        lambda c: c.list_selective_syncs(bad, ok),
        lambda c: c.update_selective_sync(bad, ok),
        lambda c: c.update_selective_sync(ok, bad),
    ]


@pytest.mark.parametrize(("bad", "error"), BAD_IDS)
def test_bad_ids_send_nothing(
    twin: Twin, emulator: ProfilesSyncEmulator, bad: Any, error: type[Exception]
) -> None:
    """Empty, dot, dot-dot, over-long and non-str ids are refused before any request, by
    both clients."""
    for call in calls(bad):
        with pytest.raises(error):
            twin.run(call)
    assert emulator.requests == []


def test_odd_but_valid_ids_stay_in_their_segment() -> None:
    """Slashes, `?`, `#`, spaces and dots inside an id are percent-encoded, not path."""
    emu = ProfilesSyncEmulator()
    ps = ProfilesSync(emu.token, transport=emu.transport())
    space = "a/../b?c#d e"
    emu.add_space(space)
    assert list(ps.list_warehouses(space)) == []
    assert emu.requests[0].raw_path == "/spaces/a%2F..%2Fb%3Fc%23d%20e/profiles-warehouses"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"page_size": 0}, InvalidArgumentError),
        ({"page_size": 1001}, InvalidArgumentError),
        ({"page_size": 2.5}, InvalidArgumentTypeError),
        ({"page_size": True}, InvalidArgumentTypeError),
        ({"max_items": 0}, InvalidArgumentError),
        ({"max_items": "5"}, InvalidArgumentTypeError),
        ({"start_cursor": ""}, InvalidArgumentError),
        ({"start_cursor": 5}, InvalidArgumentTypeError),
    ],
)
def test_paging_arguments(kwargs: dict[str, Any], error: type[Exception]) -> None:
    """page_size 1..1000, max_items >= 1, a non-empty cursor; checked at call time."""
    emu = ProfilesSyncEmulator()
    ps = ProfilesSync(emu.token, transport=emu.transport())
    with pytest.raises(error):
        ps.list_warehouses("space", **kwargs)
    assert emu.requests == []


@pytest.mark.parametrize(
    ("kwargs", "error", "needle"),
    [
        ({"metadata_id": "", "settings": {}}, InvalidArgumentError, "metadata_id"),
        ({"metadata_id": None, "settings": {}}, InvalidArgumentTypeError, "metadata_id"),
        ({"metadata_id": "m", "settings": [("a", 1)]}, InvalidArgumentTypeError, "settings"),
        ({"metadata_id": "m", "settings": {1: "x"}}, InvalidArgumentTypeError, "settings keys"),
        (
            {"metadata_id": "m", "settings": {}, "enabled": "yes"},
            InvalidArgumentTypeError,
            "enabled",
        ),
        ({"metadata_id": "m", "settings": {}, "name": 5}, InvalidArgumentTypeError, "name"),
    ],
)
def test_create_arguments(kwargs: dict[str, Any], error: type[Exception], needle: str) -> None:
    """Body arguments are type-checked with messages that name the argument."""
    emu = ProfilesSyncEmulator()
    ps = ProfilesSync(emu.token, transport=emu.transport())
    with pytest.raises(error, match=needle):
        ps.create_warehouse("space", **kwargs)
    assert emu.requests == []


@pytest.mark.parametrize(
    ("overrides", "error", "needle"),
    [
        ({"collection": "a", "enabled": True}, InvalidArgumentTypeError, "list"),
        ("tracks", InvalidArgumentTypeError, "list"),
        (5, InvalidArgumentTypeError, "list"),
        ([{"collection": "a"}], InvalidArgumentError, "missing 'enabled'"),
        ([{"collection": "a", "enabled": True, "prop": "x"}], InvalidArgumentError, "unknown keys"),
        ([{"collection": "a", "enabled": "no"}], InvalidArgumentTypeError, "enabled"),
        ([42], InvalidArgumentTypeError, r"sync_overrides\[0\]"),
    ],
)
def test_override_arguments(overrides: Any, error: type[Exception], needle: str) -> None:
    """Overrides are dicts or SchemaOverride models; anything else is refused clearly."""
    emu = ProfilesSyncEmulator()
    ps = ProfilesSync(emu.token, transport=emu.transport())
    with pytest.raises(error, match=needle):
        ps.update_selective_sync("space", "wh", sync_overrides=overrides)
    assert emu.requests == []


def test_token_resolution_order() -> None:
    """Argument, then SEGMENT_PUBLIC_API_TOKEN, then PUBLIC_API_TOKEN."""
    env = {"SEGMENT_PUBLIC_API_TOKEN": "ours", "PUBLIC_API_TOKEN": "terraform"}
    assert resolve_token("arg", env) == "arg"
    assert resolve_token(None, env) == "ours"
    assert resolve_token(None, {"PUBLIC_API_TOKEN": "terraform"}) == "terraform"
    assert resolve_token(None, {"SEGMENT_PUBLIC_API_TOKEN": "  ", "PUBLIC_API_TOKEN": "t"}) == "t"


def test_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """No token anywhere: the error says which variable to set."""
    monkeypatch.delenv("SEGMENT_PUBLIC_API_TOKEN", raising=False)
    monkeypatch.delenv("PUBLIC_API_TOKEN", raising=False)
    with pytest.raises(ConfigurationError, match="SEGMENT_PUBLIC_API_TOKEN"):
        ProfilesSync()
    with pytest.raises(ConfigurationError, match="SEGMENT_PUBLIC_API_TOKEN"):
        AsyncProfilesSync()


def test_base_url_resolution() -> None:
    """Explicit base_url or region, then SEGMENT_PUBLIC_API_URL / PUBLIC_API_URL, then US."""
    assert resolve_base_url(None, None, {}) == "https://api.segmentapis.com"
    assert resolve_base_url(None, "eu", {}) == "https://eu1.api.segmentapis.com"
    assert resolve_base_url(None, None, {"PUBLIC_API_URL": "http://127.0.0.1:1/"}) == (
        "http://127.0.0.1:1"
    )
    env = {"SEGMENT_PUBLIC_API_URL": "https://a", "PUBLIC_API_URL": "https://b"}
    assert resolve_base_url(None, None, env) == "https://a"
    assert resolve_base_url("https://c/", None, env) == "https://c"
    with pytest.raises(InvalidArgumentError, match="region"):
        resolve_base_url(None, "apac", {})
    with pytest.raises(InvalidArgumentError, match="http"):
        resolve_base_url("ftp://x", None, {})


def test_explicit_region_wins_over_a_stale_environment() -> None:
    """region= beats SEGMENT_PUBLIC_API_URL, and a bad region is reported even then."""
    env = {"SEGMENT_PUBLIC_API_URL": "https://stale.example"}
    assert resolve_base_url(None, "eu", env) == "https://eu1.api.segmentapis.com"
    with pytest.raises(InvalidArgumentError, match="apac"):
        resolve_base_url(None, "apac", env)
    with pytest.raises(InvalidArgumentError, match="not both"):
        resolve_base_url("https://x", "eu", {})


@pytest.mark.parametrize("region", ["EU", " eu ", "Eu"])
def test_region_is_case_insensitive(region: str) -> None:
    """`region` is read without regard to case or surrounding spaces."""
    assert ProfilesSync("t", region=region).base_url == "https://eu1.api.segmentapis.com"  # type: ignore[arg-type]


def test_bad_url_from_the_environment_names_the_variable() -> None:
    """An unusable URL in the environment says which variable holds it."""
    with pytest.raises(InvalidArgumentError, match=r"\$PUBLIC_API_URL"):
        resolve_base_url(None, None, {"PUBLIC_API_URL": "ftp://nope"})
    with pytest.raises(InvalidArgumentError, match=r"\$SEGMENT_PUBLIC_API_URL"):
        resolve_base_url(None, None, {"SEGMENT_PUBLIC_API_URL": "https://x/?a=1"})


@pytest.mark.parametrize(
    "url", ["https://api.example.com/?x=1", "https://api.example.com/#top", "https://a.b/v?"]
)
def test_base_url_with_query_or_fragment_is_refused(url: str) -> None:
    """Paths are appended to base_url: a query or fragment would make garbage URLs."""
    with pytest.raises(InvalidArgumentError, match="query or a fragment"):
        ProfilesSync("t", base_url=url)


def test_base_url_with_credentials_is_refused() -> None:
    """user:password@ in base_url would end up in log lines and error messages."""
    with pytest.raises(InvalidArgumentError, match="credentials"):
        ProfilesSync("t", base_url="https://user:pw@api.example.com")


@pytest.mark.parametrize(
    "url",
    ["http://api.example.com", "http://10.0.0.5:8080", "http://[2001:db8::1]"],
)
def test_plain_http_is_refused_off_loopback(url: str) -> None:
    """The bearer token must not travel in clear text unless the caller insists."""
    with pytest.raises(InvalidArgumentError, match="allow_insecure_http"):
        ProfilesSync("t", base_url=url)
    with pytest.raises(InvalidArgumentError, match="allow_insecure_http"):
        AsyncProfilesSync("t", base_url=url)
    assert ProfilesSync("t", base_url=url, allow_insecure_http=True).base_url == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://127.5.0.1", "http://localhost:1", "http://[::1]:80"]
)
def test_plain_http_to_loopback_is_fine(url: str) -> None:
    """The emulator on 127.0.0.1 (or localhost, ::1) needs no opt-in."""
    assert ProfilesSync("t", base_url=url).base_url == url


def test_timeouts_are_finite_by_default() -> None:
    """Default 5 s connect / 30 s read; floats and httpx.Timeout accepted; None refused."""
    ps = ProfilesSync("t")
    assert ps.timeout.connect == 5.0
    assert ps.timeout.read == 30.0
    assert ProfilesSync("t", timeout=2).timeout.read == 2.0
    assert ProfilesSync("t", timeout=httpx.Timeout(1.0)).timeout.pool == 1.0
    for bad in (None, 0, -1, float("inf"), "5"):
        with pytest.raises(InvalidArgumentError):
            ProfilesSync("t", timeout=bad)  # type: ignore[arg-type]


def test_transport_kind_is_checked() -> None:
    """A sync client refuses an async-only transport and vice versa."""
    with pytest.raises(InvalidArgumentTypeError, match="BaseTransport"):
        ProfilesSync("t", transport=httpx.AsyncHTTPTransport())  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentTypeError, match="AsyncBaseTransport"):
        AsyncProfilesSync("t", transport=httpx.HTTPTransport())  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1, 1.5, True, "2", 51, 10**9])
def test_max_retries_checked(bad: Any) -> None:
    """max_retries is an int from 0 to 50; larger is a mistake, not patience."""
    with pytest.raises(InvalidArgumentError):
        ProfilesSync("t", max_retries=bad)


@pytest.mark.parametrize(
    "settings",
    [
        {"tags": {"a", "b"}},
        {"created": datetime(2026, 1, 1)},
        {"x": object()},
        {"port": math.nan},
        {"nested": {"deep": [1, math.inf]}},
        {1: "int key"},
    ],
)
def test_settings_that_json_cannot_hold_are_refused(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, settings: dict[Any, Any]
) -> None:
    """InvalidArgumentTypeError before sending, never json's TypeError or ValueError."""
    with pytest.raises(InvalidArgumentTypeError, match="settings"):
        client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings=settings)
    with pytest.raises(InvalidArgumentTypeError, match="settings"):
        client.update_warehouse(SPACE, "w", settings=settings)
    assert emulator.requests == []


def test_settings_are_copied_deeply(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """Tuples become lists and nested dicts are copied; the call sends valid JSON."""
    settings: dict[str, Any] = {"hosts": ("a", "b"), "options": {"ssl": True}}
    client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings=settings)
    assert emulator.requests[-1].json()["settings"] == {
        "hosts": ["a", "b"],
        "options": {"ssl": True},
    }


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"collection": "t", "enabled": True, "property": 5}, r"sync_overrides\[0\]\.property "),
        ({"collection": "t", "enabled": "no"}, r"sync_overrides\[0\]\.enabled must be a bool"),
        ({"collection": "t"}, "missing 'enabled'"),
        ({"collection": "t", "enabled": True, "colour": "x"}, "unknown keys"),
    ],
)
def test_override_errors_use_the_names_the_user_wrote(
    client: ProfilesSync, emulator: ProfilesSyncEmulator, override: dict[str, Any], message: str
) -> None:
    """Errors name `property`, never the model's `property_`; nothing is sent."""
    with pytest.raises(InvalidArgumentError, match=message) as info:
        client.update_selective_sync(SPACE, "w", sync_overrides=[override])
    assert "property_" not in str(info.value)
    assert emulator.requests == []


def test_schema_override_with_extra_keys_is_refused(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A SchemaOverride carrying additional properties would be sent unchecked: refused."""
    override = SchemaOverride(collection="tracks", enabled=False)
    override.additional_properties["surprise"] = True
    with pytest.raises(InvalidArgumentError, match="surprise"):
        client.update_selective_sync(SPACE, "w", sync_overrides=[override])
    assert emulator.requests == []


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
