"""The 200,000-row, 14-column registrants CSV report, read four ways: row by row as dicts, into
pandas, into Arrow, into polars; each against downloading it and parsing it with the usual library."""

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
import pandas
import polars
import pyarrow
import pyarrow.csv
import requests
from harness import Shape, compare
from servers import BENCH_TOKEN, HEADERS, SECRET, big_csv_server, csv_path

from flow_api import Flow


def _read_every_value(rows: Iterable[Mapping[str, str]]) -> Shape:
    """The user's loop: every value of every row read (its length summed, so it is used)."""
    count = chars = 0
    last: Mapping[str, str] = {}
    for row in rows:
        for value in row.values():
            chars += len(value)
        count += 1
        last = row
    return Shape(count, tuple(last), f"{last['Email']}, {chars:,} characters in all")


def _frame_shape(frame: Any) -> Shape:
    """A pandas or polars frame, or an Arrow table: length, column names, the last email."""
    if isinstance(frame, pyarrow.Table):
        last = frame.column("Email")[frame.num_rows - 1].as_py()
        return Shape(frame.num_rows, tuple(frame.column_names), str(last))
    return Shape(len(frame), tuple(frame.columns), str(frame["Email"][len(frame) - 1]))


def run() -> list[dict[str, Any]]:
    with big_csv_server() as base_url:
        client = Flow(api_secret=SECRET, base_url=base_url)
        session = requests.Session()
        http = httpx.Client(headers=HEADERS, timeout=60)
        url = f"{base_url}{csv_path(BENCH_TOKEN)}"

        def download() -> bytes:
            response = session.get(url, headers=HEADERS, timeout=60)
            response.raise_for_status()
            return response.content

        def with_dict_reader() -> Shape:
            response = http.get(url)
            response.raise_for_status()
            return _read_every_value(csv.DictReader(io.StringIO(response.text)))

        def sdk_report() -> Any:
            return client.reports.registrants(BENCH_TOKEN)

        rows = compare(
            ("for row in reports.registrants(token)", lambda: _read_every_value(sdk_report())),
            [("py-csv-rows", "httpx + csv.DictReader", with_dict_reader)],
            lambda shape: shape,
        )
        rows += compare(
            ("reports.registrants(token).to_pandas()", lambda: sdk_report().to_pandas()),
            [
                (
                    "py-csv-pandas",
                    "requests + pandas.read_csv",
                    lambda: pandas.read_csv(io.BytesIO(download())),
                ),
                (
                    "extra-csv-pandas-str",
                    "requests + pandas.read_csv(dtype=str)",
                    lambda: pandas.read_csv(io.BytesIO(download()), dtype=str, keep_default_na=False),
                ),
            ],
            _frame_shape,
        )
        rows += compare(
            ("reports.registrants(token).to_arrow()", lambda: sdk_report().to_arrow()),
            [
                (
                    "py-csv-arrow",
                    "requests + pyarrow.csv.read_csv",
                    lambda: pyarrow.csv.read_csv(pyarrow.BufferReader(download())),
                ),
                ("py-csv-arrow", "requests + polars.read_csv", lambda: polars.read_csv(download())),
            ],
            _frame_shape,
        )
        rows += compare(
            ("reports.registrants(token).to_polars()", lambda: sdk_report().to_polars()),
            [("extra-csv-polars", "requests + polars.read_csv", lambda: polars.read_csv(download()))],
            _frame_shape,
        )
        client.close()
        session.close()
        http.close()
        return rows
