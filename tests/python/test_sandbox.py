"""End to end against the bundled mock server: every endpoint with both clients, concurrency,
Ctrl-C, cancellation, faults, fork, and the environment fallback."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import flow_api
from flow_api import AsyncFlow, Flow, Sandbox

from conftest import MockControl

PAST, CURRENT, FUTURE = "LKo586mmk7g", "rGt3dC546xs", "T35tT0K3n"
ACCOUNT = "acc0untT0k3n"


async def value(result: Any) -> Any:
    """The result of a `Flow` call as is, of an `AsyncFlow` call awaited."""
    return await result if inspect.isawaitable(result) else result


def make_client(sandbox: Sandbox, mode: str) -> Flow | AsyncFlow:
    return sandbox.client() if mode == "sync" else sandbox.async_client()


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_every_endpoint(sandbox: Sandbox, mock: MockControl, mode: str) -> None:
    client: Any = make_client(sandbox, mode)

    everything = await value(client.events.list())
    past = await value(client.events.list(period="past", simple_analytics=True))
    future = await value(client.events.list("future"))
    assert {s.token for s in past} < {s.token for s in everything}
    assert PAST in {s.token for s in past} and FUTURE in {s.token for s in future}
    assert all(s.analytics is not None for s in past)
    assert isinstance(everything, list) and isinstance(everything, flow_api.ModelList)

    session = await value(client.events.get(PAST))
    assert session.token == PAST and session.title and isinstance(session.feedback_questions, list)
    public = await value(client.events.get_public(FUTURE))
    assert public.token == FUTURE

    operators = await value(client.operators.list())
    creator = operators[0]
    assert isinstance(creator, flow_api.Operator) and isinstance(creator.id, int)
    created = await value(
        client.events.create(
            creator_id=creator.id,
            title=f"Launch ({mode})",
            description="Live demo",
            date="2031-09-03",
            time="17:30:00",
            timezone="Europe/Berlin",
            operators=[{"id": creator.id, "role": 10, "mic_enabled": True}],
            published=True,
            duration=1.5,
            early_access_period=15,
        )
    )
    assert isinstance(created, flow_api.CreatedEvent)
    assert created.session is not None and created.session.title == f"Launch ({mode})"
    assert created.session.token in {s.token for s in await value(client.events.list("future"))}

    first = await value(client.registrants.create(FUTURE, f"ana.{mode}@example.com", "Ana", "Silva"))
    again = await value(
        client.registrants.create(
            session_token=FUTURE, email=f"ana.{mode}@example.com", first_name="Ana", last_name="Silva"
        )
    )
    assert first.is_new is True and again.is_new is False and first.id == again.id and first.url
    registrants = await value(client.registrants.list(FUTURE))
    assert f"ana.{mode}@example.com" in {r.email for r in registrants}

    surveys = await value(client.surveys.list(PAST))
    assert surveys and isinstance(surveys[0].id, int)

    summary = await value(client.reports.summary(PAST))
    assert len(summary.registrants) > 0 and summary.attendee_chat.columns
    for report in (
        await value(client.reports.registrants(PAST)),
        await value(client.reports.attendee_chat(PAST)),
        await value(client.reports.operator_chat(PAST)),
        await value(client.reports.survey(PAST, surveys[0].id)),
        await value(client.reports.survey(PAST, str(surveys[0].id))),
    ):
        assert isinstance(report, flow_api.Report) and report.columns and len(report) > 0
        assert all(set(row) == set(report.columns) for row in report)

    rooms = await value(client.sso.rooms(ACCOUNT))
    assert rooms and all(room.room_id for room in rooms)
    link = await value(client.sso.login_link(rooms[0].room_id, f"m.{mode}@example.com", "Mia", "Park"))
    assert link.url and link.is_new is True

    log = mock.requests()
    assert all(entry["status"] == 200 for entry in log)
    paths = {entry["path"] for entry in log}
    csv = "/api/v1/reports/events/sessions/csv/"
    for prefix in (
        "/api/v1/events/sessions/" + PAST,
        "/api/v1/events/sessions/public/",
        "/api/v1/event",
        "/api/v1/registrants",
        "/api/v1/reports/events/sessions/registrants/",
        "/api/v1/users",
        "/api/v1/reports/events/sessions/surveys/",
        csv + "summary/",
        csv + "registrants/",
        csv + "attendeeChat/",
        csv + "operatorChat/",
        csv + "surveyDetail/",
        "/api/v1/rooms/lookup/",
        "/api/v1/rooms/register/",
    ):
        assert any(path.startswith(prefix) for path in paths), prefix


async def test_fifty_concurrent_async_calls(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    tokens = [PAST, CURRENT, FUTURE] * 17
    sessions, registrants = await asyncio.gather(
        asyncio.gather(*(client.events.get(token) for token in tokens[:25])),
        asyncio.gather(*(client.registrants.list(token) for token in tokens[25:50])),
    )
    assert [s.token for s in sessions] == tokens[:25]
    assert len(registrants) == 25 and all(isinstance(r, list) for r in registrants)


def test_async_methods_return_coroutines(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.async_client()
    assert asyncio.run(client.events.get(PAST)).token == PAST

    async def in_a_task() -> str | None:
        return (await asyncio.create_task(client.events.get(FUTURE))).token

    assert asyncio.run(in_a_task()) == FUTURE
    never_awaited = client.operators.list()
    never_awaited.close()
    bad = client.registrants.create(FUTURE, "not-an-email", "A", "B")
    with pytest.raises(flow_api.InvalidRequestError):
        asyncio.run(bad)
    assert [entry["path"].rsplit("/", 1)[-1] for entry in mock.requests()] == [PAST, FUTURE]


def test_one_blocking_client_shared_by_threads(sandbox: Sandbox) -> None:
    client = sandbox.client()
    tokens = [PAST, CURRENT, FUTURE] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        sessions = list(pool.map(lambda token: client.events.get(token), tokens))
    assert [s.token for s in sessions] == tokens


def test_ctrl_c_interrupts_a_slow_call_promptly(sandbox: Sandbox, mock: MockControl) -> None:
    mock.fault(method="GET", path="/api/v1/events/sessions", fault={"type": "delay", "ms": 4000})
    client = sandbox.client()
    main = threading.main_thread().ident
    assert main is not None
    timer = threading.Timer(0.3, signal.pthread_kill, (main, signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        client.events.list()
    elapsed = time.monotonic() - started
    timer.join()
    assert elapsed < 1.3, f"Ctrl-C took {elapsed - 0.3:.2f} s to interrupt the call"
    assert client.events.get(PAST).token == PAST


async def test_cancelling_an_async_call(sandbox: Sandbox, mock: MockControl) -> None:
    mock.fault(method="GET", path="/api/v1/events/sessions", fault={"type": "delay", "ms": 4000})
    client = sandbox.async_client()
    started = time.monotonic()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(client.events.list(), timeout=0.2)
    assert time.monotonic() - started < 1.0


def test_per_call_timeout_and_retries(sandbox: Sandbox, mock: MockControl) -> None:
    mock.fault(method="GET", path="/api/v1/users", count=3, fault={"type": "delay", "ms": 2000})
    client = sandbox.client()
    started = time.monotonic()
    with pytest.raises(flow_api.APITimeoutError) as caught:
        client.operators.list(timeout=0.2, max_retries=0)
    assert time.monotonic() - started < 1.5
    assert caught.value.kind == "timeout"
    assert [rule["count"] for rule in mock.faults()] == [2], "exactly one attempt was made"


def test_server_errors_are_retried_then_raised(sandbox: Sandbox, mock: MockControl) -> None:
    mock.fault(method="GET", path="/api/v1/users", count=5, fault={"type": "status", "status": 503})
    client = sandbox.client()
    with pytest.raises(flow_api.InternalServerError) as caught:
        client.operators.list(max_retries=1)
    assert caught.value.status_code == 503
    assert caught.value.request_id
    assert len(mock.requests()) == 2


def test_envelope_code_and_html_faults(sandbox: Sandbox, mock: MockControl) -> None:
    client = sandbox.client()
    mock.fault(path="/api/v1/users", fault={"type": "envelope_code", "code": 404, "message": "Gone"})
    with pytest.raises(flow_api.NotFoundError) as not_found:
        client.operators.list()
    assert not_found.value.status_code == 404 and not_found.value.message == "Gone"
    mock.fault(path="/api/v1/users", fault={"type": "html", "status": 200})
    with pytest.raises(flow_api.APIResponseValidationError) as invalid:
        client.operators.list()
    assert invalid.value.body is not None and invalid.value.body.startswith("<html>")


def test_a_registration_is_never_sent_twice(sandbox: Sandbox, mock: MockControl) -> None:
    """The server processes the registration, then the connection drops: the SDK must not repeat
    it (the answer may have been lost after the row was written)."""
    mock.fault(method="POST", path="/api/v1/registrants", fault={"type": "reset", "process": True})
    client = sandbox.client()
    email = "once.only@example.com"
    with pytest.raises(flow_api.APIConnectionError):
        client.registrants.create(FUTURE, email, "Once", "Only")
    rows = [r for r in mock.store()["registrations"] if r["email"] == email]
    assert len(rows) == 1
    posts = [e for e in mock.requests() if e["method"] == "POST"]
    assert len(posts) == 1


def test_connection_refused_is_a_connection_error() -> None:
    with Sandbox() as closed:
        base_url = closed.base_url
    client = Flow(api_secret="k", base_url=base_url, max_retries=0)
    with pytest.raises(flow_api.APIConnectionError) as caught:
        client.operators.list()
    assert type(caught.value) is flow_api.APIConnectionError
    assert "nothing was sent" in str(caught.value)


def test_environment_fallback(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOW_API_SECRET", sandbox.api_secret)
    monkeypatch.setenv("FLOW_BASE_URL", sandbox.base_url)
    client = Flow()
    assert client.base_url == sandbox.base_url
    assert client.operators.list()


def test_missing_secret_fails_before_sending(sandbox: Sandbox, mock: MockControl) -> None:
    client = Flow(base_url=sandbox.base_url)
    with pytest.raises(flow_api.FlowError) as caught:
        client.operators.list()
    assert type(caught.value) is flow_api.FlowError
    assert caught.value.kind == "missing_configuration"
    assert mock.requests() == []
    assert client.events.get_public(FUTURE).token == FUTURE


async def test_sync_client_inside_a_running_event_loop(sandbox: Sandbox) -> None:
    """Notebooks run an asyncio loop; the blocking client must not care."""
    asyncio.get_running_loop()
    assert sandbox.client().events.get(PAST).token == PAST


def test_client_survives_fork(sandbox: Sandbox) -> None:
    client = sandbox.client()
    assert client.events.get(PAST).token == PAST
    pid = os.fork()
    if pid == 0:
        try:
            ok = client.events.get(CURRENT).token == CURRENT and len(client.registrants.list(PAST)) > 0
            os._exit(0 if ok else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.events.get(FUTURE).token == FUTURE


async def test_async_client_survives_fork(sandbox: Sandbox) -> None:
    client = sandbox.async_client()
    assert (await client.events.get(PAST)).token == PAST
    pid = os.fork()
    if pid == 0:
        try:

            async def child() -> bool:
                return (await client.events.get(CURRENT)).token == CURRENT

            os._exit(0 if asyncio.run(child()) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (await client.events.get(FUTURE)).token == FUTURE


def test_context_managers(sandbox: Sandbox) -> None:
    with sandbox.client() as client:
        assert client.events.get(PAST).token == PAST
    assert client.events.get(PAST).token == PAST

    async def run() -> str | None:
        async with sandbox.async_client() as client:
            return (await client.events.get(PAST)).token

    assert asyncio.run(run()) == PAST
    with Sandbox(seed=7, registrants_per_session=3) as small:
        assert len(small.client().registrants.list(PAST)) >= 3
    with pytest.raises(ValueError):
        small.client()
