from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.request_error_envelope import RequestErrorEnvelope
from ...models.update_profiles_warehouse_for_space_warehouse_200_response import (
    UpdateProfilesWarehouseForSpaceWarehouse200Response,
)
from ...models.update_profiles_warehouse_for_space_warehouse_alpha_input import (
    UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
)
from ...types import Response


def _get_kwargs(
    space_id: str,
    warehouse_id: str,
    *,
    body: UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/spaces/{space_id}/profiles-warehouses/{warehouse_id}".format(
            space_id=quote(str(space_id), safe=""),
            warehouse_id=quote(str(warehouse_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/vnd.segment.v1alpha+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response | None:
    if response.status_code == 200:
        response_200 = UpdateProfilesWarehouseForSpaceWarehouse200Response.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 401:
        response_401 = RequestErrorEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = RequestErrorEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = RequestErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = RequestErrorEnvelope.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
) -> Response[
    RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response
]:
    """Update Profiles Warehouse for Space Warehouse

     Updates an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Updated` event in
      the audit trail.

    `settings` is required even on this PATCH; `{}` changes no setting.

    Args:
        space_id (str):
        warehouse_id (str):
        body (UpdateProfilesWarehouseForSpaceWarehouseAlphaInput): Input to update a Profiles
            Warehouse. `settings` is required, `{}` allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
) -> RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response | None:
    """Update Profiles Warehouse for Space Warehouse

     Updates an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Updated` event in
      the audit trail.

    `settings` is required even on this PATCH; `{}` changes no setting.

    Args:
        space_id (str):
        warehouse_id (str):
        body (UpdateProfilesWarehouseForSpaceWarehouseAlphaInput): Input to update a Profiles
            Warehouse. `settings` is required, `{}` allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response
    """

    return sync_detailed(
        space_id=space_id,
        warehouse_id=warehouse_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
) -> Response[
    RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response
]:
    """Update Profiles Warehouse for Space Warehouse

     Updates an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Updated` event in
      the audit trail.

    `settings` is required even on this PATCH; `{}` changes no setting.

    Args:
        space_id (str):
        warehouse_id (str):
        body (UpdateProfilesWarehouseForSpaceWarehouseAlphaInput): Input to update a Profiles
            Warehouse. `settings` is required, `{}` allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UpdateProfilesWarehouseForSpaceWarehouseAlphaInput,
) -> RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response | None:
    """Update Profiles Warehouse for Space Warehouse

     Updates an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Updated` event in
      the audit trail.

    `settings` is required even on this PATCH; `{}` changes no setting.

    Args:
        space_id (str):
        warehouse_id (str):
        body (UpdateProfilesWarehouseForSpaceWarehouseAlphaInput): Input to update a Profiles
            Warehouse. `settings` is required, `{}` allowed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        RequestErrorEnvelope | UpdateProfilesWarehouseForSpaceWarehouse200Response
    """

    return (
        await asyncio_detailed(
            space_id=space_id,
            warehouse_id=warehouse_id,
            client=client,
            body=body,
        )
    ).parsed
