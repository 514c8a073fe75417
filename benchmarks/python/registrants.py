"""The registrant list as JSON, 100,000 rows: the SDK's typed `Registrant` models against
`requests.get(...).json()["data"]` (plain dicts)."""

from typing import Any

import requests
from harness import Row, Shape, compare
from mock_server import BENCH_TOKEN, SECRET, Mock

from flow_api import Flow

ROWS = 100_000
REPEATS = 5


def _list_shape(items: list[Any]) -> Shape:
    def fields(item: Any) -> dict[str, Any]:
        return item if isinstance(item, dict) else item.to_dict()

    first, last = fields(items[0]), fields(items[-1])
    return Shape(len(items), tuple(sorted(first)), str(last["email"]))


def run() -> list[Row]:
    with Mock(bench_registrants=ROWS) as mock:
        client = Flow(api_secret=SECRET, base_url=mock.base_url)
        http = requests.Session()
        url = f"{mock.base_url}/reports/events/sessions/registrants/{BENCH_TOKEN}"

        def with_requests() -> list[dict[str, Any]]:
            response = http.get(url, headers={"api-secret": SECRET}, timeout=60)
            response.raise_for_status()
            data: list[dict[str, Any]] = response.json()["data"]
            return data

        rows = compare(
            f"registrant list JSON, {ROWS:,} rows",
            REPEATS,
            lambda: client.registrants.list(BENCH_TOKEN),
            {"requests .json()['data']": with_requests},
            _list_shape,
        )
        client.close()
        return rows
