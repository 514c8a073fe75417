"""The bulk registration issue's done-when, in Python: 10,000 rows across 5 sessions through the mock
with 20 % of registrations faulted (every fault of the hardening issue), then the faults cleared and
one rerun with the same journal: each (session, email) is in the store exactly once, every row ends
`created` or `existing`, and the request log shows no (session, email) processed twice. The same
with the first run interrupted midway, by Ctrl-C (`Flow`) and by `task.cancel()` (`AsyncFlow`)."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from flow_api import BulkResult, Sandbox

from conftest import MockControl

REGISTRANTS = "/api/v1/registrants"
ROWS = 10_000
SESSIONS = 5
CONCURRENCY = 32
# The client gives up on an attempt after 0.3 s; the delay fault answers after 0.5 s.
TIMEOUT = 0.3
# Every fault the hardening issue lists, for 20 % of registrations, seeded.
RATE_FAULTS: dict[str, Any] = {
    "method": "POST",
    "path": REGISTRANTS,
    "rate": 0.2,
    "seed": 7,
    "faults": [
        {"type": "status", "status": 503, "retry_after": "0"},
        {"type": "status", "status": 429},
        {"type": "reset"},
        {"type": "reset", "process": True},
        {"type": "delay", "ms": 500, "process": True},
        {"type": "status", "status": 500},
    ],
}
# How long after an interruption the log is watched for requests still being sent.
QUIET = 0.5


def people(tokens: list[str]) -> list[dict[str, str]]:
    return [
        {
            "email": f"person{i}@example.com",
            "first_name": "Person",
            "last_name": str(i),
            "session_token": tokens[i % len(tokens)],
        }
        for i in range(ROWS)
    ]


def key(row: dict[str, Any]) -> tuple[str, str]:
    return row["session_token"], row["email"].lower()


def posts(entries: list[Any], processed_only: bool = False) -> Counter[tuple[str, str]]:
    """(session, email) of the registrations in a request log slice."""
    return Counter(
        (entry["body"]["eventSessionToken"], entry["body"]["email"].lower())
        for entry in entries
        if entry["method"] == "POST"
        and entry["path"] == REGISTRANTS
        and (entry["processed"] or not processed_only)
    )


def assert_registered_once(mock: MockControl, rows: list[dict[str, str]], result: BulkResult) -> None:
    assert len(result) == len(rows)
    assert [row.index for row in result] == list(range(len(rows)))
    assert Counter(row.status for row in result).keys() <= {"created", "existing"}
    # A row found by the rerun's read has no registration answer; every other one has.
    assert all(
        row.registration is not None and row.registration.url for row in result if row.status == "created"
    )
    store = Counter(
        (r["session_token"], r["email"].lower())
        for r in mock.store()["registrations"]
        if r["email"].startswith("person")
    )
    assert store == Counter(key(row) for row in rows), "each (session, email) exactly once"
    twice = [k for k, n in posts(mock.requests(), processed_only=True).items() if n > 1]
    assert twice == [], "processed twice"


def assert_never_resent_once_maybe_processed(entries: list[Any]) -> None:
    """Within one run, a registration is sent again only after an attempt the server provably
    did not process (a 503 or 429 answer): never after a reset, a timeout, a 500 or a success."""
    maybe_processed: set[tuple[str, str]] = set()
    for entry in entries:
        if entry["method"] != "POST" or entry["path"] != REGISTRANTS:
            continue
        k = (entry["body"]["eventSessionToken"], entry["body"]["email"].lower())
        assert k not in maybe_processed, f"{k} was sent again after an attempt that may have been processed"
        if entry["processed"] or entry["fault"] in ("reset", "delay") or entry["status"] == 500:
            maybe_processed.add(k)


def assert_stopped(mock: MockControl) -> int:
    """Waits out the delay fault, then checks that nothing more is sent; returns the log size."""
    time.sleep(QUIET + 0.2)
    sent = len(mock.requests())
    time.sleep(QUIET)
    assert len(mock.requests()) == sent, "requests were still sent after the interruption"
    return sent


def test_ten_thousand_faulted_rows_then_a_rerun_with_the_journal(
    sandbox: Sandbox, mock: MockControl, tmp_path: Path
) -> None:
    client = sandbox.client(timeout=TIMEOUT)
    tokens = [s.token for s in client.events.list() if s.token][:SESSIONS]
    rows = people(tokens)
    journal = tmp_path / "journal.jsonl"
    mock.fault(**RATE_FAULTS)
    started = time.monotonic()
    first = client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal)
    elapsed = time.monotonic() - started
    print(f"first run: {ROWS} rows in {elapsed:.2f} s ({ROWS / elapsed:.0f} rows/s) with faults: {first!r}")
    assert (first.created + first.failed + first.unknown, first.existing, first.invalid) == (ROWS, 0, 0)
    # Each kind of fault left its mark: 429 without Retry-After fails; resets, 500 and the
    # timeout leave the outcome unknown; 503 with Retry-After is retried.
    assert first.failed > 0 and first.unknown > 0 and first.created > ROWS * 0.7
    time.sleep(QUIET + 0.2)  # the mock logs a delayed request when it answers, after the client gave up
    log = mock.requests()
    assert_never_resent_once_maybe_processed(log)
    unknown = [key(rows[r.index]) for r in first if r.status == "unknown"]
    processed = posts(log, processed_only=True)

    mock.clear_faults()
    second = client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal)
    assert_registered_once(mock, rows, second)
    # Only what was not done is sent again: failed rows, and unknown ones the server did not have.
    unresolved = {key(rows[r.index]) for r in first if r.status in ("failed", "unknown")}
    resent = posts(mock.requests()[len(log) :])
    assert set(resent) == {k for k in unresolved if k not in processed}
    assert second.existing == sum(1 for k in unknown if k in processed)
    reads = [e for e in mock.requests()[len(log) :] if e["method"] == "GET"]
    assert len(reads) <= SESSIONS, "one registrants.list per session with unresolved rows"


def test_ctrl_c_midway_stops_and_a_rerun_completes(
    sandbox: Sandbox, mock: MockControl, tmp_path: Path
) -> None:
    client = sandbox.client(timeout=TIMEOUT)
    tokens = [s.token for s in client.events.list() if s.token][:SESSIONS]
    rows = people(tokens)
    journal = tmp_path / "journal.jsonl"
    mock.fault(**RATE_FAULTS)

    def ctrl_c(done: int, total: int | None) -> None:
        # A real SIGINT: Python's handler raises KeyboardInterrupt in the waiting main thread.
        if done == ROWS // 3:
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal, progress=ctrl_c)
    assert sum(posts(mock.requests()).values()) < ROWS * 0.6, "stopped midway"
    assert_stopped(mock)

    mock.clear_faults()
    second = client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal)
    assert_registered_once(mock, rows, second)


async def test_a_cancelled_task_stops_and_a_rerun_completes(
    sandbox: Sandbox, mock: MockControl, tmp_path: Path
) -> None:
    client = sandbox.async_client(timeout=TIMEOUT)
    tokens = [s.token for s in await client.events.list() if s.token][:SESSIONS]
    rows = people(tokens)
    journal = tmp_path / "journal.jsonl"
    mock.fault(**RATE_FAULTS)
    loop = asyncio.get_running_loop()
    cancelled = threading.Event()

    def cancel(done: int, total: int | None) -> None:
        # Called from the SDK's I/O thread: the task is cancelled on its loop.
        if done == ROWS // 3 and not cancelled.is_set():
            cancelled.set()
            loop.call_soon_threadsafe(task.cancel)

    task = asyncio.ensure_future(
        client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal, progress=cancel)
    )
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cancelled.is_set()
    assert sum(posts(mock.requests()).values()) < ROWS * 0.6, "stopped midway"
    await asyncio.to_thread(assert_stopped, mock)

    mock.clear_faults()
    second = await client.registrants.create_many(rows, concurrency=CONCURRENCY, journal=journal)
    assert_registered_once(mock, rows, second)
