from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.remove_profiles_warehouse_from_space_200_response import (
    RemoveProfilesWarehouseFromSpace200Response,
)
from ...models.request_error_envelope import RequestErrorEnvelope
from ...types import Response


def _get_kwargs(
    space_id: str,
    warehouse_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/spaces/{space_id}/profiles-warehouses/{warehouse_id}".format(
            space_id=quote(str(space_id), safe=""),
            warehouse_id=quote(str(warehouse_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = RemoveProfilesWarehouseFromSpace200Response.from_dict(
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
) -> Response[RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope]:
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
) -> Response[RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope]:
    """Remove Profiles Warehouse from Space

     Deletes an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Deleted` event in
      the audit trail.

    Args:
        space_id (str):
        warehouse_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
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
) -> RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope | None:
    """Remove Profiles Warehouse from Space

     Deletes an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Deleted` event in
      the audit trail.

    Args:
        space_id (str):
        warehouse_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope
    """

    return sync_detailed(
        space_id=space_id,
        warehouse_id=warehouse_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope]:
    """Remove Profiles Warehouse from Space

     Deletes an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Deleted` event in
      the audit trail.

    Args:
        space_id (str):
        warehouse_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope | None:
    """Remove Profiles Warehouse from Space

     Deletes an existing Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Deleted` event in
      the audit trail.

    Args:
        space_id (str):
        warehouse_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        RemoveProfilesWarehouseFromSpace200Response | RequestErrorEnvelope
    """

    return (
        await asyncio_detailed(
            space_id=space_id,
            warehouse_id=warehouse_id,
            client=client,
        )
    ).parsed
