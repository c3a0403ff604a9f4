from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.integration_option import IntegrationOption
    from ..models.logos import Logos


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
        from ..models.integration_option import IntegrationOption
        from ..models.logos import Logos

        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        slug = d.pop("slug")

        description = d.pop("description")

        logos = Logos.from_dict(d.pop("logos"))

        options = []
        _options = d.pop("options")
        for options_item_data in _options:
            options_item = IntegrationOption.from_dict(options_item_data)

            options.append(options_item)

        warehouse_metadata = cls(
            id=id,
            name=name,
            slug=slug,
            description=description,
            logos=logos,
            options=options,
        )

        warehouse_metadata.additional_properties = d
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
