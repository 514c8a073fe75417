"""registrants.create_many against the in-process mock: every row status, every form `rows` takes (a
list, a generator pulled as rows are sent, a CSV path, pandas and polars DataFrames), the journal,
progress, the `BulkResult`, and bad input refused before anything is sent. The done-when runs
(10,000 faulted rows, interrupted runs) are in test_bulk_faults.py."""

from __future__ import annotations

import asyncio
import collections.abc
import csv
import pickle
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest

import flow_api
from flow_api import BulkResult, Flow, Sandbox

from conftest import MockControl

TOKEN = "T35tT0K3n"
REGISTRANTS = "/api/v1/registrants"


def person(name: str, **extra: Any) -> dict[str, Any]:
    return {"email": f"{name}@example.com", "first_name": name.title(), "last_name": "Tester", **extra}


def sent(mock: MockControl) -> list[str]:
    """The emails of every registration attempt the mock saw, in order."""
    return [e["body"]["email"] for e in mock.requests() if e["method"] == "POST" and e["path"] == REGISTRANTS]


def statuses(result: BulkResult) -> list[str]:
    return [row.status for row in result]


@pytest.fixture
def client(sandbox: Sandbox) -> Flow:
    return sandbox.client()


def test_every_status(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client(timeout=0.5)
    client.registrants.create(TOKEN, "known@example.com", "Known", "Before")
    # One at a time, so the queued faults meet the first three registrations in order.
    mock.fault(method="POST", path=REGISTRANTS, fault={"type": "status", "status": 422})
    mock.fault(method="POST", path=REGISTRANTS, fault={"type": "status", "status": 429})
    mock.fault(method="POST", path=REGISTRANTS, fault={"type": "delay", "ms": 800, "process": True})
    rows: list[Any] = [
        person("refused"),
        person("limited"),
        person("slow"),
        person("new"),
        {"Email": "KNOWN@example.com", "First Name": "Known", "lastName": "Again"},
        person("new", last_name="Twice"),
        {"email": "nolast@example.com", "first_name": "No"},
        person("x", email="not-an-email"),
        ["not", "a", "mapping"],
        person("elsewhere", session_token="no-such-session"),
    ]
    result = client.registrants.create_many(rows, session_token=TOKEN, concurrency=1)
    assert statuses(result) == [
        "failed", "failed", "unknown", "created", "existing", "duplicate", "invalid", "invalid", "invalid",
        "failed",
    ]  # fmt: skip
    counts = [result.created, result.existing, result.duplicate, result.invalid, result.failed]
    assert [*counts, result.unknown] == [1, 1, 1, 3, 3, 1]
    refused, limited, slow, new, known, _, nolast, bad_email, not_mapping, elsewhere = result
    assert isinstance(refused.error, flow_api.UnprocessableEntityError)
    assert (
        isinstance(limited.error, flow_api.RateLimitError) and limited.error.may_have_been_processed is False
    )
    assert isinstance(slow.error, flow_api.APITimeoutError) and slow.error.may_have_been_processed is True
    assert isinstance(elsewhere.error, flow_api.NotFoundError)
    assert new.registration is not None and new.registration.is_new is True and new.error is None
    assert known.registration is not None and known.registration.is_new is False
    assert (known.session_token, known.email) == (TOKEN, "KNOWN@example.com")
    for row, field in [(nolast, "last_name"), (bad_email, "email"), (not_mapping, "row")]:
        assert isinstance(row.error, flow_api.InvalidRequestError) and row.error.field == field, row
    # Nothing invalid or repeated was sent; the row whose outcome is unknown was sent once. (The
    # mock logs the delayed request when it answers, after the client gave up on it.)
    time.sleep(0.9)
    assert sorted(sent(mock)[1:]) == sorted([
        "refused@example.com", "limited@example.com", "slow@example.com", "new@example.com",
        "KNOWN@example.com", "elsewhere@example.com",
    ])  # fmt: skip


def test_the_result_is_a_sequence_with_a_table(client: Flow, mock: MockControl) -> None:
    result = client.registrants.create_many([person("ada"), person("ada"), {}], session_token=TOKEN)
    assert isinstance(result, collections.abc.Sequence) and len(result) == 3
    assert result[-1].index == 2 and [r.index for r in result[0:2]] == [0, 1]
    assert repr(result) == (
        "BulkResult(3 rows: created=1, existing=0, duplicate=1, invalid=1, failed=0, unknown=0)"
    )
    frame = result.to_pandas()
    registration_fields = [
        f.removeprefix("registration.") for f in frame.columns if f.startswith("registration.")
    ]
    assert list(frame.columns[:4]) == ["index", "session_token", "email", "status"]
    assert frame.columns[-1] == "error" and "url" in registration_fields and "isNew" in registration_fields
    assert list(frame["status"]) == ["created", "duplicate", "invalid"]
    assert frame["registration.url"][0] == result[0].registration.url  # type: ignore[union-attr]
    assert "email" in frame["error"][2]
    again = pickle.loads(pickle.dumps(result))
    assert statuses(again) == statuses(result) and again[0].registration == result[0].registration
    assert type(again[2].error) is flow_api.InvalidRequestError and str(again[2].error) == str(
        result[2].error
    )


def test_a_generator_is_pulled_as_rows_are_sent(client: Flow, mock: MockControl) -> None:
    pulled = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        for i in range(300):
            pulled += 1
            yield person(f"gen{i}")

    seen: list[tuple[int, int | None, int]] = []
    result = client.registrants.create_many(
        rows(),
        session_token=TOKEN,
        concurrency=4,
        progress=lambda done, total: seen.append((done, total, pulled)),
    )
    assert result.created == 300
    assert seen[0][:2] == (1, None), "a generator's length is unknown"
    assert seen[0][2] <= 2 * 4 + 1, f"{seen[0][2]} rows were read before the first one finished"
    assert [done for done, _, _ in seen] == list(range(1, 301))


def test_an_exception_from_the_rows_stops_the_job_and_is_raised(client: Flow, mock: MockControl) -> None:
    class SourceBroke(Exception):
        pass

    def rows() -> Iterator[dict[str, Any]]:
        yield person("before")
        raise SourceBroke("the export was cut off")

    with pytest.raises(SourceBroke, match="cut off"):
        client.registrants.create_many(rows(), session_token=TOKEN, concurrency=1)


def test_a_progress_callback_that_raises_stops_the_job(client: Flow, mock: MockControl) -> None:
    def progress(done: int, total: int | None) -> None:
        raise ValueError(f"stop at {done}")

    rows = [person(f"p{i}") for i in range(200)]
    with pytest.raises(ValueError, match="stop at 1"):
        client.registrants.create_many(rows, session_token=TOKEN, concurrency=2, progress=progress)
    assert len(sent(mock)) <= 2 * 2 + 1, "the job stopped at the next row it asked for"


def test_a_csv_file(client: Flow, mock: MockControl, tmp_path: Path) -> None:
    path = tmp_path / "crm export.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Email", "First Name", "Last Name", "Company"])
        writer.writerows([[f"csv{i}@example.com", "Csv", str(i), "ACME"] for i in range(40)])
    for given, status in ((path, "created"), (str(path), "existing")):
        result = client.registrants.create_many(given, session_token=TOKEN)
        assert statuses(result) == [status] * 40 and result[39].email == "csv39@example.com"
    assert sorted(sent(mock)) == sorted([f"csv{i}@example.com" for i in range(40)] * 2)


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_dataframe(client: Flow, mock: MockControl, library: str) -> None:
    data = {
        "email": [f"{library}{i}@example.com" for i in range(2500)],
        "firstName": ["Frame"] * 2500,
        "last_name": [str(i) for i in range(2499)] + [None],
        "signed_up": [pd.Timestamp("2026-01-01")] * 2500,
    }
    frame = pd.DataFrame(data) if library == "pandas" else pl.DataFrame(data)
    seen: list[int | None] = []
    result = client.registrants.create_many(
        frame, session_token=TOKEN, concurrency=16, progress=lambda done, total: seen.append(total)
    )
    assert (result.created, result.invalid) == (2499, 1) and seen[0] == 2500
    assert (
        isinstance(result[2499].error, flow_api.InvalidRequestError)
        and result[2499].error.field == "last_name"
    )


