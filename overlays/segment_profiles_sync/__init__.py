"""segment-profiles-sync: a typed client for Segment's Profiles Sync API.

    from segment_profiles_sync import ProfilesSync, AsyncProfilesSync

`ProfilesSync` (blocking) and `AsyncProfilesSync` (asyncio) have the same methods. Errors are
all `SegmentError` subclasses (see `segment_profiles_sync.errors` for the tree); models live in
`segment_profiles_sync.models`; the local emulator in `segment_profiles_sync.testing`.
"""

from ._async_client import AsyncProfilesSync
from ._base import ProfilesSyncApiClient
from ._headers import RateLimit
from ._sync_client import ProfilesSync
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIErrorDetail,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    SegmentError,
    UnprocessableEntityError,
)
from .models import ProfilesWarehouse, SchemaOverride, SelectiveSyncItem, SelectiveSyncUpdateStatus
from .pagination import AsyncPager, Page, SyncPager

__all__ = [
    "APIConnectionError",
    "APIErrorDetail",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPager",
    "AsyncProfilesSync",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "ProfilesSync",
    "ProfilesSyncApiClient",
    "ProfilesWarehouse",
    "RateLimit",
    "RateLimitError",
    "SchemaOverride",
    "SegmentError",
    "SelectiveSyncItem",
    "SelectiveSyncUpdateStatus",
    "SyncPager",
    "UnprocessableEntityError",
    "__version__",
]
