from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import _PARSED_ONCE, PARSED_ONCE_KEPT, ShapeError

T = TypeVar("T", bound="WarehouseMetadata")


@_attrs_define
class WarehouseMetadata:
    """The catalog entry of a kind of warehouse.

    Attributes:
        id (str): The id of this object.
        name (str): The name of this object.
        slug (str): A human-readable, unique identifier for object.
        description (str): A description, in English, of this object.
        logos (Logos): Logos of a warehouse kind. Upstream marks `default` required, but Segment's own samples
            omit it, so it is optional here.
        options (list[IntegrationOption]): Options for this Warehouse.
    """

    id: str
    name: str
    slug: str
    description: str
    logos: Logos
    options: list[IntegrationOption]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        slug = self.slug

        description = self.description

        logos = self.logos.to_dict()

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "slug": slug,
                "description": description,
                "logos": logos,
                "options": options,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        if type(src_dict) is not dict:
            raise ShapeError("", "object", src_dict)
        parsed_once = _PARSED_ONCE.get()
        if parsed_once is not None:
            seen = parsed_once.setdefault(cls, [])
            for raw, parsed in seen:
                if raw == src_dict:
                    return parsed  # type: ignore[no-any-return]
        found = 6
        try:
            id = src_dict["id"]
        except KeyError:
            raise ShapeError.missing("id") from None
        if type(id) is not str:
            raise ShapeError("id", "string", id)

        try:
            name = src_dict["name"]
        except KeyError:
            raise ShapeError.missing("name") from None
        if type(name) is not str:
            raise ShapeError("name", "string", name)

        try:
            slug = src_dict["slug"]
        except KeyError:
            raise ShapeError.missing("slug") from None
        if type(slug) is not str:
            raise ShapeError("slug", "string", slug)

        try:
            description = src_dict["description"]
        except KeyError:
            raise ShapeError.missing("description") from None
        if type(description) is not str:
            raise ShapeError("description", "string", description)

        try:
            logos = src_dict["logos"]
        except KeyError:
            raise ShapeError.missing("logos") from None
        try:
            logos = Logos.from_dict(logos)
        except ShapeError as error:
            raise error.within("logos") from None

        try:
            options = src_dict["options"]
        except KeyError:
            raise ShapeError.missing("options") from None
        if type(options) is not list:
            raise ShapeError("options", "array", options)
        try:
            options = [IntegrationOption.from_dict(item) for item in options]
        except ShapeError as error:
            for index, item in enumerate(options):
                try:
                    IntegrationOption.from_dict(item)
                except ShapeError:
                    raise error.within("[%d]" % index).within("options") from None
            raise

        warehouse_metadata = cls.__new__(cls)
        warehouse_metadata.id = id
        warehouse_metadata.name = name
        warehouse_metadata.slug = slug
        warehouse_metadata.description = description
        warehouse_metadata.logos = logos
        warehouse_metadata.options = options
        warehouse_metadata.additional_properties = {}
        if len(src_dict) != found:
            warehouse_metadata.additional_properties = {
                k: v for k, v in src_dict.items() if k not in _WAREHOUSEMETADATA_FIELDS
            }
        if parsed_once is not None and len(seen) < PARSED_ONCE_KEPT:
            seen.append((src_dict, warehouse_metadata))
        return warehouse_metadata

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


_WAREHOUSEMETADATA_FIELDS = frozenset(
    {
        "id",
        "name",
        "slug",
        "description",
        "logos",
        "options",
    }
)
_INF = float("inf")
from ..models.integration_option import IntegrationOption
from ..models.logos import Logos
