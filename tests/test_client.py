"""The façade over real HTTP against the emulator, sync and async twins side by side.

Every exchange passes through openapi-core (see conftest's contract-checking transports)."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from segment_profiles_sync import (
    APIResponseValidationError,
    AsyncProfilesSync,
    ClientClosedError,
    NotFoundError,
    Page,
    ProfilesSync,
    ProfilesWarehouse,
    SchemaOverride,
    SelectiveSyncUpdateStatus,
    UnprocessableEntityError,
)
from segment_profiles_sync._transport import current_slot
from segment_profiles_sync.testing import EmulatorServer, ProfilesSyncEmulator
from segment_profiles_sync_api.api.profiles_sync import list_profiles_warehouse_in_space
from segment_profiles_sync_api.types import Unset

from tests.conftest import SPACE, Twin
from tests.payloads import SNOWFLAKE

MEDIA = "application/vnd.segment.v1alpha+json"


def last_body(emulator: ProfilesSyncEmulator) -> object:
    return json.loads(emulator.requests[-1].body)


# -- create --------------------------------------------------------------------------------------


def test_create_sends_only_given_fields(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """Unset optionals are omitted (never null); secrets come back redacted but are stored."""
    wh = twin.run(
        lambda c: c.create_warehouse(
            SPACE, metadata_id=SNOWFLAKE, settings={"account": "acme", "password": "s3cret"}
        )
    )
    assert isinstance(wh, ProfilesWarehouse)
    assert last_body(emulator) == {
        "metadataId": SNOWFLAKE,
        "settings": {"account": "acme", "password": "s3cret"},
    }
    sent = emulator.requests[-1]
    assert sent.headers["content-type"] == MEDIA
    assert sent.headers["accept"] == MEDIA
    assert sent.headers["user-agent"].startswith("segment-profiles-sync/")
    assert wh.settings["password"] == "<redacted>"
    assert emulator.stored_settings(SPACE, wh.id)["password"] == "s3cret"
    assert wh.enabled is True


def test_create_sends_every_field_given(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """Every optional given is sent, camelCase."""
    wh = twin.run(
        lambda c: c.create_warehouse(
            SPACE,
            metadata_id=SNOWFLAKE,
            settings={"account": "acme"},
            name="Prod",
            enabled=False,
            schema_name="profiles",
        )
    )
    assert last_body(emulator) == {
        "metadataId": SNOWFLAKE,
        "settings": {"account": "acme"},
        "name": "Prod",
        "enabled": False,
        "schemaName": "profiles",
    }
    assert wh.enabled is False
    assert wh.schema_name == "profiles"


def test_to_dict_keeps_every_field(client: ProfilesSync) -> None:
    """`to_dict()` returns the wire form, server-only fields included."""
    wh = client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={"account": "a"})
    wire = wh.to_dict()
    assert {"id", "spaceId", "workspaceId", "enabled", "metadata", "settings"} <= set(wire)
    assert wire["metadata"]["options"][0]["name"] == "account"


# -- list and pagination -------------------------------------------------------------------------


def test_list_walks_every_page(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """Iterating follows `pagination.next` with dot-form query parameters."""
    ids = {emulator.add_warehouse(SPACE)["id"] for _ in range(7)}
    assert {w.id for w in twin.run(lambda c: c.list_warehouses(SPACE, page_size=3))} == ids
    queries = [r.query for r in emulator.requests]
    assert queries[0] == "pagination.count=3"
    assert queries[1] == "pagination.count=3&pagination.cursor=Mw%3D%3D"
    assert len(queries) == 3


def test_pages_expose_cursor_and_total(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """`.pages()` yields Page objects; `start_cursor` resumes where a page left off."""
    for _ in range(5):
        emulator.add_warehouse(SPACE)
    pages = twin.run(lambda c: c.list_warehouses(SPACE, page_size=2).pages())
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert all(isinstance(p, Page) for p in pages)
    assert pages[0].total_entries == 5
    assert pages[-1].next_cursor is None
    resumed = twin.run(
        lambda c: c.list_warehouses(SPACE, page_size=2, start_cursor=pages[0].next_cursor)
    )
    assert [w.id for w in resumed] == [w.id for p in pages[1:] for w in p.items]


def test_max_items_lowers_last_count(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """`max_items` stops early and asks only for what is still needed."""
    for _ in range(10):
        emulator.add_warehouse(SPACE)
    got = list(client.list_warehouses(SPACE, page_size=4, max_items=6))
    assert len(got) == 6
    assert [r.query.split("&")[0] for r in emulator.requests] == [
        "pagination.count=4",
        "pagination.count=2",
    ]


def test_single_page_without_pagination_object(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """A list answer with no `pagination` (everything fit) is one page."""
    emulator.add_warehouse(SPACE)
    pages = list(client.list_warehouses(SPACE).pages())
    assert len(pages) == 1
    data = pages[0].data
    assert data is not None
    assert isinstance(data.pagination, Unset)  # the answer carried no pagination
    assert pages[0].next_cursor is None
    assert pages[0].total_entries is None
    assert emulator.requests[0].query == ""


def test_list_is_lazy_and_repeatable(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """Nothing is sent until iteration; each iteration starts over."""
    emulator.add_warehouse(SPACE)
    pager = client.list_warehouses(SPACE)
    assert emulator.requests == []
    assert len(list(pager)) == len(list(pager)) == 1
    assert len(emulator.requests) == 2


# -- update and remove ---------------------------------------------------------------------------


def test_update_warehouse(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """PATCH always sends `settings` and only the optionals given; the name goes into
    settings."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    updated = twin.run(lambda c: c.update_warehouse(SPACE, wh_id, settings={}, enabled=False))
    assert last_body(emulator) == {"settings": {}, "enabled": False}
    assert emulator.requests[-1].method == "PATCH"
    assert updated.enabled is False
    twin.run(lambda c: c.update_warehouse(SPACE, wh_id, settings={"warehouse": "XL"}, name="r"))
    assert emulator.warehouses(SPACE)[0]["settings"]["name"] == "r"


