from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="PaginationOutput")


@_attrs_define
class PaginationOutput:
    """Where a page stands in a paginated list.

    Attributes:
        current (str): The cursor of this page.
        next_ (None | str | Unset): The cursor of the next page; absent or null on the last page.
        previous (None | str | Unset): The cursor of the previous page; null on the first page.
        total_entries (float | Unset): The total number of entries, when it is cheap to count.
    """

    current: str
    next_: None | str | Unset = UNSET
    previous: None | str | Unset = UNSET
    total_entries: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current = self.current

        next_: None | str | Unset
        if isinstance(self.next_, Unset):
            next_ = UNSET
        else:
            next_ = self.next_

        previous: None | str | Unset
        if isinstance(self.previous, Unset):
            previous = UNSET
        else:
            previous = self.previous

        total_entries = self.total_entries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
            }
        )
        if next_ is not UNSET:
            field_dict["next"] = next_
        if previous is not UNSET:
            field_dict["previous"] = previous
        if total_entries is not UNSET:
            field_dict["totalEntries"] = total_entries

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            current = src_dict["current"]
        except KeyError:
            raise ShapeError.missing("current") from None
        if type(current) is not str:
            raise ShapeError("current", "string", current)

        next_ = src_dict.get("next", UNSET)
        if next_ is not UNSET:
            found += 1
            if next_ is not None:
                if type(next_) is not str:
                    raise ShapeError("next", "string", next_)

        previous = src_dict.get("previous", UNSET)
        if previous is not UNSET:
            found += 1
            if previous is not None:
                if type(previous) is not str:
                    raise ShapeError("previous", "string", previous)

        total_entries = src_dict.get("totalEntries", UNSET)
        if total_entries is not UNSET:
            found += 1
            if not (
                type(total_entries) is int
                or (type(total_entries) is float and -_INF < total_entries < _INF)
            ):
                raise ShapeError("totalEntries", "a finite number", total_entries)

        pagination_output = cls.__new__(cls)
        pagination_output.current = current
        pagination_output.next_ = next_
        pagination_output.previous = previous
        pagination_output.total_entries = total_entries
        pagination_output.additional_properties = {}
        if len(src_dict) != found:
            pagination_output.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _PAGINATIONOUTPUT_FIELDS
            }
        return pagination_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


_PAGINATIONOUTPUT_FIELDS = frozenset(
    {
        "current",
        "next",
        "previous",
        "totalEntries",
    }
)
_INF = float("inf")
