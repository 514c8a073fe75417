"""reports.collect against the in-process mock, blocking and asyncio: every past session's report in
one table (one session faulted to fail: the others are in it, the failure is in `failures`), the
session columns and the union of columns, sessions given as tokens or `EventSession`s, progress,
and bad arguments refused before anything is sent."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import flow_api
from flow_api import Flow, Report, Sandbox

from conftest import MockControl

REPORT_PATH = "/api/v1/reports/events/sessions/csv/registrants/"


def expected_table(
    client: Flow, sessions: list[flow_api.EventSession]
) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows collect should give, from the sessions' own reports."""
    columns = ["Session Token", "Session Title"]
    rows: list[dict[str, str]] = []
    reports = []
    for session in sessions:
        assert session.token is not None
        report = client.reports.registrants(session.token)
        columns += [c for c in report.columns if c not in columns]
        reports.append((session, report))
    for session, report in reports:
        for row in report:
            full = dict.fromkeys(columns, "")
            full.update(row, **{"Session Token": session.token or "", "Session Title": session.title or ""})
            rows.append(full)
    return columns, rows


def fail_one(mock: MockControl, token: str) -> None:
    """The session's report answers 500 (the clients below do not retry)."""
    mock.fault(method="GET", path=REPORT_PATH + token, fault={"type": "status", "status": 500})


def check(
    client: Flow, mock: MockControl, report: Report, failed: str, past: list[flow_api.EventSession]
) -> None:
    assert isinstance(report, Report)
    assert list(report.failures) == [failed]
    error = report.failures[failed]
    assert isinstance(error, flow_api.InternalServerError) and error.status_code == 500
    mock.clear_faults()
    columns, rows = expected_table(client, [s for s in past if s.token != failed])
    assert report.columns == columns and report.columns[:2] == ["Session Token", "Session Title"]
    assert list(report) == rows and len(rows) > 0
    assert failed not in {row["Session Token"] for row in report}


def test_collect_every_past_session_with_one_failing(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client(max_retries=0)
    past = client.events.list(period="past")
    assert len(past) >= 3 and past[1].token is not None
    fail_one(mock, past[1].token)
    seen: list[tuple[int, int | None]] = []
    report = client.reports.collect("registrants", period="past", progress=lambda *done: seen.append(done))
    check(client, mock, report, past[1].token, past)
    assert seen == [(i, len(past)) for i in range(1, len(past) + 1)]


async def test_async_collect_every_past_session_with_one_failing(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.async_client(max_retries=0)
    past = await client.events.list(period="past")
    assert past[0].token is not None
    fail_one(mock, past[0].token)
    report = await client.reports.collect("registrants", sessions=past)
    check(sandbox.client(), mock, report, past[0].token, list(past))


def test_sessions_as_tokens_read_their_titles(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client()
    past = client.events.list(period="past")
    tokens = [s.token for s in past if s.token]
    by_token = client.reports.collect("attendeeChat", sessions=tokens, concurrency=1)
    by_session = client.reports.collect("attendee_chat", sessions=past)
    assert by_token == by_session and by_token.failures == {}
    titles = {row["Session Token"]: row["Session Title"] for row in by_token}
    assert titles == {s.token: s.title for s in past if s.token in titles} and len(titles) > 1
    one = client.reports.collect("registrants", sessions=tokens[0])
    assert {row["Session Token"] for row in one} == {tokens[0]}


def test_a_collected_report_is_a_report(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client(max_retries=0)
    fail_one(mock, "LKo586mmk7g")
    report = client.reports.collect("registrants", period="past")
    assert list(report.to_pandas().columns) == report.columns
    assert report.to_polars().columns == report.columns
    assert report.to_arrow().num_rows == len(report)
    again = pickle.loads(pickle.dumps(report))
    assert again == report and list(again.failures) == ["LKo586mmk7g"]
    assert type(again.failures["LKo586mmk7g"]) is flow_api.InternalServerError


def test_a_survey_across_sessions(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client()
    past = client.events.list(period="past")
    report = client.reports.collect("survey", sessions=past[:1], survey_id=801)
    assert len(report) > 0 and report.failures == {}
    # A session without that survey is a failure, not an error of the whole call.
    other = client.reports.collect("survey", sessions=past[:2], survey_id="801")
    assert list(other.failures) == [past[1].token] and len(other) == len(report)


@pytest.mark.parametrize(
    ("kind", "arguments", "field"),
    [
        ("summary", {"period": "past"}, "kind"),
        (5, {"period": "past"}, "kind"),
        ("registrants", {"period": "past", "sessions": ["LKo586mmk7g"]}, "sessions"),
        ("registrants", {}, "sessions"),
        ("survey", {"period": "past"}, "survey_id"),
        ("registrants", {"period": "past", "survey_id": 801}, "survey_id"),
        ("survey", {"period": "past", "survey_id": True}, "survey_id"),
        ("registrants", {"period": "yesterday"}, "period"),
        ("registrants", {"sessions": [""]}, "sessions"),
        ("registrants", {"sessions": [5]}, "sessions"),
        ("registrants", {"period": "past", "concurrency": 0}, "concurrency"),
        ("registrants", {"period": "past", "concurrency": 65}, "concurrency"),
        ("registrants", {"period": "past", "concurrency": True}, "concurrency"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(
    sandbox: Sandbox, mock: MockControl, kind: Any, arguments: dict[str, Any], field: str
) -> None:
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        sandbox.client().reports.collect(kind, **arguments)
    assert caught.value.field == field, str(caught.value)
    assert mock.requests() == []
