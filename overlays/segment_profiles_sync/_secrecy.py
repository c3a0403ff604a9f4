"""What is a secret, how it is hidden, and how it travels (pure): the one home of the rule.

Every layer asks here: the client's settings check (never send a mask back), the desired-state
document (which values to wrap), the diff (what to compare and how to show it), the export
(which values become `${VAR}` placeholders) and the command line (what to print).

A settings value is secret when

- it was filled from the environment (`${VAR}`): whatever its key, the document's author kept
  it out of the file, so it is never shown or stored (it is still compared);

- a key on its path, at any depth, names a secret: the key, lower-cased with `-`, spaces and
  camelCase read as `_`, contains one of `SECRET_KEY_PARTS` (`password`, `private_key`,
  `ssh`, `cert`, `connection_string`, `auth`, `bearer`, `jwt`, `cookie`, `signature` …) or
  has one of `SECRET_KEY_WORDS` as a whole word (`key`, `pwd`, `dsn`, `uri`, `pem`, `sig`,
  `sas`: short words that would match too much as substrings);
- or the value itself looks like one: a URL with a password in it
  (`postgres://user:pw@host/db`), a PEM block (`-----BEGIN … KEY-----`), `password=` or
  `pwd=` in a query string or a key=value DSN (JDBC, libpq, ODBC), a `Bearer …` credential,
  or JSON in a string holding a `private_key` (a pasted service-account file);
- or the API masked it (`is_masked`): `"<redacted>"`, a `•`-string, `{"ciphertext": …}`.

The rule errs on the side of hiding: a hidden value is still compared when the API returns it
in clear, only never shown. What is shown in its place is `SHOWN` (`"(secret)"`).

A secret read from a document travels in a `Secret`: its `repr`, `str`, pickle and copies to
other processes hold no value; only `reveal()` (called where the request body is built) gives
it. A `Secret` that went through pickle is *withheld*: revealing it raises `StateError`, so a
plan passed between processes is refused instead of sending something else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

__all__ = [
    "SECRET_KEY_PARTS",
    "SECRET_KEY_WORDS",
    "SHOWN",
    "Secret",
    "has_withheld",
    "is_masked",
    "is_secret_key",
    "looks_secret",
    "protect",
    "redact",
    "reveal",
]

# Substrings of a folded key name (lower-case, words joined by `_`).
SECRET_KEY_PARTS: tuple[str, ...] = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "private_key",
    "privatekey",
    "token",
    "credential",
    "api_key",
    "apikey",
    "access_key",
    "service_account",
    "keyfile",
    "key_file",
    "ssh",
    "cert",
    "connection_string",
    "connectionstring",
    "conn_str",
    "auth",  # auth, authorization, oauth, auth_token
    "bearer",
    "jwt",
    "passcode",
    "cookie",
    "signature",
)
# Whole words of a folded key name: `sa_key_json` has the word `key`, `monkey` does not.
SECRET_KEY_WORDS: frozenset[str] = frozenset(
    {"key", "pwd", "pw", "dsn", "uri", "pem", "sig", "sas"}
)
SHOWN = "(secret)"
REDACTED_MARKERS: frozenset[str] = frozenset({"<redacted>", "[redacted]", "redacted", "********"})

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_CREDENTIAL_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#@\s:]*:[^/?#@\s]+@", re.IGNORECASE)
_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]+-----")
# `password=…` / `pwd=…` in a query string or a key=value DSN (JDBC `;password=…`, libpq
# `host=… password=…`, ODBC `PWD=…`).
_KEY_VALUE_PASSWORD = re.compile(
    r"(?:^|[?&;\s])(?:password|passwd|pwd)\s*=\s*[^&;\s]", re.IGNORECASE
)
_BEARER = re.compile(r"\bbearer\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE)
# A service-account file pasted as a string: JSON holding a private key.
_JSON_PRIVATE_KEY = re.compile(r'"private_key(?:_id)?"\s*:', re.IGNORECASE)
_LOOKS = (_CREDENTIAL_URL, _PEM, _KEY_VALUE_PASSWORD, _BEARER, _JSON_PRIVATE_KEY)


def _fold(key: str) -> str:
    return _SEPARATORS.sub("_", _CAMEL.sub("_", key).lower()).strip("_")


def is_secret_key(key: str) -> bool:
    """True for a settings key whose name says it holds a secret (`password`, `ssh_key` …)."""
    folded = _fold(key)
    if any(part in folded for part in SECRET_KEY_PARTS):
        return True
    return not SECRET_KEY_WORDS.isdisjoint(folded.split("_"))


def looks_secret(value: Any) -> bool:
    """True for a string that carries a secret whatever its key: a URL with a password in it,
    a PEM block, `password=`/`pwd=` in a query string or DSN, a `Bearer …` credential, or JSON
    holding a `private_key`."""
    return isinstance(value, str) and any(pattern.search(value) for pattern in _LOOKS)


def is_masked(value: Any) -> bool:
    """True for a live value the API sent in place of a secret."""
    if isinstance(value, str):
        return value.strip().lower() in REDACTED_MARKERS or "•" in value
    if isinstance(value, Mapping):
        return "ciphertext" in value or value.get("encrypted") is True
    return False


def contains_masked(value: Any) -> bool:
    """True when a mask sits anywhere inside `value` (it cannot be compared as a whole)."""
    if is_masked(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_masked(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_masked(v) for v in value)
    return False


class Secret:
    """A secret value on its way from a document to a request body.

    `repr`/`str`/`format` show `(secret)`; `pickle` keeps no value (the unpickled copy is
    withheld and `reveal()` raises); `copy`/`deepcopy` keep the same object (in-process
    copies, such as `dataclasses.asdict`, hold this wrapper, not the value).
    """

    __slots__ = ("_value",)
    _WITHHELD: Any = object()

    def __init__(self, value: Any) -> None:
        self._value = value

    @property
    def available(self) -> bool:
        """False for a copy that came through pickle: its value stayed behind."""
        return self._value is not Secret._WITHHELD

    def reveal(self) -> Any:
        """The value. Raises `StateError` for a withheld copy."""
        if self._value is Secret._WITHHELD:
            _withheld()
        return self._value

    def __repr__(self) -> str:
        return "Secret('(secret)')" if self.available else "Secret(withheld)"

    def __str__(self) -> str:
        return SHOWN

    def __format__(self, spec: str) -> str:
        return format(SHOWN, spec)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return self.available and other.available and self._value == other._value

    def __hash__(self) -> int:
        return hash(Secret)

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_withheld_secret, ())

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self


def _withheld_secret() -> Secret:
    secret = Secret(None)
    secret._value = Secret._WITHHELD
    return secret


def _withheld() -> NoReturn:
    from .errors import StateError, StateProblem

    raise StateError(
        [
            StateProblem(
                "",
                "a secret was left behind when this value was pickled (secrets never are): "
                "load the document again in the process that applies it",
            )
        ]
    )


def reveal(value: Any) -> Any:
    """`value` with every `Secret` inside it replaced by what it holds (for a request body)."""
    if isinstance(value, Secret):
        return reveal(value.reveal())
    if isinstance(value, Mapping):
        return {k: reveal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [reveal(v) for v in value]
    return value


def has_withheld(value: Any) -> bool:
    """True when a withheld `Secret` (one that went through pickle) sits inside `value`."""
    if isinstance(value, Secret):
        return not value.available or has_withheld(value.reveal())
    if isinstance(value, Mapping):
        return any(has_withheld(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_withheld(v) for v in value)
    return False


def redact(value: Any, *, secret: bool = False) -> Any:
    """`value` as it may be shown: every secret (by key at any depth, by look, masked, or a
    `Secret`) replaced by `SHOWN`. `secret=True` hides the whole value."""
    if secret or isinstance(value, Secret) or is_masked(value) or looks_secret(value):
        return SHOWN
    if isinstance(value, Mapping):
        return {k: redact(v, secret=is_secret_key(str(k))) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def protect(value: Any, *, secret: bool = False) -> Any:
    """`value` with every secret in it (by key at any depth, or by look) held in a `Secret`:
    the form a document's settings travel in. A secret mapping or list is wrapped whole; a
    `Secret` already there stays as it is."""
    if isinstance(value, Secret):
        return value
    if secret:
        return None if value is None else Secret(reveal(value))
    if isinstance(value, Mapping):
        return {k: protect(v, secret=is_secret_key(str(k))) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [protect(v) for v in value]
    return Secret(value) if looks_secret(value) else value
