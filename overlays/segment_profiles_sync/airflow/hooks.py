"""`SegmentProfilesSyncHook`: a configured client from an Airflow connection.

Connection type `segment_profiles_sync` (the events provider owns `segment`). Password: the
Public API token. Host, when set: the base URL (`https://eu1.api.segmentapis.com`, or the
emulator's `http://127.0.0.1:PORT`; plain `http://` only to loopback, as the client rules).
Extras: `region` (`us`/`eu`), `max_retries`, `timeout`, `concurrency`.

The token goes from the connection straight into the client: the hook keeps no copy, and
neither its `repr` nor any message it writes holds it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._orchestration import ClientSettings
from ..errors import SegmentError
from ._compat import BaseHook
from .provider_info import CONN_FIELDS, CONNECTION_TYPE, UI_FIELD_BEHAVIOUR

if TYPE_CHECKING:
    from .._async_client import AsyncProfilesSync
    from .._sync_client import ProfilesSync

__all__ = ["SegmentProfilesSyncHook"]

_PROBE_SPACE = "connectionTest00000000"  # a space id no workspace has (test_connection)


def _extras(connection: Any) -> Mapping[str, Any]:
    """The connection's extras, accepting the old `extra__<type>__<field>` prefix too."""
    extras = dict(connection.extra_dejson or {})
    prefix = f"extra__{CONNECTION_TYPE}__"
    for key in list(extras):
        if key.startswith(prefix):
            extras.setdefault(key[len(prefix) :], extras.pop(key))
    return extras


def _base_url(connection: Any) -> str | None:
    """Host as the base URL. A connection URI (`segment-profiles-sync://:TOKEN@host`) loses
    the scheme of the API, so a bare host means https."""
    host = (connection.host or "").strip()
    if not host:
        return None
    if "://" not in host:
        port = f":{connection.port}" if connection.port else ""
        return f"https://{host}{port}"
    return host


def settings_from_connection(connection: Any) -> ClientSettings:
    """`ClientSettings` from an Airflow connection (see the module docstring)."""
    source = f"Airflow connection {connection.conn_id!r}"
    extras = _extras(connection)
    return ClientSettings(
        token=connection.password,
        base_url=_base_url(connection),
        region=extras.get("region"),
        max_retries=extras.get("max_retries"),
        timeout=extras.get("timeout"),
        concurrency=extras.get("concurrency"),
        source=source,
    )


