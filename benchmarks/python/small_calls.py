"""Many small calls: 500 sequential `events.get` against a requests Session and an httpx Client,
and 500 concurrent ones (at most 50 in flight) on AsyncFlow against aiohttp and httpx.AsyncClient."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import httpx
import requests
from harness import Row, Shape, compare
from mock_server import SECRET, Mock

from flow_api import AsyncFlow, Flow

CALLS = 500
IN_FLIGHT = 50
REPEATS = 5
TOKEN = "LKo586mmk7g"
HEADERS = {"api-secret": SECRET}

T = TypeVar("T")


def _calls_shape(results: list[Any]) -> Shape:
    """Every result must be the session asked for; the first one's fields are compared."""
    items = [item if isinstance(item, dict) else item.to_dict() for item in results]
    matching = sum(1 for item in items if item["token"] == TOKEN)
    return Shape(matching, tuple(sorted(items[0])), str(items[-1]["title"]))


def _data(body: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = body["data"]
    return data


async def _bounded(call: Callable[[], Awaitable[T]]) -> list[T]:
    """`CALLS` calls through `asyncio.gather`, at most `IN_FLIGHT` at a time."""
    limit = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> T:
        async with limit:
            return await call()

    return await asyncio.gather(*(one() for _ in range(CALLS)))


def _sequential(mock: Mock) -> list[Row]:
    client = Flow(api_secret=SECRET, base_url=mock.base_url)
    session = requests.Session()
    httpx_client = httpx.Client(headers=HEADERS)
    url = f"{mock.base_url}/events/sessions/{TOKEN}"

    def with_requests() -> list[dict[str, Any]]:
        results = []
        for _ in range(CALLS):
            response = session.get(url, headers=HEADERS, timeout=30)
            response.raise_for_status()
            results.append(_data(response.json()))
        return results

    def with_httpx() -> list[dict[str, Any]]:
        results = []
        for _ in range(CALLS):
            response = httpx_client.get(url)
            response.raise_for_status()
            results.append(_data(response.json()))
        return results

    rows = compare(
        f"{CALLS} sequential events.get",
        REPEATS,
        lambda: [client.events.get(TOKEN) for _ in range(CALLS)],
        {"requests.Session": with_requests, "httpx.Client": with_httpx},
        _calls_shape,
    )
    client.close()
    session.close()
    httpx_client.close()
    return rows


def _concurrent(mock: Mock) -> list[Row]:
    """One event loop for the whole case; clients are created inside it, outside the timing."""
    loop = asyncio.new_event_loop()
    url = f"{mock.base_url}/events/sessions/{TOKEN}"

    async def open_clients() -> tuple[AsyncFlow, aiohttp.ClientSession, httpx.AsyncClient]:
        return (
            AsyncFlow(api_secret=SECRET, base_url=mock.base_url),
            aiohttp.ClientSession(headers=HEADERS),
            httpx.AsyncClient(headers=HEADERS),
        )

    client, aio, httpx_client = loop.run_until_complete(open_clients())

    async def aiohttp_get() -> dict[str, Any]:
        async with aio.get(url) as response:
            response.raise_for_status()
            return _data(await response.json())

    async def httpx_get() -> dict[str, Any]:
        response = await httpx_client.get(url)
        response.raise_for_status()
        return _data(response.json())

    try:
        return compare(
            f"{CALLS} concurrent events.get ({IN_FLIGHT} in flight)",
            REPEATS,
            lambda: loop.run_until_complete(_bounded(lambda: client.events.get(TOKEN))),
            {
                "aiohttp": lambda: loop.run_until_complete(_bounded(aiohttp_get)),
                "httpx.AsyncClient": lambda: loop.run_until_complete(_bounded(httpx_get)),
            },
            _calls_shape,
        )
    finally:
        loop.run_until_complete(client.close())
        loop.run_until_complete(aio.close())
        loop.run_until_complete(httpx_client.aclose())
        loop.close()


def run() -> list[Row]:
    with Mock() as mock:
        return _sequential(mock) + _concurrent(mock)
