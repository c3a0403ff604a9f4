"""Resolve a client's configuration from arguments and the environment (pure but for `environ`).

Shared by `ProfilesSync` and `AsyncProfilesSync` so both read the same variables in the same
order, and so the rules are tested without building a client.
"""

from __future__ import annotations

import ipaddress
import os
import platform
from collections.abc import Mapping
from typing import Literal

import httpx

from ._constants import (
    BASE_URL_ENV_VARS,
    BASE_URLS,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_REGION,
    MAX_MAX_RETRIES,
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


Region = Literal["us", "eu"]


def resolve_region(region: object) -> str:
    """`"us"` or `"eu"`, in any case and with surrounding spaces; anything else is refused."""
    if not isinstance(region, str):
        raise InvalidArgumentTypeError(f"region must be a str, not {type(region).__name__}")
    key = region.strip().lower()
    if key not in BASE_URLS:
        raise InvalidArgumentError(f"region must be one of {sorted(BASE_URLS)}, got {region!r}")
    return key


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(value: object, *, source: str, allow_insecure_http: bool = False) -> str:
    """A usable API root: http(s), a host, no query, fragment or credentials.

    `source` names where the value came from (`base_url`, or the environment variable) so the
    error points at what to fix. Plain `http://` would send the bearer token in clear text, so
    it is refused for any host but loopback (the emulator) unless `allow_insecure_http`.
    """
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{source} must be a str, not {type(value).__name__}")
    text = value.strip().rstrip("/")
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as error:
        raise InvalidArgumentError(f"{source} is not a valid URL ({error}): {text!r}") from None
    if url.scheme not in {"http", "https"} or not url.host:
        raise InvalidArgumentError(f"{source} must be an http(s) URL, got {text!r}")
    if url.query or url.fragment or "?" in text or "#" in text:
        raise InvalidArgumentError(
            f"{source} must not have a query or a fragment (paths are appended to it): {text!r}"
        )
    if url.userinfo:
        raise InvalidArgumentError(f"{source} must not hold credentials; pass token= instead")
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise InvalidArgumentError(
            f"{source} is plain http:// to {url.host}, which would send the token unencrypted; "
            "use https://, or pass allow_insecure_http=True if you really mean it"
        )
    return text


def resolve_base_url(
    base_url: str | None,
    region: str | None,
    environ: Mapping[str, str] = os.environ,
    *,
    allow_insecure_http: bool = False,
) -> str:
    """Explicit arguments first, then the environment, then the default region.

    1. `base_url=` or `region=` (not both: they would contradict each other);
    2. `SEGMENT_PUBLIC_API_URL`, else `PUBLIC_API_URL`;
    3. the US region.
    """
    if base_url is not None and region is not None:
        raise InvalidArgumentError("pass base_url or region, not both")
    if base_url is not None:
        return check_base_url(base_url, source="base_url", allow_insecure_http=allow_insecure_http)
    if region is not None:
        return BASE_URLS[resolve_region(region)]
    for name in BASE_URL_ENV_VARS:
        if environ.get(name, "").strip():
            return check_base_url(
                environ[name], source=f"${name}", allow_insecure_http=allow_insecure_http
            )
    return BASE_URLS[DEFAULT_REGION]


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
    if not 0 <= max_retries <= MAX_MAX_RETRIES:
        raise InvalidArgumentError(
            f"max_retries must be from 0 to {MAX_MAX_RETRIES}, got {max_retries}"
        )
    return max_retries


def resolve_patience(patience: object) -> float:
    """`rate_limit_patience=`: seconds, finite and not negative (0: every 429 counts)."""
    if isinstance(patience, bool) or not isinstance(patience, int | float):
        raise InvalidArgumentTypeError(
            f"rate_limit_patience must be a number of seconds, not {type(patience).__name__}"
        )
    if not 0 <= patience < float("inf"):
        raise InvalidArgumentError(
            f"rate_limit_patience must be a finite number of seconds, 0 or more, got {patience!r}"
        )
    return float(patience)


def resolve_budget_share(share: object) -> float:
    """`budget_share=`: the part of the token's window this client plans to use, (0, 1]."""
    if isinstance(share, bool) or not isinstance(share, int | float):
        raise InvalidArgumentTypeError(f"budget_share must be a number, not {type(share).__name__}")
    if not 0 < share <= 1:
        raise InvalidArgumentError(f"budget_share must be more than 0 and at most 1, got {share!r}")
    return float(share)


def default_headers() -> dict[str, str]:
    """Sent on every request; the vendor Content-Type on bodies comes from the generated code."""
    python = ".".join(platform.python_version_tuple()[:2])
    agent = f"segment-profiles-sync/{__version__} python/{python} httpx/{httpx.__version__}"
    return {"Accept": MEDIA_TYPE, "User-Agent": agent}
