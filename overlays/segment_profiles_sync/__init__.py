"""segment-profiles-sync: a typed client for Segment's Profiles Sync API.

    from segment_profiles_sync import ProfilesSync, AsyncProfilesSync

`ProfilesSync` (blocking) and `AsyncProfilesSync` (asyncio) have the same methods. Errors are
all `SegmentError` subclasses (see `segment_profiles_sync.errors` for the tree); models live in
`segment_profiles_sync.models`; the local emulator in `segment_profiles_sync.testing`.
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_exports as _lazy_exports
from ._version import __version__

if TYPE_CHECKING:
    from ._api_client import ProfilesSyncApiClient
    from ._async_client import AsyncProfilesSync
    from ._headers import RateLimit
    from ._sync_client import ProfilesSync
    from .errors import (
        AmbiguousStateError,
        APIConnectionError,
        APIErrorDetail,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ClientClosedError,
        ConfigurationError,
        ConflictError,
        InternalServerError,
        InvalidArgumentError,
        InvalidArgumentTypeError,
        NotFoundError,
        PaginationError,
        PermissionDeniedError,
        PlanStaleError,
        RateLimitError,
        SegmentError,
        StateError,
        StateProblem,
        UnprocessableEntityError,
    )
    from .models import (
        ProfilesWarehouse,
        SchemaOverride,
        SelectiveSyncItem,
        SelectiveSyncUpdateStatus,
    )
    from .pagination import AsyncPager, Page, SyncPager

# Everything loads on first access (PEP 562), so `import segment_profiles_sync` costs almost
# nothing and the command line's `--help` and `--version` start fast: httpx, asyncio, attrs
# and the generated code load only when a name that needs them is used (see BENCHMARKS.md).
_MODULES = {
    "AsyncPager": ".pagination",
    "AsyncProfilesSync": "._async_client",
    "Page": ".pagination",
    "ProfilesSync": "._sync_client",
    "ProfilesSyncApiClient": "._api_client",
    "ProfilesWarehouse": ".models",
    "RateLimit": "._headers",
    "SchemaOverride": ".models",
    "SelectiveSyncItem": ".models",
    "SelectiveSyncUpdateStatus": ".models",
    "SyncPager": ".pagination",
}


__all__ = [
    "APIConnectionError",
    "APIErrorDetail",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousStateError",
    "AsyncPager",
    "AsyncProfilesSync",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "NotFoundError",
    "Page",
    "PaginationError",
    "PermissionDeniedError",
    "PlanStaleError",
    "ProfilesSync",
    "ProfilesSyncApiClient",
    "ProfilesWarehouse",
    "RateLimit",
    "RateLimitError",
    "SchemaOverride",
    "SegmentError",
    "SelectiveSyncItem",
    "SelectiveSyncUpdateStatus",
    "StateError",
    "StateProblem",
    "SyncPager",
    "UnprocessableEntityError",
    "__version__",
]

# Every other public name is an exception from `.errors` (the whole tree is exported here).
_LAZY = {name: _MODULES.get(name, ".errors") for name in __all__ if name != "__version__"}
__getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
