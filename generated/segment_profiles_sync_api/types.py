"""Contains some shared types for properties"""

from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from http import HTTPStatus
from typing import IO, Any, BinaryIO, ClassVar, Generic, Literal, TypeVar

from attrs import define


class Unset:
    """The type of `UNSET`: "this optional field was not given" (unlike `None`, JSON null).

    One instance only: `Unset()`, `copy.copy`, `copy.deepcopy` and pickling all give back
    `UNSET` itself, so `isinstance` checks, equality and `to_dict()` keep working on copies.
    """

    _instance: ClassVar["Unset | None"] = None

    def __new__(cls) -> "Unset":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __reduce__(self) -> str:
        return "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()


class ShapeError(ValueError):
    """A value in an answer that does not have its documented type, found while parsing.

    `path` is where, in wire names (`data.profilesWarehouses[3].metadata.options[0].required`);
    `expected` says what the spec allows and `value` is what came. The message names the
    value's type, never a string value (it could be a secret), except the value of an enum
    field, which is a status word the spec does not list yet. Each enclosing `from_dict` adds
    its field name on the way out, so the path costs nothing while parsing succeeds.
    """

    def __init__(
        self, segment: str, expected: str | None, value: object = None
    ) -> None:
        self.segments = [segment] if segment else []
        self.expected = expected
        self.value = value
        super().__init__(segment, expected)

    @classmethod
    def missing(cls, segment: str) -> "ShapeError":
        return cls(segment, None)

    def within(self, segment: str) -> "ShapeError":
        """The same error, one level further out (called by the enclosing parser)."""
        self.segments.append(segment)
        return self

    @property
    def path(self) -> str:
        text = ""
        for segment in reversed(self.segments):
            text += segment if segment.startswith("[") or not text else "." + segment
        return text or "(the body)"

    def __str__(self) -> str:
        if self.expected is None:
            return f"{self.path}: required field is missing"
        got = type(self.value).__name__
        if isinstance(self.value, float) and not -_INF < self.value < _INF:
            got = repr(self.value)  # nan, inf
        elif self.expected.startswith("one of ") and isinstance(self.value, str):
            got = repr(self.value)
        return f"{self.path}: expected {self.expected}, got {got}"

    def __reduce__(self) -> "tuple[object, ...]":
        return (_rebuild_shape_error, (self.segments, self.expected, self.value))


_INF = float("inf")


def _rebuild_shape_error(
    segments: list[str], expected: str | None, value: object
) -> ShapeError:
    error = ShapeError("", expected, value)
    error.segments = list(segments)
    return error


# segment-profiles-sync: models marked `x-parse-once` in the spec (a catalog entry repeated on
# every item of a page) parse each distinct value once inside `parsing_each_value_once()`.
# Values are told apart by `==` on the decoded JSON, so a value equal to one already checked
# is not checked again; Python's `==` holds `true == 1 == 1.0`, the one difference of JSON
# type this lets through. A scope, not a cache: outside the block every value is parsed, and
# nothing parsed in one block is handed out in another.
_PARSED_ONCE: ContextVar["dict[type, list[tuple[Any, Any]]] | None"] = ContextVar(
    "segment_profiles_sync_api_parsed_once", default=None
)
PARSED_ONCE_KEPT = (
    16  # distinct values remembered per model and block; more are parsed each time
)


@contextmanager
def parsing_each_value_once() -> Iterator[None]:
    """Within this block, equal values of an `x-parse-once` model parse to one shared object."""
    token = _PARSED_ONCE.set({})
    try:
        yield
    finally:
        _PARSED_ONCE.reset(token)


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "ShapeError",
    "Unset",
    "parsing_each_value_once",
]
