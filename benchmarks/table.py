"""The table of issue 11, from the rows the Python and Node parts wrote (one JSON file each, named
after the part): every path with its goal and whether it holds, then the extra rows. Exits non-zero
when any result differed from its peer's or a row was not measured; a goal not met is only shown,
since the goals are what the SDK work aims at."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# key, part, path, goal (peer time / SDK time at least this).
GOALS = [
    ("py-csv-rows", "python", "Python: CSV report → iterate rows as dicts, reading every value", 3.0),
    ("py-csv-pandas", "python", "Python: CSV report → pandas", 1.5),
    ("py-csv-arrow", "python", "Python: CSV report → Arrow (vs the faster peer)", 1.3),
    ("py-json", "python", "Python: 100k registrants JSON → objects", 2.0),
    ("py-lists", "python", "Python: 1,000 lists, concurrency 64, AsyncFlow", 1.5),
    ("py-collect", "python", "Python: reports.collect over 1,000 small reports", 3.0),
    ("py-small", "python", "Python: 500 sequential small calls", 3.0),
    ("node-csv", "node", "Node: CSV report → row objects, reading every value", 3.0),
    ("node-json", "node", "Node: 100k registrants JSON", 0.85),
    ("node-small", "node", "Node: 500 sequential small calls", 0.8),
]
# key, part, goal (the value at most this), unit.
LIMITS = [
    ("wasm-gz", "node", 150.0, "KB"),
    ("wheel", "python", 4.0, "MB"),
    ("import", "python", 50.0, "ms"),
]


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.2f} ms"


def _load(paths: list[str]) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    """Rows by key, and the parts that wrote no file (they crashed before the end)."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    missing = []
    for path in paths:
        file = Path(path)
        if not file.exists():
            missing.append(file.stem)
            continue
        for row in json.loads(file.read_text())["rows"]:
            by_key.setdefault(row["key"], []).append(row)
    return by_key, missing


def _git(*args: str) -> str:
    run = subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent)
    return run.stdout.strip()


def _header() -> None:
    commit, dirty = _git("rev-parse", "--short", "HEAD"), _git("status", "--porcelain")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    server = os.environ.get("BENCH_BASE_URL") or "a release flow-mock per case"
    changes = " (with local changes)" if dirty else ""
    print(f"\n{now}, commit {commit}{changes}, load average {load} (1/5/15 min)")
    print(f"server: {server}; each time is the best of 5 after a warm-up; ratio = peer time / SDK time\n")


def main(paths: list[str]) -> int:
    by_key, missing_parts = _load(paths)
    parts = {Path(p).stem for p in paths}
    bad = 0
    _header()
    print(
        "| path | this SDK | SDK time | what a user writes instead | peer time | ratio | goal | met | check |"
    )
    print("| --- | --- | ---: | --- | ---: | ---: | ---: | :---: | --- |")
    for key, part, path, goal in GOALS:
        if part not in parts:
            continue
        rows = by_key.pop(key, [])
        if not rows:
            print(f"| {path} | not measured | | | | | ≥ {goal}x | ✗ | |")
            bad += 1
            continue
        fastest = min(row["peer_ms"] for row in rows)
        peers = (
            "; ".join(f"{row['peer']} ({_ms(row['peer_ms'])})" for row in rows)
            if len(rows) > 1
            else rows[0]["peer"]
        )
        ratio = fastest / rows[0]["sdk_ms"]
        ok = all(row["ok"] for row in rows)
        bad += not ok
        check = "; ".join(row["check"] for row in rows if not row["ok"]) if not ok else rows[0]["check"]
        met = "✓" if ok and ratio >= goal else "✗"
        print(
            f"| {path} | `{rows[0]['sdk']}` | {_ms(rows[0]['sdk_ms'])} | {peers} | {_ms(fastest)} "
            f"| {ratio:.2f}x | ≥ {goal}x | {met} | {check} |"
        )
    for key, part, goal, unit in LIMITS:
        if part not in parts:
            continue
        rows = by_key.pop(key, [])
        if not rows:
            print(f"| {key} | not measured | | — | | | ≤ {goal:g} {unit} | ✗ | |")
            bad += 1
            continue
        value = rows[0]["value"]
        met = "✓" if value <= goal else "✗"
        print(f"| {rows[0]['what']} | | {value:,.1f} {unit} | — | | | ≤ {goal:g} {unit} | {met} | |")
    extras = [row for rows in by_key.values() for row in rows]
    if extras:
        print("\nOther rows (no goal):\n")
        print("| SDK | SDK time | peer | peer time | ratio | check |")
        print("| --- | ---: | --- | ---: | ---: | --- |")
        for row in extras:
            bad += not row["ok"]
            print(
                f"| `{row['sdk']}` | {_ms(row['sdk_ms'])} | {row['peer']} | {_ms(row['peer_ms'])} "
                f"| {row['peer_ms'] / row['sdk_ms']:.2f}x | {row['check']} |"
            )
    for part in missing_parts:
        print(f"\nThe {part} part wrote no results (see its output above).")
    if bad or missing_parts:
        print(f"\n{bad} rows mismatched or not measured", file=sys.stderr)
    return 1 if bad or missing_parts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
