"""Many small calls: 500 sequential `events.get` against a requests Session (and an httpx Client),
and 500 concurrent ones (at most 50 in flight) on AsyncFlow against aiohttp. (httpx.AsyncClient,
12-40x slower than both, took half a minute of every run and is no longer measured.)"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import aiohttp
import httpx
import requests
from harness import Shape, compare
from servers import EVENT_TOKEN, HEADERS, SECRET, event_path, event_server

from flow_api import AsyncFlow, Flow

CALLS = 500
IN_FLIGHT = 50

T = TypeVar("T")


def _calls_shape(results: list[Any]) -> Shape:
    """Every result must be the session asked for; the first one's fields are compared."""
    items = [item if isinstance(item, dict) else item.to_dict() for item in results]
    matching = sum(1 for item in items if item["token"] == EVENT_TOKEN)
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


def _sequential(base_url: str) -> list[dict[str, Any]]:
    client = Flow(api_secret=SECRET, base_url=base_url)
    session = requests.Session()
    httpx_client = httpx.Client(headers=HEADERS)
    url = f"{base_url}{event_path(EVENT_TOKEN)}"

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

    sdk = (f"{CALLS} x events.get(token)", lambda: [client.events.get(EVENT_TOKEN) for _ in range(CALLS)])
    rows = compare(
        sdk,
        [("py-small", "requests.Session", with_requests), ("extra-small-httpx", "httpx.Client", with_httpx)],
        _calls_shape,
    )
    client.close()
    session.close()
    httpx_client.close()
    return rows


def _concurrent(base_url: str) -> list[dict[str, Any]]:
    """One event loop for the whole case; clients are created inside it, outside the timing."""
    loop = asyncio.new_event_loop()
    url = f"{base_url}{event_path(EVENT_TOKEN)}"

    async def open_clients() -> tuple[AsyncFlow, aiohttp.ClientSession]:
        return AsyncFlow(api_secret=SECRET, base_url=base_url), aiohttp.ClientSession(headers=HEADERS)

    client, aio = loop.run_until_complete(open_clients())

    async def aiohttp_get() -> dict[str, Any]:
        async with aio.get(url) as response:
            response.raise_for_status()
            return _data(await response.json())

    sdk = (
        f"{CALLS} x AsyncFlow events.get, {IN_FLIGHT} in flight",
        lambda: loop.run_until_complete(_bounded(lambda: client.events.get(EVENT_TOKEN))),
    )
    try:
        return compare(
            sdk,
            [
                (
                    "extra-concurrent-aiohttp",
                    "aiohttp",
                    lambda: loop.run_until_complete(_bounded(aiohttp_get)),
                ),
            ],
            _calls_shape,
        )
    finally:
        loop.run_until_complete(client.close())
        loop.run_until_complete(aio.close())
        loop.close()


def run() -> list[dict[str, Any]]:
    with event_server() as base_url:
        return _sequential(base_url) + _concurrent(base_url)
