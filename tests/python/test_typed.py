"""Typical typed use of the SDK. `mypy --strict` checks this file against the stubs (so a stub that
drifts from what callers write fails the build), and pytest runs it against the sandbox (so the
annotated types are also what comes back)."""

from __future__ import annotations

import asyncio

import pytest

import flow_api
from flow_api import (
    AsyncFlow,
    EventSession,
    Flow,
    ModelList,
    OperatorAssignment,
    Registrant,
    Registration,
    Report,
    Request,
    Response,
    Sandbox,
    SummaryReport,
)


def attendance_rate(registrants: list[Registrant]) -> float:
    came = sum(1 for r in registrants if r.attended)
    return came / len(registrants) if registrants else 0.0


def test_blocking_client_types(sandbox: Sandbox) -> None:
    client: Flow = sandbox.client()
    sessions: ModelList[EventSession] = client.events.list(period="past")
    token: str | None = sessions[0].token
    assert token is not None
    registrants = client.registrants.list(token, timeout=10.0, max_retries=1)
    rate: float = attendance_rate(registrants)
    assert 0.0 < rate <= 1.0
    report: Report = client.reports.registrants(token)
    rows: list[dict[str, str]] = list(report)
    columns: list[str] = report.columns
    assert rows and set(rows[0]) == set(columns)
    summary: SummaryReport = client.reports.summary(token)
    assert len(summary.attendee_chat) > 0
    operators = client.operators.list()
    creator_id = operators[0].id
    assert creator_id is not None
    assignment: OperatorAssignment = {"id": creator_id, "role": 10, "mic_enabled": True}
    created = client.events.create(
        creator_id, "Typed", "Checked by mypy", "2031-01-01", "10:00:00", "UTC", operators=[assignment]
    )
    assert created.session is not None and created.session.title == "Typed"


def test_async_client_types(sandbox: Sandbox) -> None:
    async def run() -> Registration:
        async with AsyncFlow(api_secret=sandbox.api_secret, base_url=sandbox.base_url) as client:
            return await client.registrants.create("T35tT0K3n", "typed@example.com", "Ty", "Ped")

    registration = asyncio.run(run())
    assert registration.url is not None and registration.is_new is not None


def test_typed_transport_and_errors() -> None:
    def handler(request: Request) -> Response:
        assert request.method == "GET" and request.content is None
        return Response(404, {"x-request-id": "r-1"}, json={"code": 404, "message": "No such session"})

    client = Flow(
        api_secret="k",
        base_url="https://flow.test/api/v1",
        transport=handler,
        max_retries=0,
        max_response_bytes=1 << 20,
    )
    limit: int = client.max_response_bytes
    assert limit == 1 << 20
    with pytest.raises(flow_api.NotFoundError) as caught:
        client.events.get("missing")
    status: int | None = caught.value.status_code
    message: str | None = caught.value.message
    processed: bool = caught.value.may_have_been_processed
    assert (status, message, caught.value.request_id) == (404, "No such session", "r-1")
    assert processed is False
