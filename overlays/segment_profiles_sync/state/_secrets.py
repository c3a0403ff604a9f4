"""Which warehouse settings are secrets, and which live values are masked (pure).

The API never returns a secret. Depending on the warehouse type and API version a secret comes
back as `"<redacted>"`, as a `•`-masked string, as an object with `ciphertext`/`encrypted`
keys, or not at all. Such a value cannot be compared with a desired one, so it never causes a
diff; and whatever is a secret is never shown: plans, exports, logs and errors show
`(secret)` instead.

A settings key is a secret when its live value is masked, or when its name (lower-cased, `-`
read as `_`) contains one of `SECRET_KEY_PARTS`. The list errs on the side of hiding: a key it
catches is never compared, only sent.
"""

from __future__ import annotations

from typing import Any

SECRET_KEY_PARTS: tuple[str, ...] = (
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "private_key",
    "privatekey",
    "token",
    "credentials",
    "api_key",
    "apikey",
    "access_key",
    "service_account",
)
REDACTED_MARKERS: frozenset[str] = frozenset({"<redacted>", "[redacted]", "redacted"})
SHOWN_FOR_SECRETS = "(secret)"


def is_secret_key(key: str) -> bool:
    """True for a settings key whose name says it holds a secret (`password`, `private_key` …)."""
    folded = key.lower().replace("-", "_")
    return any(part in folded for part in SECRET_KEY_PARTS)


def is_masked(value: Any) -> bool:
    """True for a live value the API sent in place of a secret."""
    if isinstance(value, str):
        return value.strip().lower() in REDACTED_MARKERS or "•" in value
    if isinstance(value, dict):
        return "ciphertext" in value or value.get("encrypted") is True
    return False
