"""segment-profiles-sync: a typed client for Segment's Profiles Sync API.

    from segment_profiles_sync import ProfilesSync, AsyncProfilesSync

`ProfilesSync` (blocking) and `AsyncProfilesSync` (asyncio) have the same methods. Errors are
all `SegmentError` subclasses (see `segment_profiles_sync.errors` for the tree); models live in
`segment_profiles_sync.models`; the local emulator in `segment_profiles_sync.testing`.
"""

from typing import TYPE_CHECKING

from ._headers import RateLimit
from ._sync_client import ProfilesSync
from ._version import __version__
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
from .pagination import AsyncPager, Page, SyncPager

if TYPE_CHECKING:
    from ._api_client import ProfilesSyncApiClient
    from ._async_client import AsyncProfilesSync
    from .models import (
        ProfilesWarehouse,
        SchemaOverride,
        SelectiveSyncItem,
        SelectiveSyncUpdateStatus,
    )

# Loaded on first access (PEP 562): the asyncio client pulls in asyncio, and the models and the
# generated client pull in attrs and every generated class; `import segment_profiles_sync`
# should cost little more than `import httpx` (see BENCHMARKS.md).
_LAZY = {
    "AsyncProfilesSync": "._async_client",
    "ProfilesSyncApiClient": "._api_client",
    "ProfilesWarehouse": ".models",
    "SchemaOverride": ".models",
    "SelectiveSyncItem": ".models",
    "SelectiveSyncUpdateStatus": ".models",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
