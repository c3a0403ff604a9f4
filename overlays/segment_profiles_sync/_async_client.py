"""`AsyncProfilesSync`: the asyncio client, and the source of the blocking `ProfilesSync`.

`_sync_client.py` is derived from this file by `scripts/unasync.py` (`make unasync`), and
`make check` fails if the two drift apart: change this file, never the sync one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from ._async_proxies import default_async_transport
from ._async_transport import AsyncRetryTransport
from ._base import ClientBase
from ._config import DEFAULT_TIMEOUT, Region
from ._constants import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    LOGGER_NAME,
    MAX_CREATE_ATTEMPTS,
    RATE_LIMIT_PATIENCE,
)
from ._reconcile import (
    CreateResult,
    may_have_been_applied,
    new_matches,
)
from ._transport import ResponseSlot, RetrySettings, current_slot
from ._validation import check_cursor, check_id, check_max_items, check_page_size
from .errors import AmbiguousStateError, InvalidArgumentError, NotFoundError, SegmentError
from .pagination import AsyncPager, Page

if TYPE_CHECKING:  # at run time these load on first use (see _operations.py)
    from ._api_client import ProfilesSyncApiClient
    from .models import (
        ProfilesWarehouse,
        SchemaOverride,
        SelectiveSyncItem,
        SelectiveSyncUpdateStatus,
    )
    from .state import ApplyResult, DesiredState, Plan, ProgressCallback

T = TypeVar("T")
Item = TypeVar("Item")
logger = logging.getLogger(LOGGER_NAME)


class AsyncProfilesSync(ClientBase):
    """An asyncio client for Segment's Profiles Sync API.

    >>> async with AsyncProfilesSync() as ps:  # token from SEGMENT_PUBLIC_API_TOKEN
    ...     async for warehouse in ps.list_warehouses("9aQ1Lj62S4bomZKLF4DPqW"):
    ...         print(warehouse.id, warehouse.enabled)

    Configuration: explicit arguments win over the environment (`SEGMENT_PUBLIC_API_TOKEN`,
    `SEGMENT_PUBLIC_API_URL`); `region` is `"us"` (default) or `"eu"`. Plain `http://` is
    refused for any host but loopback unless `allow_insecure_http=True`: it would send the
    token in clear text. Proxy variables (`HTTPS_PROXY`, `NO_PROXY` …) are honoured as httpx
    honours them, unless you pass `transport`.

    Pacing (on by default; `pace_requests=False` turns it off): all requests of every client
    in this process with the same token and API root share what the server says about its
    rate-limit window, so they wait for the window to reset (or for a 429's wait to pass)
    instead of being sent into 429s. See `_pacing.py`. `budget_share=` (0 to 1) plans with
    that part of each window, for a token split on purpose between processes.
    `rate_limit_patience=` (seconds, default 120) is how long server-directed 429 waits may
    add up for one request before each further one counts against `max_retries`.

    `transport` replaces the network (for example the emulator's in-process transport, or an
    `httpx.AsyncHTTPTransport(proxy=...)`); retries, headers and logging still wrap it. `sleep` and
    `clock` exist so tests can run retries without waiting.
    """

    _transport_kind = httpx.AsyncBaseTransport

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        region: Region | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure_http: bool = False,
        pace_requests: bool = True,
        rate_limit_patience: float = RATE_LIMIT_PATIENCE,
        budget_share: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            region=region,
            max_retries=max_retries,
            timeout=timeout,
            transport=transport,
            allow_insecure_http=allow_insecure_http,
            pace_requests=pace_requests,
            rate_limit_patience=rate_limit_patience,
            budget_share=budget_share,
        )
        self._transport = AsyncRetryTransport(
            transport if transport is not None else default_async_transport(),
            RetrySettings(
                self._max_retries, clock=clock, pacer=self._pacer, patience=self._patience
            ),
            self._rate_limits,
            sleep=sleep,
        )
        self.api_client: ProfilesSyncApiClient = self._make_api_client(self._transport)

    # -- plumbing -----------------------------------------------------------------------------

    async def _call(
        self,
        operation: Callable[..., Any],
        expected: type[T],
        *args: Any,
        slot: ResponseSlot | None = None,
        **kw: Any,
    ) -> T:
        self._check_open()
        from . import _operations as ops

        slot = slot if slot is not None else ResponseSlot()
        token = current_slot.set(slot)
        try:
            try:
                # One answer's repeated catalog entries (each warehouse's `metadata`) parse once.
                with ops.parsing_each_value_once():
                    response = await operation(*args, client=self.api_client, **kw)
            except Exception as error:  # noqa: BLE001 - every failure is re-raised as our own type
                ops.raise_for_failure(error, slot)
            return ops.unwrap(response.parsed, response.status_code, expected, slot)
        finally:
            current_slot.reset(token)

    def _pager(
        self,
        operation: Callable[..., Any],
        expected: type[T],
        to_page: Callable[[T], Page[Item]],
        ids: tuple[str, ...],
        *,
        page_size: int | None,
        max_items: int | None,
        start_cursor: str | None,
    ) -> AsyncPager[Item]:
        """A pager over a list operation: arguments checked now, pages fetched as you iterate."""
        from . import _operations as ops

        async def fetch(cursor: str | None, count: int | None) -> Page[Item]:
            answer = await self._call(
                operation,
                expected,
                *ids,
                pagination_count=ops.or_unset(count),
                pagination_cursor=ops.or_unset(cursor),
            )
            return to_page(answer)

        return AsyncPager(
            fetch,
            page_size=check_page_size(page_size),
            max_items=check_max_items(max_items),
            start_cursor=check_cursor(start_cursor),
        )

    async def aclose(self) -> None:
        """Close the httpx client and its connection pool; later calls raise `ClientClosedError`.

        Calling it again does nothing.
        """
        if self._closed:
            return
        self._closed = True
        await self.api_client.aclose()
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncProfilesSync:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # -- warehouses ---------------------------------------------------------------------------

    async def create_warehouse(
        self,
        space_id: str,
        *,
        metadata_id: str,
        settings: Mapping[str, Any],
        name: str | None = None,
        enabled: bool | None = None,
        schema_name: str | None = None,
        reconcile: bool = False,
    ) -> ProfilesWarehouse:
        """Create a Profiles Sync warehouse in a space.

        Not retried after a 5xx or a dropped connection: the API has no idempotency keys, and
        a replayed create would make a second warehouse. With `reconcile=True` (which needs a
        `name`) such a failure is settled by listing the space instead, see
        `create_warehouse_reconciled`.
        """
        if reconcile:
            result = await self.create_warehouse_reconciled(
                space_id,
                metadata_id=metadata_id,
                settings=settings,
                name=name,
                enabled=enabled,
                schema_name=schema_name,
            )
            return result.warehouse
        space_id = check_id("space_id", space_id)
        from . import _operations as ops

        body = ops.create_body(
            metadata_id=metadata_id,
            settings=settings,
            name=name,
            enabled=enabled,
            schema_name=schema_name,
        )
        answer = await self._call(
            ops.create_profiles_warehouse.asyncio_detailed,
            ops.CreateProfilesWarehouse201Response,
            space_id,
            body=body,
        )
        return answer.data.profiles_warehouse

    async def create_warehouse_reconciled(
        self,
        space_id: str,
        *,
        metadata_id: str,
        settings: Mapping[str, Any],
        name: str | None,
        enabled: bool | None = None,
        schema_name: str | None = None,
        existing_ids: Collection[str] | None = None,
    ) -> CreateResult:
        """Create a warehouse, and settle a create whose answer was lost by listing the space.

        After a failure that may have been applied (5xx, connection lost after sending, read
        timeout): exactly one new warehouse with this name and metadata id is adopted
        (`recovered=True`, logged at INFO); none means it was not applied, so it is created
        once more; more than one raises `AmbiguousStateError` naming them. `existing_ids` are
        the warehouses the space held before (listed first when not given).
        """
        if not isinstance(name, str) or not name:
            raise InvalidArgumentError("reconciling a create needs the warehouse's name")
        space_id = check_id("space_id", space_id)
        if existing_ids is None:
            existing_ids = {w.id async for w in self.list_warehouses(space_id)}
        last: SegmentError | None = None
        for _ in range(MAX_CREATE_ATTEMPTS):
            try:
                warehouse = await self.create_warehouse(
                    space_id,
                    metadata_id=metadata_id,
                    settings=settings,
                    name=name,
                    enabled=enabled,
                    schema_name=schema_name,
                )
                return CreateResult(warehouse, recovered=False)
            except SegmentError as error:
                if not may_have_been_applied(error):
                    raise
                last = error
            listed = [w async for w in self.list_warehouses(space_id)]
            found = new_matches(
                listed, name=name, metadata_id=metadata_id, existing_ids=existing_ids
            )
            if len(found) == 1:
                logger.info(
                    "Create of %r in space %s failed (%s) but had been applied: adopted %s",
                    name,
                    space_id,
                    last,
                    found[0].id,
                )
                return CreateResult(found[0], recovered=True)
            if found:
                ids = ", ".join(w.id for w in found)
                raise AmbiguousStateError(
                    f"a create of {name!r} in space {space_id} failed and {len(found)} new "
                    f"warehouses with that name now exist ({ids}); not guessing which"
                ) from last
            logger.info("Create of %r in space %s was not applied; creating again", name, space_id)
        assert last is not None
        raise last

    def list_warehouses(
        self,
        space_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        start_cursor: str | None = None,
    ) -> AsyncPager[ProfilesWarehouse]:
        """The warehouses of a space, fetched page by page as you `async for`."""
        space_id = check_id("space_id", space_id)
        from . import _operations as ops

        return self._pager(
            ops.list_profiles_warehouse_in_space.asyncio_detailed,
            ops.ListProfilesWarehouseInSpace200Response,
            ops.warehouses_page,
            (space_id,),
            page_size=page_size,
            max_items=max_items,
            start_cursor=start_cursor,
        )

    async def update_warehouse(
        self,
        space_id: str,
        warehouse_id: str,
        *,
        settings: Mapping[str, Any],
        name: str | None = None,
        enabled: bool | None = None,
        schema_name: str | None = None,
    ) -> ProfilesWarehouse:
        """Update a warehouse. `settings` is required by the API; `{}` changes no setting."""
        space_id = check_id("space_id", space_id)
        warehouse_id = check_id("warehouse_id", warehouse_id)
        from . import _operations as ops

        body = ops.update_body(
            settings=settings, name=name, enabled=enabled, schema_name=schema_name
        )
        answer = await self._call(
            ops.update_profiles_warehouse_for_space_warehouse.asyncio_detailed,
            ops.UpdateProfilesWarehouseForSpaceWarehouse200Response,
            space_id,
            warehouse_id,
            body=body,
        )
        return answer.data.profiles_warehouse

    async def remove_warehouse(self, space_id: str, warehouse_id: str) -> None:
        """Remove a warehouse from a space.

        Raises `NotFoundError` if it was already gone, with one exception: when an earlier
        attempt of this same call may have been applied (a 5xx, or a connection lost after
        sending) and the retry then finds no warehouse, that attempt removed it, which is what
        was asked, so this returns normally (and logs it at INFO).
        """
        space_id = check_id("space_id", space_id)
        warehouse_id = check_id("warehouse_id", warehouse_id)
        from . import _operations as ops

        slot = ResponseSlot()
        try:
            await self._call(
                ops.remove_profiles_warehouse_from_space.asyncio_detailed,
                ops.RemoveProfilesWarehouseFromSpace200Response,
                space_id,
                warehouse_id,
                slot=slot,
            )
        except NotFoundError:
            if not slot.after_unknown_outcome:
                raise
            logger.info(
                "Warehouse %s of space %s: the retry found it gone, so the earlier attempt "
                "(whose answer was lost) removed it",
                warehouse_id,
                space_id,
            )

    # -- selective sync -----------------------------------------------------------------------

    def list_selective_syncs(
        self,
        space_id: str,
        warehouse_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        start_cursor: str | None = None,
    ) -> AsyncPager[SelectiveSyncItem]:
        """The collections of a warehouse and which of them (and their properties) sync."""
        space_id = check_id("space_id", space_id)
        warehouse_id = check_id("warehouse_id", warehouse_id)
        from . import _operations as ops

        return self._pager(
            ops.list_selective_syncs_from_warehouse_and_space.asyncio_detailed,
            ops.ListSelectiveSyncsFromWarehouseAndSpace200Response,
            ops.selective_syncs_page,
            (space_id, warehouse_id),
            page_size=page_size,
            max_items=max_items,
            start_cursor=start_cursor,
        )

    async def update_selective_sync(
        self,
        space_id: str,
        warehouse_id: str,
        *,
        sync_overrides: Iterable[Mapping[str, Any] | SchemaOverride] | None = None,
        enable_event_tables: bool | None = None,
    ) -> SelectiveSyncUpdateStatus:
        """Turn collections or single properties on or off; `UPDATED` or `UNCHANGED`.

        Overrides are `SchemaOverride` models or dicts such as
        `{"collection": "users", "property": "email", "enabled": False}`. The API refuses
        overrides (422) while event tables are disabled.
        """
        space_id = check_id("space_id", space_id)
        warehouse_id = check_id("warehouse_id", warehouse_id)
        from . import _operations as ops

        body = ops.selective_sync_body(
            sync_overrides=sync_overrides, enable_event_tables=enable_event_tables
        )
        answer = await self._call(
            ops.update_selective_sync_for_warehouse_and_space.asyncio_detailed,
            ops.UpdateSelectiveSyncForWarehouseAndSpace200Response,
            space_id,
            warehouse_id,
            body=body,
        )
        return answer.data.status

    # -- desired state (a convenience over segment_profiles_sync.state) ---------------------

    async def plan(
        self,
        state: DesiredState | Mapping[str, Any],
        *,
        rotate_secrets: bool = False,
        on_progress: ProgressCallback | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> Plan:
        """Read each space of `state` and say what `apply` would change (writes nothing).

        Raises `StateError` (or `AmbiguousStateError`) listing every problem found across all
        spaces. See `segment_profiles_sync.state` for the document and the rules.
        """
        self._check_open()
        from .state import _async_io as state_io

        return await state_io.plan(
            self,
            state,
            rotate_secrets=rotate_secrets,
            on_progress=on_progress,
            concurrency=concurrency,
        )

    async def apply(
        self,
        plan: Plan,
        state: DesiredState | Mapping[str, Any] | None = None,
        *,
        allow_replace: bool = False,
        on_progress: ProgressCallback | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> ApplyResult:
        """Carry out a plan, space by space; one space failing does not stop the others.

        Refuses (before any write) a plan holding a replace unless `allow_replace=True`, and
        refuses a space whose live state changed since the plan (`PlanStaleError`). A plan
        read by `load_plan()` needs `state`, the document it was made from, read again now:
        the secrets come from it, and a space whose entry changed since is refused too.
        """
        self._check_open()
        from .state import _async_io as state_io

        return await state_io.apply(
            self,
            plan,
            state,
            allow_replace=allow_replace,
            on_progress=on_progress,
            concurrency=concurrency,
        )

    async def export(
        self,
        space_ids: Sequence[str],
        *,
        on_progress: ProgressCallback | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> DesiredState:
        """What the spaces hold now, as a desired-state document (secrets as `${…}`)."""
        self._check_open()
        from .state import _async_io as state_io

        return await state_io.export(
            self, space_ids, on_progress=on_progress, concurrency=concurrency
        )
