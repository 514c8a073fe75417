"""Where the benchmarks send their requests. Without `BENCH_BASE_URL`: release `flow-mock`
processes started here, so the server's work never lands in the measured process. With it: any
server answering the same URLs; `make bench-static` serves bytes dumped from the mock with nginx,
so the client is all that is measured. `benchmarks/static/dump.py` fetches `urls()` from here."""

import asyncio
import os
import subprocess
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
import requests
from typing_extensions import Self

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "release" / "flow-mock"
BASE_URL = os.environ.get("BENCH_BASE_URL", "").rstrip("/")
SECRET = "sandbox-secret"
HEADERS = {"api-secret": SECRET}

# The data issue 11 measured.
BENCH_TOKEN = "B3nchT0k3n"
CSV_ROWS = 200_000
JSON_ROWS = 100_000
EVENT_TOKEN = "LKo586mmk7g"
SMALL_SESSIONS = 1_000
SMALL_REGISTRANTS = 3
SMALL_TITLE = "Benchmark small session"
# How the small sessions are found again, on the mock or on a static copy of it.
SESSIONS_PATH = "/events/sessions?period=past"


def csv_path(token: str) -> str:
    return f"/reports/events/sessions/csv/registrants/{token}"


def list_path(token: str) -> str:
    return f"/reports/events/sessions/registrants/{token}"


def event_path(token: str) -> str:
    return f"/events/sessions/{token}"


class Mock:
    """`with Mock(bench_registrants=N) as mock:` gives `mock.base_url` on a free loopback port."""

    def __init__(self, bench_registrants: int = 0, *, wide_csv: bool = False) -> None:
        args = [
            str(BINARY),
            "--port",
            "0",
            "--api-secret",
            SECRET,
            "--bench-registrants",
            str(bench_registrants),
        ]
        self._process = subprocess.Popen(
            [*args, "--bench-wide-csv"] if wide_csv else args, stdout=subprocess.PIPE, text=True
        )
        assert self._process.stdout is not None
        first = self._process.stdout.readline().strip()
        if not first.startswith("FLOW_BASE_URL="):
            self._process.kill()
            raise RuntimeError(f"flow-mock did not print its address (got {first!r})")
        self.base_url = first.removeprefix("FLOW_BASE_URL=")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)


@contextmanager
def _server(bench_registrants: int = 0, *, wide_csv: bool = False) -> Iterator[str]:
    if BASE_URL:
        yield BASE_URL
        return
    with Mock(bench_registrants, wide_csv=wide_csv) as mock:
        yield mock.base_url


def big_csv_server() -> AbstractContextManager[str]:
    """The 200,000-row, 14-column registrants CSV of `BENCH_TOKEN`."""
    return _server(CSV_ROWS, wide_csv=True)


def big_json_server() -> AbstractContextManager[str]:
    """The 100,000-item registrant list of `BENCH_TOKEN`."""
    return _server(JSON_ROWS)


def event_server() -> AbstractContextManager[str]:
    """The seeded event `EVENT_TOKEN`."""
    return _server()


@contextmanager
def small_server() -> Iterator[tuple[str, list[str]]]:
    """The seeded event `EVENT_TOKEN`, and `SMALL_SESSIONS` sessions of `SMALL_REGISTRANTS` people
    each, made through the API on a fresh mock (the mock seeds only nine sessions)."""
    with _server() as base_url:
        if not BASE_URL:
            _add_small_sessions(base_url)
        yield base_url, small_tokens(base_url)


def _add_small_sessions(base_url: str) -> None:
    """Through the API, 64 sessions at a time (set-up, not timed)."""

    async def add_all() -> None:
        limit = asyncio.Semaphore(64)
        async with aiohttp.ClientSession(headers=HEADERS) as http:

            async def post(path: str, body: dict[str, Any]) -> Any:
                async with http.post(f"{base_url}{path}", json=body) as response:
                    response.raise_for_status()
                    return (await response.json())["data"]

            async def add(s: int) -> None:
                async with limit:
                    event = {
                        "creatorID": 1001,
                        "title": f"{SMALL_TITLE} {s:04}",
                        "description": "",
                        "date": "2026-01-05",
                        "time": "10:00:00",
                        "timezone": "UTC",
                        "operators": [],
                    }
                    token = (await post("/event", event))["token"]
                    for p in range(SMALL_REGISTRANTS):
                        person = {
                            "email": f"p{p}.s{s}@small.example",
                            "firstName": f"P{p}",
                            "lastName": f"S{s}",
                            "eventSessionToken": token,
                        }
                        await post("/registrants", person)

            await asyncio.gather(*(add(s) for s in range(SMALL_SESSIONS)))

    asyncio.run(add_all())


def small_tokens(base_url: str) -> list[str]:
    """The small sessions' tokens, in title order."""
    response = requests.get(f"{base_url}{SESSIONS_PATH}", headers=HEADERS, timeout=30)
    response.raise_for_status()
    titled = sorted(
        (s["title"], s["token"]) for s in response.json()["data"] if s["title"].startswith(SMALL_TITLE)
    )
    if len(titled) != SMALL_SESSIONS:
        raise RuntimeError(
            f"{base_url} has {len(titled)} sessions titled {SMALL_TITLE!r}, not {SMALL_SESSIONS}"
        )
    return [token for _, token in titled]


def urls() -> Iterator[tuple[str, str]]:
    """Every (base URL, path) the benchmarks read, servers started as needed: what a static copy
    must hold."""
    with big_csv_server() as base_url:
        yield base_url, csv_path(BENCH_TOKEN)
    with big_json_server() as base_url:
        yield base_url, list_path(BENCH_TOKEN)
    with small_server() as (base_url, tokens):
        yield base_url, event_path(EVENT_TOKEN)
        yield base_url, SESSIONS_PATH
        for token in tokens:
            yield base_url, list_path(token)
            yield base_url, csv_path(token)
            yield base_url, event_path(token)
