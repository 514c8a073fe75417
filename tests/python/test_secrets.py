"""The account secret manages the whole account: it must never show in a repr, an exception, a
traceback or the SDK's DEBUG log."""

from __future__ import annotations

import logging
import pickle
import traceback

import pytest

import flow_api
from flow_api import AsyncFlow, Flow, Request, Response, Sandbox

from conftest import MockControl

SECRET = "sk-live-9f8e7d6c5b4a"


def test_client_reprs_hide_the_secret(sandbox: Sandbox) -> None:
    for client in (
        Flow(api_secret=SECRET, base_url=sandbox.base_url),
        AsyncFlow(api_secret=SECRET, base_url=sandbox.base_url),
        sandbox.client(),
    ):
        text = repr(client) + str(client)
        assert SECRET not in text and sandbox.api_secret not in text
        assert "api_secret='***'" in text
    assert "api_secret=None" in repr(Flow(base_url=sandbox.base_url))


def test_a_rejected_secret_is_nowhere_in_the_error(sandbox: Sandbox) -> None:
    client = Flow(api_secret=SECRET, base_url=sandbox.base_url, max_retries=0)
    with pytest.raises(flow_api.AuthenticationError) as caught:
        client.operators.list()
    error = caught.value
    assert error.status_code == 401
    texts = [
        str(error),
        repr(error),
        str(error.body),
        str(error.message),
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
        repr(pickle.loads(pickle.dumps(error)).__dict__),
    ]
    for text in texts:
        assert SECRET not in text


def test_a_secret_echoed_by_the_server_is_redacted() -> None:
    def echo(request: Request) -> Response:
        secret = request.headers["api-secret"]
        return Response(403, json={"code": 403, "message": f"key {secret} may not do this"})

    client = Flow(api_secret=SECRET, base_url="https://flow.test/api/v1", transport=echo)
    with pytest.raises(flow_api.PermissionDeniedError) as caught:
        client.operators.list()
    assert caught.value.message == "key *** may not do this"
    assert SECRET not in str(caught.value) and SECRET not in str(caught.value.body)


def test_the_request_repr_hides_the_secret() -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(repr(request))
        if "/csv/" in request.url:
            return Response(200, {"content-type": "text/csv"}, content="a\n1\n")
        return Response(200, json={"code": 200, "data": []})

    client = Flow(api_secret=SECRET, base_url="https://flow.test/api/v1", transport=handler)
    client.operators.list()
    assert seen and SECRET not in seen[0] and "'***'" in seen[0].replace('"', "'")
    # The secret passed by mistake where a token goes is on the wire, but not in the repr.
    client.registrants.list(SECRET)
    client.reports.survey("tok", f"{SECRET}/é")
    assert SECRET not in seen[1] and "/registrants/***" in seen[1]
    assert all(SECRET not in text for text in seen), seen


def test_the_response_repr_shows_no_content() -> None:
    response = Response(403, {"x-request-id": SECRET}, json={"message": f"bad key {SECRET}"})
    assert repr(response) == f"Response(status_code=403, {len(response.content)} bytes)"


def test_debug_log_shows_attempts_but_never_the_secret(
    sandbox: Sandbox, mock: MockControl, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`FLOW_LOG=debug` turns the core's log on; every line it writes is redacted."""
    mock.fault(method="GET", path="/api/v1/users", fault={"type": "status", "status": 503})
    monkeypatch.setenv("FLOW_LOG", "debug")
    caplog.set_level(logging.DEBUG, logger="flow_api")
    sandbox.client().operators.list()
    with pytest.raises(flow_api.AuthenticationError):
        Flow(api_secret=SECRET, base_url=sandbox.base_url).operators.list()
    records = [r for r in caplog.records if r.name.startswith("flow_api")]
    messages = [r.getMessage() for r in records]
    assert any("operators.list" in m and "attempt 2" in m for m in messages), messages
    assert any(r.levelno == logging.DEBUG for r in records)
    for text in [*messages, caplog.text]:
        assert SECRET not in text and sandbox.api_secret not in text
