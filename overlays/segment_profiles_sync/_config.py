"""Resolve a client's configuration from arguments and the environment (pure but for `environ`).

Shared by `ProfilesSync` and `AsyncProfilesSync` so both read the same variables in the same
order, and so the rules are tested without building a client.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping

import httpx

from ._constants import (
    BASE_URL_ENV_VARS,
    BASE_URLS,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    MEDIA_TYPE,
    TOKEN_ENV_VARS,
)
from ._version import __version__
from .errors import ConfigurationError, InvalidArgumentError, InvalidArgumentTypeError


def resolve_token(token: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The token argument, else `SEGMENT_PUBLIC_API_TOKEN`, else `PUBLIC_API_TOKEN`."""
    if token is not None:
        if not isinstance(token, str):
            raise InvalidArgumentTypeError(f"token must be a str, not {type(token).__name__}")
        if token.strip():
            return token.strip()
        raise ConfigurationError("token is empty")
    for name in TOKEN_ENV_VARS:
        value = environ.get(name, "").strip()
        if value:
            return value
    raise ConfigurationError(
        "no Segment Public API token: pass token=... or set SEGMENT_PUBLIC_API_TOKEN "
        "(PUBLIC_API_TOKEN, the Terraform provider's name, is read too)"
    )


def resolve_base_url(
    base_url: str | None, region: str, environ: Mapping[str, str] = os.environ
) -> str:
    """The argument, else `SEGMENT_PUBLIC_API_URL` / `PUBLIC_API_URL`, else the region's URL."""
    chosen = base_url
    if chosen is None:
        chosen = next((environ[n] for n in BASE_URL_ENV_VARS if environ.get(n, "").strip()), None)
    if chosen is None:
        try:
            return BASE_URLS[region]
        except (KeyError, TypeError):
            raise InvalidArgumentError(
                f"region must be one of {sorted(BASE_URLS)}, got {region!r}"
            ) from None
    if not isinstance(chosen, str):
        raise InvalidArgumentTypeError(f"base_url must be a str, not {type(chosen).__name__}")
    chosen = chosen.strip().rstrip("/")
    url = httpx.URL(chosen)
    if url.scheme not in {"http", "https"} or not url.host:
        raise InvalidArgumentError(f"base_url must be an http(s) URL, got {chosen!r}")
    return chosen


DEFAULT_TIMEOUT = httpx.Timeout(DEFAULT_READ_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)


def resolve_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """A number of seconds for every phase, or an httpx.Timeout used as given.

    `None` is refused rather than read as "no timeout": a hung request would hang the job.
    `httpx.Timeout(None)` still says "wait forever" for whoever truly means it.
    """
    if timeout is None:
        raise InvalidArgumentError(
            "timeout=None would wait forever; pass seconds, or httpx.Timeout(None) to mean it"
        )
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidArgumentTypeError(
            f"timeout must be a number of seconds or an httpx.Timeout, not {type(timeout).__name__}"
        )
    if not 0 < timeout < float("inf"):
        raise InvalidArgumentError(f"timeout must be a positive, finite number, got {timeout!r}")
    return httpx.Timeout(float(timeout))


def resolve_max_retries(max_retries: int) -> int:
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise InvalidArgumentTypeError(
            f"max_retries must be an int, not {type(max_retries).__name__}"
        )
    if max_retries < 0:
        raise InvalidArgumentError(f"max_retries must be 0 or more, got {max_retries}")
    return max_retries


def default_headers() -> dict[str, str]:
    """Sent on every request; the vendor Content-Type on bodies comes from the generated code."""
    python = ".".join(platform.python_version_tuple()[:2])
    agent = f"segment-profiles-sync/{__version__} python/{python} httpx/{httpx.__version__}"
    return {"Accept": MEDIA_TYPE, "User-Agent": agent}
