"""A client library for accessing Segment Public API — Profiles Sync"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
