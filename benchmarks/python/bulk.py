"""Bulk registration: 10,000 rows through `AsyncFlow.registrants.create_many`, against the
`asyncio.gather` + semaphore loop a user would write over `AsyncFlow` or over aiohttp. It writes,
so it runs against the mock only, never under `BENCH_BASE_URL`."""

import asyncio
import itertools
from typing import Any

import aiohttp
from harness import Shape, compare
from servers import Mock

from flow_api import AsyncFlow

ROWS = 10_000
CONCURRENCY = 16
REPEATS = 3
SESSION = "T35tT0K3n"

# Every call registers new people, so the server answers "created" every time, never "existing".
_runs = itertools.count()


def _people() -> list[dict[str, str]]:
    run = next(_runs)
    return [
        {"email": f"b{run}-{i}@bulk.example", "first_name": f"F{i}", "last_name": "Bulk"} for i in range(ROWS)
    ]


def _shape(created: int) -> Shape:
    return Shape(rows=created, columns=("created",), sample="every row created")


def run() -> list[dict[str, Any]]:
    with Mock() as mock:
        loop = asyncio.new_event_loop()

        async def open_clients() -> tuple[AsyncFlow, aiohttp.ClientSession]:
            return AsyncFlow(base_url=mock.base_url, api_secret=""), aiohttp.ClientSession()

        client, aio = loop.run_until_complete(open_clients())

        async def sdk() -> int:
            result = await client.registrants.create_many(
                _people(), session_token=SESSION, concurrency=CONCURRENCY
            )
            return result.created

        async def gathered(register: Any) -> int:
            limit = asyncio.Semaphore(CONCURRENCY)

            async def one(person: dict[str, str]) -> bool:
                async with limit:
                    return bool(await register(person))

            return sum(await asyncio.gather(*(one(p) for p in _people())))

        async def with_asyncflow(person: dict[str, str]) -> bool | None:
            registration = await client.registrants.create(
                SESSION, person["email"], person["first_name"], person["last_name"]
            )
            return registration.is_new

        async def with_aiohttp(person: dict[str, str]) -> bool:
            body = {
                "email": person["email"],
                "firstName": person["first_name"],
                "lastName": person["last_name"],
                "eventSessionToken": SESSION,
            }
            async with aio.post(f"{mock.base_url}/registrants", json=body) as response:
                response.raise_for_status()
                return bool((await response.json())["data"]["isNew"])

        try:
            rows = compare(
                (
                    f"create_many, {ROWS:,} rows, {CONCURRENCY} in flight",
                    lambda: loop.run_until_complete(sdk()),
                ),
                [
                    (
                        "extra-bulk-asyncflow",
                        "asyncio.gather + semaphore over AsyncFlow",
                        lambda: loop.run_until_complete(gathered(with_asyncflow)),
                    ),
                    (
                        "extra-bulk-aiohttp",
                        "asyncio.gather + semaphore over aiohttp",
                        lambda: loop.run_until_complete(gathered(with_aiohttp)),
                    ),
                ],
                _shape,
                REPEATS,
            )
        finally:
            loop.run_until_complete(client.close())
            loop.run_until_complete(aio.close())
            loop.close()
    for row in rows[:1]:
        print(f"  create_many: {ROWS / row['sdk_ms'] * 1000:,.0f} rows/s", flush=True)
    for row in rows:
        print(f"  {row['peer']}: {ROWS / row['peer_ms'] * 1000:,.0f} rows/s", flush=True)
    return rows
