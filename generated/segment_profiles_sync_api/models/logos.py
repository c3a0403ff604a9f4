from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="Logos")


@_attrs_define
class Logos:
    """Logos of a warehouse kind. Upstream marks `default` required, but Segment's own samples
    omit it, so it is optional here.

        Attributes:
            default (str | Unset): The default URL for this logo.
            mark (None | str | Unset): The logo mark.
            alt (None | str | Unset): The alternative text for this logo.
    """

    default: str | Unset = UNSET
    mark: None | str | Unset = UNSET
    alt: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        default = self.default

        mark: None | str | Unset
        if isinstance(self.mark, Unset):
            mark = UNSET
        else:
            mark = self.mark

        alt: None | str | Unset
        if isinstance(self.alt, Unset):
            alt = UNSET
        else:
            alt = self.alt

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if default is not UNSET:
            field_dict["default"] = default
        if mark is not UNSET:
            field_dict["mark"] = mark
        if alt is not UNSET:
            field_dict["alt"] = alt

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 0
        default = src_dict.get("default", UNSET)
        if default is not UNSET:
            found += 1
            if type(default) is not str:
                raise ShapeError("default", "string", default)

        mark = src_dict.get("mark", UNSET)
        if mark is not UNSET:
            found += 1
            if mark is not None:
                if type(mark) is not str:
                    raise ShapeError("mark", "string", mark)

        alt = src_dict.get("alt", UNSET)
        if alt is not UNSET:
            found += 1
            if alt is not None:
                if type(alt) is not str:
                    raise ShapeError("alt", "string", alt)

        logos = cls.__new__(cls)
        logos.default = default
        logos.mark = mark
        logos.alt = alt
        logos.additional_properties = {}
        if len(src_dict) != found:
            logos.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _LOGOS_FIELDS
            }
        return logos

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


_LOGOS_FIELDS = frozenset(
    {
        "default",
        "mark",
        "alt",
    }
)
_INF = float("inf")
