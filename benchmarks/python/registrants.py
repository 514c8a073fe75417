"""The registrant list as JSON, 100,000 items: the SDK's typed `Registrant` models against
`httpx` (and `requests`) `.json()["data"]`, plain dicts."""

from typing import Any

import httpx
import requests
from harness import Shape, compare
from servers import BENCH_TOKEN, HEADERS, SECRET, big_json_server, list_path

from flow_api import Flow


def list_shape(items: list[Any]) -> Shape:
    """Models or dicts: count, the first item's field names, the last item's email. A null field
    counts as absent: `to_dict()` leaves it out, `.json()` keeps it as None."""

    def fields(item: Any) -> dict[str, Any]:
        return {
            k: v for k, v in (item if isinstance(item, dict) else item.to_dict()).items() if v is not None
        }

    first, last = fields(items[0]), fields(items[-1])
    return Shape(len(items), tuple(sorted(first)), str(last["email"]))


def run() -> list[dict[str, Any]]:
    with big_json_server() as base_url:
        client = Flow(api_secret=SECRET, base_url=base_url)
        http = httpx.Client(headers=HEADERS, timeout=60)
        session = requests.Session()
        url = f"{base_url}{list_path(BENCH_TOKEN)}"

        def with_httpx() -> list[dict[str, Any]]:
            response = http.get(url)
            response.raise_for_status()
            data: list[dict[str, Any]] = response.json()["data"]
            return data

        def with_requests() -> list[dict[str, Any]]:
            response = session.get(url, headers=HEADERS, timeout=60)
            response.raise_for_status()
            data: list[dict[str, Any]] = response.json()["data"]
            return data

        sdk = ("registrants.list(token)", lambda: client.registrants.list(BENCH_TOKEN))
        rows = compare(
            sdk,
            [
                ("py-json", "httpx .json()['data']", with_httpx),
                ("extra-json-requests", "requests .json()['data']", with_requests),
            ],
            list_shape,
        )
        client.close()
        http.close()
        session.close()
        return rows