async def test_async_create_many(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.async_client()
    never_awaited = client.registrants.create_many([person("ghost")], session_token=TOKEN)
    never_awaited.close()
    result = await client.registrants.create_many([person("a"), person("b")], session_token=TOKEN)
    assert statuses(result) == ["created", "created"]
    assert sorted(sent(mock)) == ["a@example.com", "b@example.com"], "the never awaited call sent nothing"
    with pytest.raises(flow_api.InvalidRequestError):
        await client.registrants.create_many([person("c")], session_token=TOKEN, concurrency=0)
    assert len(sent(mock)) == 2


def test_a_rerun_with_the_journal_sends_only_what_is_not_done(
    client: Flow, mock: MockControl, tmp_path: Path
) -> None:
    journal = tmp_path / "run.jsonl"
    rows = [person(f"j{i}") for i in range(20)]
    first = client.registrants.create_many(rows, session_token=TOKEN, journal=journal)
    assert first.created == 20
    again = client.registrants.create_many([*rows, person("late")], session_token=TOKEN, journal=str(journal))
    assert statuses(again) == ["created"] * 21
    assert again[0].registration == first[0].registration, "the journal keeps the answer"
    assert sent(mock)[20:] == ["late@example.com"]


def test_progress_true_shows_a_bar_or_a_line(
    client: Flow, mock: MockControl, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client.registrants.create_many([person("bar1"), person("bar2")], session_token=TOKEN, progress=True)
    assert "2/2" in capsys.readouterr().err, "tqdm's bar"
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    client.registrants.create_many([person("line1"), person("line2")], session_token=TOKEN, progress=True)
    assert capsys.readouterr().err.endswith("\r2/2 rows\n")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"concurrency": 65}, "concurrency"),
        ({"concurrency": True}, "concurrency"),
        ({"concurrency": "8"}, "concurrency"),
        ({"concurrency": 2.5}, "concurrency"),
        ({"session_token": ".."}, "session_token"),
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    client: Flow, mock: MockControl, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        client.registrants.create_many([person("never")], **arguments)
    assert caught.value.field == field and sent(mock) == []


