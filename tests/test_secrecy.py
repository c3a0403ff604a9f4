"""The one rule of secrecy (`_secrecy`): what is secret, how it is hidden, how it travels."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest
from segment_profiles_sync import StateError
from segment_profiles_sync._secrecy import (
    SHOWN,
    Secret,
    contains_masked,
    has_withheld,
    is_masked,
    looks_secret,
    redact,
    reveal,
)


def test_a_secret_shows_nothing_and_travels_in_process_only() -> None:
    """repr/str/format hide it; copies keep it (same object); pickle leaves it behind."""
    secret = Secret("hunter2")
    assert "hunter2" not in repr(secret) + str(secret) + f"{secret}" + f"{secret:>20}"
    assert copy.copy(secret) is secret
    assert copy.deepcopy({"k": secret})["k"] is secret
    assert secret == Secret("hunter2")
    assert secret != Secret("other")
    assert secret != "hunter2"
    assert hash(secret) == hash(Secret("other"))  # equal-or-not, never by value
    data = pickle.dumps(secret)
    assert b"hunter2" not in data
    withheld = pickle.loads(data)
    assert not withheld.available
    assert repr(withheld) == "Secret(withheld)"
    assert withheld != withheld  # a value that is not there equals nothing
    with pytest.raises(StateError, match="pickled"):
        withheld.reveal()


def test_reveal_and_withheld_look_inside_structures() -> None:
    """Secrets nested in mappings, lists and other secrets."""
    value = {"a": [Secret({"b": Secret("x")})], "c": 1}
    assert reveal(value) == {"a": [{"b": "x"}], "c": 1}
    assert not has_withheld(value)
    assert has_withheld({"a": [pickle.loads(pickle.dumps(Secret("x")))]})
    assert has_withheld(Secret({"b": pickle.loads(pickle.dumps(Secret("x")))}))


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("<redacted>", True),
        (" [REDACTED] ", True),
        ("••••1234", True),
        ("********", True),
        ({"ciphertext": "x"}, True),
        ({"encrypted": True}, True),
        ({"encrypted": False}, False),
        ("plain", False),
        (3, False),
    ],
)
def test_masks(value: object, masked: bool) -> None:
    assert is_masked(value) is masked


def test_redact_hides_by_key_look_and_mask_at_every_depth() -> None:
    """The display form: secret keys, credential URLs, PEM blocks, masks, `Secret`s."""
    shown = redact(
        {
            "account": "acme",
            "login": {"user": "u", "password": "p", "ssh": {"key": "k"}},
            "dsn": "anything",
            "url": "postgres://u:pw@host/db",
            "pem": "text",
            "cert_text": "-----BEGIN CERTIFICATE-----",
            "notes": ["-----BEGIN RSA PRIVATE KEY-----", "fine"],
            "blob": {"ciphertext": "x"},
            "wrapped": Secret("w"),
        }
    )
    assert shown == {
        "account": "acme",
        "login": {"user": "u", "password": SHOWN, "ssh": SHOWN},
        "dsn": SHOWN,
        "url": SHOWN,
        "pem": SHOWN,
        "cert_text": SHOWN,
        "notes": [SHOWN, "fine"],
        "blob": SHOWN,
        "wrapped": SHOWN,
    }
    assert looks_secret("https://user:pass@example.com") is True
    assert looks_secret("https://example.com/path") is False
    assert contains_masked([{"a": "<redacted>"}]) is True
    assert contains_masked([{"a": "b"}]) is False


def test_dataclasses_asdict_keeps_the_wrapper() -> None:
    """`dataclasses.asdict` deep-copies: the copy holds the wrapper, not the value."""

    @dataclasses.dataclass
    class Holder:
        settings: dict[str, object]

    copied = dataclasses.asdict(Holder({"password": Secret("hunter2")}))
    assert isinstance(copied["settings"]["password"], Secret)
    assert "hunter2" not in repr(copied)
