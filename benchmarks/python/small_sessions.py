"""1,000 small sessions at 64 in flight: their registrant lists on AsyncFlow, and their CSV reports
through `reports.collect`, each against the same fan-out written on aiohttp."""

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
from harness import Shape, compare
from registrants import list_shape
from servers import HEADERS, SECRET, csv_path, event_path, list_path, small_server

from flow_api import AsyncFlow, Flow

CONCURRENCY = 64

T = TypeVar("T")


@dataclass
class Table:
    """The peer's collected report: the SDK's columns (session token and title first), as dicts."""

    columns: list[str]
    rows: list[dict[str, str]]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict[str, str]:
        return self.rows[index]

    def __iter__(self) -> Iterator[dict[str, str]]:
        return iter(self.rows)


def _collected_shape(report: Any) -> Shape:
    """Every value is read, so a wrong title or a row in the wrong session shows."""
    chars = sum(len(value) for row in report for value in row.values())
    last = report[len(report) - 1]
    sample = f"{last['Session Token']} {last['Email']}, {chars:,} characters in all"
    return Shape(len(report), tuple(report.columns), sample)


def _lists_shape(lists: list[Any]) -> Shape:
    """All lists as one: total count, the first item's fields, the last email."""
    return list_shape([item for items in lists for item in items])


async def _gather(tokens: list[str], call: Callable[[str], Awaitable[T]]) -> list[T]:
    """One call per token through `asyncio.gather`, at most `CONCURRENCY` at a time."""
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(token: str) -> T:
        async with limit:
            return await call(token)

    return await asyncio.gather(*(one(token) for token in tokens))


def run() -> list[dict[str, Any]]:
    with small_server() as (base_url, tokens):
        loop = asyncio.new_event_loop()

        async def open_clients() -> tuple[AsyncFlow, aiohttp.ClientSession]:
            # No connector limit: the semaphore is the only bound, as for the SDK.
            aio = aiohttp.ClientSession(headers=HEADERS, connector=aiohttp.TCPConnector(limit=0))
            return AsyncFlow(api_secret=SECRET, base_url=base_url), aio

        client, aio = loop.run_until_complete(open_clients())
        blocking = Flow(api_secret=SECRET, base_url=base_url)

        async def aiohttp_json(path: str) -> Any:
            async with aio.get(f"{base_url}{path}") as response:
                response.raise_for_status()
                return (await response.json())["data"]

        async def aiohttp_report(token: str) -> list[dict[str, str]]:
            async def rows() -> list[dict[str, str]]:
                async with aio.get(f"{base_url}{csv_path(token)}") as response:
                    response.raise_for_status()
                    return list(csv.DictReader(io.StringIO(await response.text())))

            report, event = await asyncio.gather(rows(), aiohttp_json(event_path(token)))
            return [{"Session Token": token, "Session Title": event["title"], **row} for row in report]

        async def aiohttp_collect() -> Table:
            reports = await _gather(tokens, aiohttp_report)
            columns = list(reports[0][0])
            return Table(columns, [row for rows in reports for row in rows])

        try:
            rows = compare(
                (
                    "gather + Semaphore(64) over AsyncFlow registrants.list",
                    lambda: loop.run_until_complete(_gather(tokens, client.registrants.list)),
                ),
                [
                    (
                        "py-lists",
                        "gather + Semaphore(64) over aiohttp .json()",
                        lambda: loop.run_until_complete(
                            _gather(tokens, lambda t: aiohttp_json(list_path(t)))
                        ),
                    )
                ],
                _lists_shape,
            )
            rows += compare(
                (
                    'reports.collect("registrants", sessions=tokens, concurrency=64)',
                    lambda: blocking.reports.collect("registrants", sessions=tokens, concurrency=CONCURRENCY),
                ),
                [
                    (
                        "py-collect",
                        "aiohttp + csv.DictReader, report and title per session",
                        lambda: loop.run_until_complete(aiohttp_collect()),
                    )
                ],
                _collected_shape,
            )
        finally:
            blocking.close()
            loop.run_until_complete(client.close())
            loop.run_until_complete(aio.close())
            loop.close()
        return rows
