"""The generated `AuthenticatedClient`, with a repr that never shows the token.

Kept in its own module, imported when the first client is built: the generated client pulls
in attrs, which `import segment_profiles_sync` otherwise does not need.
"""

from __future__ import annotations

import attrs
from segment_profiles_sync_api import AuthenticatedClient


@attrs.define(repr=False)
class ProfilesSyncApiClient(AuthenticatedClient):
    """The generated `AuthenticatedClient` as the clients configure it.

    Pass it as `client=` to any `segment_profiles_sync_api.api.profiles_sync.*` function to get
    the same retries, timeouts, headers and logging as the façade.
    """

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r}, token='<redacted>')"
