from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import ShapeError

T = TypeVar("T", bound="RequestErrorEnvelope")


@_attrs_define
class RequestErrorEnvelope:
    """The body of every error response.

    Attributes:
        errors (list[RequestError]):
    """

    errors: list[RequestError]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        found = 1
        try:
            errors = src_dict["errors"]
        except KeyError:
            raise ShapeError.missing("errors") from None
        if type(errors) is not list:
            raise ShapeError("errors", "array", errors)
        try:
            errors = [RequestError.from_dict(item) for item in errors]
        except ShapeError as error:
            for index, item in enumerate(errors):
                try:
                    RequestError.from_dict(item)
                except ShapeError:
                    raise error.within("[%d]" % index).within("errors") from None
            raise

        request_error_envelope = cls.__new__(cls)
        request_error_envelope.errors = errors
        request_error_envelope.additional_properties = {}
        if len(src_dict) != found:
            request_error_envelope.additional_properties = {
                k: v
                for k, v in src_dict.items()
                if k not in _REQUESTERRORENVELOPE_FIELDS
            }
        return request_error_envelope

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


_REQUESTERRORENVELOPE_FIELDS = frozenset(
    {
        "errors",
    }
)
_INF = float("inf")
from ..models.request_error import RequestError