class SegmentProfilesSyncHook(BaseHook):
    """Reads a `segment_profiles_sync` connection and builds clients from it.

    >>> hook = SegmentProfilesSyncHook()                      # segment_profiles_sync_default
    >>> with hook.get_client() as ps:                         # a ProfilesSync
    ...     plan = ps.plan(state, concurrency=hook.concurrency)

    `get_client()` (blocking, for operators) and `aget_client()` (asyncio, for triggers; it
    reads the connection with Airflow's async API, so the triggerer's loop is never blocked)
    return a new client each call: close it (both are context managers).
    """

    conn_name_attr = "segment_profiles_sync_conn_id"
    default_conn_name = "segment_profiles_sync_default"
    conn_type = CONNECTION_TYPE
    hook_name = "Segment Profiles Sync"

    def __init__(
        self, segment_profiles_sync_conn_id: str = default_conn_name, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.segment_profiles_sync_conn_id = segment_profiles_sync_conn_id
        self._settings: ClientSettings | None = None

    def __repr__(self) -> str:
        conn_id = self.segment_profiles_sync_conn_id
        return f"SegmentProfilesSyncHook(segment_profiles_sync_conn_id={conn_id!r})"

    # -- the connection ---------------------------------------------------------------------

    @property
    def settings(self) -> ClientSettings:
        """The connection's client settings, read once (blocking)."""
        if self._settings is None:
            connection = self.get_connection(self.segment_profiles_sync_conn_id)
            self._settings = settings_from_connection(connection)
        return self._settings

    async def asettings(self) -> ClientSettings:
        """The same, read with Airflow's async connection API (in a triggerer's loop)."""
        if self._settings is None:
            connection = await self._aget_connection()
            self._settings = settings_from_connection(connection)
        return self._settings

    async def _aget_connection(self) -> Any:
        getter = getattr(self, "aget_connection", None)
        if getter is not None:  # 3.1+
            return await getter(self.segment_profiles_sync_conn_id)
        from asgiref.sync import sync_to_async  # pragma: no cover - 3.0

        return await sync_to_async(self.get_connection)(  # pragma: no cover - 3.0
            self.segment_profiles_sync_conn_id
        )

    @property
    def concurrency(self) -> int:
        """How many spaces plan/apply handle at once (the `concurrency` extra, default 8)."""
        return self.settings.concurrency

    def get_conn(self) -> ProfilesSync:
        """Airflow's generic name for `get_client()`."""
        return self.get_client()

    def get_client(self) -> ProfilesSync:
        """A blocking `ProfilesSync` configured from the connection."""
        from .._sync_client import ProfilesSync

        return ProfilesSync(**self.settings.client_options())

    async def aget_client(self) -> AsyncProfilesSync:
        """An `AsyncProfilesSync` configured from the connection (read asynchronously)."""
        from .._async_client import AsyncProfilesSync

        settings = await self.asettings()
        return AsyncProfilesSync(**settings.client_options())

    def test_connection(self) -> tuple[bool, str]:
        """Build a client and make one authenticated call. Segment has no "who am I" call in
        these six operations, so it lists warehouses of a space id that cannot exist: 404 (or
        an empty page) means the token and URL work; 401/403 mean they do not."""
        from ..errors import AuthenticationError, NotFoundError, PermissionDeniedError

        try:
            with self.get_client() as client, contextlib.suppress(NotFoundError):
                next(iter(client.list_warehouses(_PROBE_SPACE, page_size=1).pages()), None)
        except (AuthenticationError, PermissionDeniedError) as error:
            return False, f"the API refused the token ({type(error).__name__}: {error})"
        except SegmentError as error:
            return False, f"{type(error).__name__}: {error}"
        return True, "Connection successfully tested: the API accepted the token"

    # -- the connection form, for Airflow 3.0-3.1 (3.2+ reads provider info) -------------------

    @classmethod
    def get_ui_field_behaviour(cls) -> dict[str, Any]:
        """Relabel the password as the token, the host as the base URL; hide the rest."""
        return {
            "hidden_fields": list(UI_FIELD_BEHAVIOUR["hidden-fields"]),
            "relabeling": dict(UI_FIELD_BEHAVIOUR["relabeling"]),
            "placeholders": dict(UI_FIELD_BEHAVIOUR["placeholders"]),
        }

    @classmethod
    def get_connection_form_widgets(cls) -> dict[str, Any]:
        """The extras as form fields (wtforms, which the 3.0-3.1 API server has)."""
        from wtforms import IntegerField, SelectField, StringField
        from wtforms.validators import NumberRange, Optional

        fields: dict[str, Any] = {
            "region": SelectField(
                CONN_FIELDS["region"]["label"],
                choices=[("", ""), ("us", "us"), ("eu", "eu")],
                description=CONN_FIELDS["region"]["description"],
            ),
            "max_retries": IntegerField(
                CONN_FIELDS["max_retries"]["label"],
                validators=[Optional(), NumberRange(min=0, max=10)],
                description=CONN_FIELDS["max_retries"]["description"],
            ),
            "timeout": StringField(
                CONN_FIELDS["timeout"]["label"],
                description=CONN_FIELDS["timeout"]["description"],
            ),
            "concurrency": IntegerField(
                CONN_FIELDS["concurrency"]["label"],
                validators=[Optional(), NumberRange(min=1, max=64)],
                description=CONN_FIELDS["concurrency"]["description"],
            ),
        }
        return fields
