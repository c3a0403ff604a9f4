"""`SegmentProfilesSyncResource`: the client's settings as Dagster configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dagster import ConfigurableResource
from pydantic import Field

from .._orchestration import ClientSettings

if TYPE_CHECKING:
    from .._async_client import AsyncProfilesSync
    from .._sync_client import ProfilesSync

__all__ = ["SegmentProfilesSyncResource"]


class SegmentProfilesSyncResource(ConfigurableResource):  # type: ignore[type-arg]  # Dagster's idiom
    """A Profiles Sync client, configured once and handed to assets and checks.

    Give `token` as `dagster.EnvVar("SEGMENT_PUBLIC_API_TOKEN")`: Dagster then stores and shows
    the variable's name, never its value (a plain string would be kept in the run's config).
    The token is also left out of this object's `repr`. `get_client()` and
    `get_async_client()` return a new client each call; close it (both are context managers).
    """

    token: str = Field(
        description="The workspace's Public API token; pass EnvVar('SEGMENT_PUBLIC_API_TOKEN').",
        repr=False,
    )
    base_url: str | None = Field(
        default=None, description="The API root (e.g. https://eu1.api.segmentapis.com)."
    )
    region: str | None = Field(default=None, description="us or eu, when base_url is not set.")
    max_retries: int | None = Field(default=None, description="Retries of a failed request.")
    timeout: float | None = Field(default=None, description="Seconds per request.")
    concurrency: int = Field(default=8, description="Spaces planned or applied at once.")

    def settings(self) -> ClientSettings:
        """The fields checked by the package's rules (errors are `ConfigurationError`)."""
        return ClientSettings(
            token=self.token,
            base_url=self.base_url,
            region=self.region,
            max_retries=self.max_retries,
            timeout=self.timeout,
            concurrency=self.concurrency,
            source="SegmentProfilesSyncResource",
        )

    def get_client(self) -> ProfilesSync:
        """A blocking `ProfilesSync`."""
        from .._sync_client import ProfilesSync

        return ProfilesSync(**self.settings().client_options())

    def get_async_client(self) -> AsyncProfilesSync:
        """An `AsyncProfilesSync` (for async assets)."""
        from .._async_client import AsyncProfilesSync

        return AsyncProfilesSync(**self.settings().client_options())
