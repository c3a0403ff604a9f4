from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_profiles_warehouse_201_response import (
    CreateProfilesWarehouse201Response,
)
from ...models.create_profiles_warehouse_alpha_input import (
    CreateProfilesWarehouseAlphaInput,
)
from ...models.request_error_envelope import RequestErrorEnvelope
from ...types import Response


def _get_kwargs(
    space_id: str,
    *,
    body: CreateProfilesWarehouseAlphaInput,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/spaces/{space_id}/profiles-warehouses".format(
            space_id=quote(str(space_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/vnd.segment.v1alpha+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreateProfilesWarehouse201Response | RequestErrorEnvelope | None:
    if response.status_code == 201:
        response_201 = CreateProfilesWarehouse201Response.from_dict(response.json())

        return response_201

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
) -> Response[CreateProfilesWarehouse201Response | RequestErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    space_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProfilesWarehouseAlphaInput,
) -> Response[CreateProfilesWarehouse201Response | RequestErrorEnvelope]:
    """Create Profiles Warehouse

     Creates a new Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Created` event in
      the audit trail.

    The API has no idempotency keys: a create that is retried after the server processed it
    makes a second warehouse.

    Args:
        space_id (str):
        body (CreateProfilesWarehouseAlphaInput): Input to create a Profiles Warehouse.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateProfilesWarehouse201Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    space_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProfilesWarehouseAlphaInput,
) -> CreateProfilesWarehouse201Response | RequestErrorEnvelope | None:
    """Create Profiles Warehouse

     Creates a new Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Created` event in
      the audit trail.

    The API has no idempotency keys: a create that is retried after the server processed it
    makes a second warehouse.

    Args:
        space_id (str):
        body (CreateProfilesWarehouseAlphaInput): Input to create a Profiles Warehouse.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateProfilesWarehouse201Response | RequestErrorEnvelope
    """

    return sync_detailed(
        space_id=space_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    space_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProfilesWarehouseAlphaInput,
) -> Response[CreateProfilesWarehouse201Response | RequestErrorEnvelope]:
    """Create Profiles Warehouse

     Creates a new Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Created` event in
      the audit trail.

    The API has no idempotency keys: a create that is retried after the server processed it
    makes a second warehouse.

    Args:
        space_id (str):
        body (CreateProfilesWarehouseAlphaInput): Input to create a Profiles Warehouse.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreateProfilesWarehouse201Response | RequestErrorEnvelope]
    """

    kwargs = _get_kwargs(
        space_id=space_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    space_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateProfilesWarehouseAlphaInput,
) -> CreateProfilesWarehouse201Response | RequestErrorEnvelope | None:
    """Create Profiles Warehouse

     Creates a new Profiles Warehouse.

    - When called, this endpoint may generate the `Profiles Sync Warehouse Created` event in
      the audit trail.

    The API has no idempotency keys: a create that is retried after the server processed it
    makes a second warehouse.

    Args:
        space_id (str):
        body (CreateProfilesWarehouseAlphaInput): Input to create a Profiles Warehouse.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreateProfilesWarehouse201Response | RequestErrorEnvelope
    """

    return (
        await asyncio_detailed(
            space_id=space_id,
            client=client,
            body=body,
        )
    ).parsed
