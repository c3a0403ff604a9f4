from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_selective_syncs_from_warehouse_and_space_200_response import (
    ListSelectiveSyncsFromWarehouseAndSpace200Response,
)
from ...models.request_error_envelope import RequestErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    space_id: str,
    warehouse_id: str,
    *,
    pagination_count: int | Unset = UNSET,
    pagination_cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pagination.count"] = pagination_count

    params["pagination.cursor"] = pagination_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/spaces/{space_id}/profiles-warehouses/{warehouse_id}/selective-syncs".format(
            space_id=quote(str(space_id), safe=""),
            warehouse_id=quote(str(warehouse_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope | None:
    if response.status_code == 200:
        response_200 = ListSelectiveSyncsFromWarehouseAndSpace200Response.from_dict(
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
    ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope
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
    pagination_count: int | Unset = UNSET,
    pagination_cursor: str | Unset = UNSET,
) -> Response[
    ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope
]:
    """List Selective Syncs from Warehouse And Space

     Returns the schema for a Space Warehouse connection, including Collections and
    Properties.

    Args:
        space_id (str):
        warehouse_id (str):
        pagination_count (int | Unset):
        pagination_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
        pagination_count=pagination_count,
        pagination_cursor=pagination_cursor,
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
    pagination_count: int | Unset = UNSET,
    pagination_cursor: str | Unset = UNSET,
) -> ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope | None:
    """List Selective Syncs from Warehouse And Space

     Returns the schema for a Space Warehouse connection, including Collections and
    Properties.

    Args:
        space_id (str):
        warehouse_id (str):
        pagination_count (int | Unset):
        pagination_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope
    """

    return sync_detailed(
        space_id=space_id,
        warehouse_id=warehouse_id,
        client=client,
        pagination_count=pagination_count,
        pagination_cursor=pagination_cursor,
    ).parsed


async def asyncio_detailed(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    pagination_count: int | Unset = UNSET,
    pagination_cursor: str | Unset = UNSET,
) -> Response[
    ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope
]:
    """List Selective Syncs from Warehouse And Space

     Returns the schema for a Space Warehouse connection, including Collections and
    Properties.

    Args:
        space_id (str):
        warehouse_id (str):
        pagination_count (int | Unset):
        pagination_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        warehouse_id=warehouse_id,
        pagination_count=pagination_count,
        pagination_cursor=pagination_cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    space_id: str,
    warehouse_id: str,
    *,
    client: AuthenticatedClient | Client,
    pagination_count: int | Unset = UNSET,
    pagination_cursor: str | Unset = UNSET,
) -> ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope | None:
    """List Selective Syncs from Warehouse And Space

     Returns the schema for a Space Warehouse connection, including Collections and
    Properties.

    Args:
        space_id (str):
        warehouse_id (str):
        pagination_count (int | Unset):
        pagination_cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ListSelectiveSyncsFromWarehouseAndSpace200Response | RequestErrorEnvelope
    """

    return (
        await asyncio_detailed(
            space_id=space_id,
            warehouse_id=warehouse_id,
            client=client,
            pagination_count=pagination_count,
            pagination_cursor=pagination_cursor,
        )
    ).parsed