def test_remove_then_not_found(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """DELETE answers 200 with SUCCESS; a second DELETE is a NotFoundError."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    twin.run(lambda c: c.remove_warehouse(SPACE, wh_id))
    assert emulator.requests[-1].method == "DELETE"
    assert emulator.warehouses(SPACE) == []
    with pytest.raises(NotFoundError, match="Warehouse not found"):
        twin.run(lambda c: c.remove_warehouse(SPACE, wh_id))


# -- selective sync ------------------------------------------------------------------------------


def test_selective_sync_roundtrip(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """Overrides as dicts or models; UPDATED when something changed, UNCHANGED otherwise."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    overrides: list[dict[str, Any] | SchemaOverride] = [
        {"collection": "tracks", "enabled": False},
        SchemaOverride(collection="identifies", enabled=False, property_="context_ip"),
    ]
    status = twin.run(lambda c: c.update_selective_sync(SPACE, wh_id, sync_overrides=overrides))
    assert status is SelectiveSyncUpdateStatus.UPDATED
    assert status == "UPDATED"
    assert last_body(emulator) == {
        "syncOverrides": [
            {"collection": "tracks", "enabled": False},
            {"collection": "identifies", "enabled": False, "property": "context_ip"},
        ]
    }
    again = twin.run(lambda c: c.update_selective_sync(SPACE, wh_id, sync_overrides=overrides))
    assert again is SelectiveSyncUpdateStatus.UNCHANGED
    listed = twin.run(lambda c: c.list_selective_syncs(SPACE, wh_id, page_size=3))
    items = {i.collection: i for i in listed}
    assert items["tracks"].enabled is False
    assert items["identifies"].properties["context_ip"] is False


