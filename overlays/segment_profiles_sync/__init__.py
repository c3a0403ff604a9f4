"""segment-profiles-sync: a typed client for Segment's Profiles Sync API."""

from ._version import __version__

__all__ = ["__version__"]
