"""Fetches every URL the benchmarks read from release flow-mocks, once, and writes each body to
`<dir>/<URL path>/index` (a path can be both a file and a directory: `/events/sessions` and
`/events/sessions/<token>`), for `benchmarks/static/serve.sh` to serve with nginx."""

import os
import shutil
import sys
from pathlib import Path

if os.environ.get("BENCH_BASE_URL"):
    sys.exit("dump.py reads from the mock: unset BENCH_BASE_URL")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "python"))

import requests
from servers import HEADERS, urls


def main(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    http = requests.Session()
    count = size = 0
    for base_url, path in urls():
        response = http.get(f"{base_url}{path}", headers=HEADERS, timeout=60)
        response.raise_for_status()
        # serve.sh gives every path under /reports/events/sessions/csv/ the CSV type, all others JSON.
        kind = "csv" if path.startswith("/reports/events/sessions/csv/") else "json"
        if kind not in response.headers["content-type"]:
            raise RuntimeError(f"{path}: the mock answered {response.headers['content-type']}, not {kind}")
        file = out / path.partition("?")[0].lstrip("/") / "index"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(response.content)
        count += 1
        size += len(response.content)
    print(f"dumped {count:,} URLs, {size / 1e6:,.1f} MB, into {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