def test_bad_sources_are_refused_before_anything_is_sent(
    client: Flow, mock: MockControl, tmp_path: Path
) -> None:
    no_email = tmp_path / "no-email.csv"
    no_email.write_text("mail,first_name,last_name\na@example.com,A,B\n", encoding="utf-8")
    foreign = tmp_path / "notes.txt"
    foreign.write_text("email,first_name\n", encoding="utf-8")
    refused: list[tuple[Any, dict[str, Any], str]] = [
        (no_email, {}, "rows"),
        (tmp_path / "missing.csv", {}, "rows"),
        (pd.DataFrame({"email": ["a@example.com"], "first_name": ["A"]}), {}, "rows"),
        (pl.DataFrame({"mail": ["a@example.com"], "first_name": ["A"], "last_name": ["B"]}), {}, "rows"),
        ([person("never")], {"journal": foreign}, "journal"),
    ]
    for rows, options, field in refused:
        with pytest.raises(flow_api.InvalidRequestError) as caught:
            client.registrants.create_many(rows, session_token=TOKEN, **options)
        assert caught.value.field == field, (rows, str(caught.value))
    assert foreign.read_text(encoding="utf-8") == "email,first_name\n", "a foreign file is not written to"
    with pytest.raises(TypeError, match="rows must be"):
        client.registrants.create_many(5, session_token=TOKEN)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="progress must be"):
        client.registrants.create_many([person("never")], session_token=TOKEN, progress="yes")  # type: ignore[arg-type]
    assert sent(mock) == []


def test_async_bad_input_is_raised_when_awaited(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.async_client()
    call = client.registrants.create_many([person("never")], session_token=TOKEN, concurrency=65)
    with pytest.raises(flow_api.InvalidRequestError):
        asyncio.run(call)
    assert sent(mock) == []
