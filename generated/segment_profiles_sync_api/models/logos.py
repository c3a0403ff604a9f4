from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
        d = dict(src_dict)
        default = d.pop("default", UNSET)

        def _parse_mark(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mark = _parse_mark(d.pop("mark", UNSET))

        def _parse_alt(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        alt = _parse_alt(d.pop("alt", UNSET))

        logos = cls(
            default=default,
            mark=mark,
            alt=alt,
        )

        logos.additional_properties = d
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
