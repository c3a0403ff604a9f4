from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, ShapeError, Unset

T = TypeVar("T", bound="RequestError")


@_attrs_define
class RequestError:
    """One error of an error response.

    Attributes:
        type_ (str): The kind of error, for example `input-validation`.
        message (str | Unset): A human-readable message.
        field (str | Unset): The input field at fault.
        data (Any | Unset): Any JSON the server adds (null included), for example `msBeforeNext` on a 429.
        status (float | Unset): The HTTP status.
    """

    type_: str
    message: str | Unset = UNSET
    field: str | Unset = UNSET
    data: Any | Unset = UNSET
    status: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        message = self.message

        field = self.field

        data = self.data

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message
        if field is not UNSET:
            field_dict["field"] = field
        if data is not UNSET:
            field_dict["data"] = data
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            type_ = src_dict["type"]
        except KeyError:
            raise ShapeError.missing("type") from None
        if type(type_) is not str:
            raise ShapeError("type", "string", type_)

        message = src_dict.get("message", UNSET)
        if message is not UNSET:
            found += 1
            if type(message) is not str:
                raise ShapeError("message", "string", message)

        field = src_dict.get("field", UNSET)
        if field is not UNSET:
            found += 1
            if type(field) is not str:
                raise ShapeError("field", "string", field)

        data = src_dict.get("data", UNSET)
        if data is not UNSET:
            found += 1

        status = src_dict.get("status", UNSET)
        if status is not UNSET:
            found += 1
            if not (
                type(status) is int or (type(status) is float and -_INF < status < _INF)
            ):
                raise ShapeError("status", "a finite number", status)

        request_error = cls.__new__(cls)
        request_error.type_ = type_
        request_error.message = message
        request_error.field = field
        request_error.data = data
        request_error.status = status
        request_error.additional_properties = {}
        if len(src_dict) != found:
            request_error.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _REQUESTERROR_FIELDS
            }
        return request_error

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


_REQUESTERROR_FIELDS = frozenset(
    {
        "type",
        "message",
        "field",
        "data",
        "status",
    }
)
_INF = float("inf")
