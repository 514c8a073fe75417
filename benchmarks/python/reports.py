"""A 1,000,000-row registrants CSV report into a DataFrame: the SDK's `to_pandas()` / `to_polars()`
against downloading with requests and parsing with `pandas.read_csv` / `polars.read_csv`."""

import io
from typing import Any

import pandas
import polars
import requests
from harness import Row, Shape, compare
from mock_server import BENCH_TOKEN, SECRET, Mock

from flow_api import Flow

ROWS = 1_000_000
REPEATS = 5


def _frame_shape(frame: Any) -> Shape:
    return Shape(len(frame), tuple(frame.columns), str(frame["Email"][len(frame) - 1]))


def run() -> list[Row]:
    with Mock(bench_registrants=ROWS) as mock:
        client = Flow(api_secret=SECRET, base_url=mock.base_url)
        http = requests.Session()
        url = f"{mock.base_url}/reports/events/sessions/csv/registrants/{BENCH_TOKEN}"

        def download() -> bytes:
            response = http.get(url, headers={"api-secret": SECRET}, timeout=60)
            response.raise_for_status()
            return response.content

        case = f"registrants CSV, {ROWS:,} rows"
        rows = compare(
            f"{case} -> pandas",
            REPEATS,
            lambda: client.reports.registrants(BENCH_TOKEN).to_pandas(),
            {
                "requests + pandas.read_csv": lambda: pandas.read_csv(io.BytesIO(download())),
                "requests + pandas.read_csv(dtype=str)": lambda: pandas.read_csv(
                    io.BytesIO(download()), dtype=str, keep_default_na=False
                ),
            },
            _frame_shape,
        )
        rows += compare(
            f"{case} -> polars",
            REPEATS,
            lambda: client.reports.registrants(BENCH_TOKEN).to_polars(),
            {"requests + polars.read_csv": lambda: polars.read_csv(download())},
            _frame_shape,
        )
        client.close()
        return rows