def test_selective_sync_pages_and_empty_update(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """List pages carry `enable_event_tables`; `{}` is a valid no-op update."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    status = twin.run(lambda c: c.update_selective_sync(SPACE, wh_id))
    assert status is SelectiveSyncUpdateStatus.UNCHANGED
    assert last_body(emulator) == {}
    pages = twin.run(lambda c: c.list_selective_syncs(SPACE, wh_id, page_size=5).pages())
    assert pages[0].enable_event_tables is True
    assert pages[0].data is not None
    assert sum(len(p.items) for p in pages) == 8


def test_overrides_refused_without_event_tables(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """The API's 422 for overrides while event tables are off names the field."""
    wh_id = emulator.add_warehouse(SPACE)["id"]
    client.update_selective_sync(SPACE, wh_id, enable_event_tables=False)
    with pytest.raises(UnprocessableEntityError) as info:
        client.update_selective_sync(
            SPACE, wh_id, sync_overrides=[{"collection": "tracks", "enabled": True}]
        )
    assert info.value.errors[0].field == "syncOverrides"
    assert "enableEventTables" in str(info.value)


# -- power users: generated functions with the configured client ---------------------------------


def test_generated_functions_share_headers_and_retries(
    twin: Twin, emulator: ProfilesSyncEmulator, sleeps: list[float]
) -> None:
    """`sync_detailed(client=ps.api_client)` (`asyncio_detailed` for the asyncio client) gets
    the same headers, auth, retries and rate-limit tracking."""
    operation = list_profiles_warehouse_in_space

    def call(c: Any) -> Any:
        if twin.kind == "blocking":
            return operation.sync_detailed(SPACE, client=c.api_client), c.rate_limit

        async def answered() -> Any:
            return await operation.asyncio_detailed(SPACE, client=c.api_client), c.rate_limit

        return answered()

    emulator.fail_next(503)
    response, rate_limit = twin.run(call)
    assert response.status_code == 200
    assert len(sleeps) == 1
    assert emulator.requests[-1].headers["accept"] == MEDIA
    assert rate_limit is not None
    assert rate_limit.remaining is not None


def test_deep_copied_override_is_sent(client: ProfilesSync, emulator: ProfilesSyncEmulator) -> None:
    """A deep-copied SchemaOverride goes through update_selective_sync as the original would."""
    warehouse = client.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    override = copy.deepcopy(SchemaOverride(collection="tracks", enabled=False))
    client.update_selective_sync(SPACE, warehouse.id, sync_overrides=[override])
    assert emulator.requests[-1].json() == {
        "syncOverrides": [{"collection": "tracks", "enabled": False}]
    }


def test_closed_client_refuses_every_call(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """After close(), every method raises ClientClosedError and nothing is sent."""
    ps = ProfilesSync(emulator.token, base_url=server.base_url)
    list(ps.list_warehouses(SPACE))
    httpx_client = ps.api_client.get_httpx_client()
    ps.close()
    ps.close()  # twice is fine
    assert ps.is_closed
    assert httpx_client.is_closed
    sent = len(emulator.requests)
    calls: list[Callable[[], object]] = [
        lambda: list(ps.list_warehouses(SPACE)),
        lambda: ps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={}),
        lambda: ps.update_warehouse(SPACE, "w", settings={}),
        lambda: ps.remove_warehouse(SPACE, "w"),
        lambda: list(ps.list_selective_syncs(SPACE, "w")),
        lambda: ps.update_selective_sync(SPACE, "w", enable_event_tables=True),
        lambda: list_profiles_warehouse_in_space.sync_detailed(SPACE, client=ps.api_client),
    ]
    for call in calls:
        with pytest.raises(ClientClosedError, match="closed"):
            call()
    assert len(emulator.requests) == sent


def test_close_without_any_call_closes_the_pool(emulator: ProfilesSyncEmulator) -> None:
    """A client closed before its first call still refuses later ones, transport included."""
    transport = emulator.transport()
    ps = ProfilesSync(emulator.token, transport=transport)
    with ps:
        pass
    with pytest.raises(ClientClosedError):
        list(ps.list_warehouses(SPACE))
    assert emulator.requests == []


async def test_async_closed_client_refuses_every_call(
    emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """The asyncio twin of close: aclose() closes the httpx client; calls raise."""
    aps = AsyncProfilesSync(emulator.token, base_url=server.base_url)
    await aps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    httpx_client = aps.api_client.get_async_httpx_client()
    await aps.aclose()
    assert httpx_client.is_closed
    with pytest.raises(ClientClosedError):
        await aps.create_warehouse(SPACE, metadata_id=SNOWFLAKE, settings={})
    with pytest.raises(ClientClosedError):
        [w async for w in aps.list_warehouses(SPACE)]
    assert len(emulator.warehouses(SPACE)) == 1


def test_async_client_in_a_second_event_loop_says_so(emulator: ProfilesSyncEmulator) -> None:
    """Reusing one AsyncProfilesSync across asyncio.run() calls is a clear error.

    (In-process, so no socket of the first loop is left behind; the check is the client's.)
    """
    aps = AsyncProfilesSync(emulator.token, transport=emulator.transport())

    async def count() -> int:
        return len([w async for w in aps.list_warehouses(SPACE)])

    assert asyncio.run(count()) == 0
    with pytest.raises(ClientClosedError, match="another event loop"):
        asyncio.run(count())
    assert len(emulator.requests) == 1


def test_generated_client_is_built_once_under_threads(emulator: ProfilesSyncEmulator) -> None:
    """20 threads asking for the httpx client at once get one and the same."""
    ps = ProfilesSync(emulator.token, transport=emulator.transport())
    barrier = threading.Barrier(20)

    def get() -> int:
        barrier.wait()
        return id(ps.api_client.get_httpx_client())

    with ThreadPoolExecutor(20) as pool:
        ids = set(pool.map(lambda _: get(), range(20)))
    assert len(ids) == 1
    ps.close()


def test_no_response_outlives_the_call(
    client: ProfilesSync, emulator: ProfilesSyncEmulator
) -> None:
    """After a call (and after a failed one) the context holds no response and no headers."""
    list(client.list_warehouses(SPACE))
    assert current_slot.get() is None
    with pytest.raises(NotFoundError):
        client.remove_warehouse(SPACE, "nope")
    assert current_slot.get() is None


async def test_concurrent_calls_each_get_their_own_answer(
    raw_client: ProfilesSync, emulator: ProfilesSyncEmulator, server: EmulatorServer
) -> None:
    """Tasks and threads sharing a client each see the error of their own response."""
    broken = emulator.add_space()
    path = f"/spaces/{broken}/profiles-warehouses"
    emulator.fail_next(200, body=b"not json", path=path, times=10)
    emulator.add_warehouse(SPACE)

    async with AsyncProfilesSync(emulator.token, base_url=server.base_url) as aps:

        async def good() -> int:
            return len([w async for w in aps.list_warehouses(SPACE)])

        async def bad() -> str:
            with pytest.raises(APIResponseValidationError) as info:
                [w async for w in aps.list_warehouses(broken)]
            return info.value.url

        counts = asyncio.gather(*(good() for _ in range(5)))
        urls = asyncio.gather(*(bad() for _ in range(5)))
        counted, refused = await asyncio.gather(counts, urls)
    assert counted == [1] * 5
    assert all(url.endswith(path) for url in refused)

    def threaded(space: str) -> str:
        try:
            return str(len(list(raw_client.list_warehouses(space))))
        except APIResponseValidationError as error:
            return error.url

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(threaded, [SPACE, broken] * 5))
    assert answers[0::2] == ["1"] * 5
    assert all(a.endswith(path) for a in answers[1::2])
