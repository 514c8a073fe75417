"""Client settings and what every error says about the request: keyword-only constructors, the
core's resolution of every setting (`None` = unset, the environment, bounds and messages, at
construction, in `with_options` and per call), headers, the User-Agent, request ids, logging,
input decoding, and `may_have_been_processed` on each kind of failure."""

from __future__ import annotations

import inspect
import logging
import pickle
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import flow_api
from flow_api import AsyncFlow, Flow, Request, Response, Sandbox

BASE = "https://flow.test/api/v1"
CLIENTS = [Flow, AsyncFlow]


def ok(request: Request) -> Response:
    return Response(200, json={"code": 200, "data": []})


@pytest.mark.parametrize("client_class", CLIENTS)
def test_every_constructor_argument_is_keyword_only(client_class: Any) -> None:
    parameters = inspect.signature(client_class).parameters.values()
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
    assert [p.name for p in parameters] == [
        "api_secret", "base_url", "timeout", "max_retries", "default_headers", "max_response_bytes",
        "log_level", "transport", "_sleep", "_jitter",
    ]  # fmt: skip
    assert all(p.default is None for p in parameters)
    with pytest.raises(TypeError):
        client_class("sk-secret")
    with pytest.raises(TypeError):
        client_class("https://flow.test/api/v1", "sk-secret")
    # A setting the core does not know is refused by the core, like a bad value.
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        client_class(api_secret="k", max_retry=3)
    assert (caught.value.field, caught.value.endpoint) == ("max_retry", "client")


@pytest.mark.parametrize("client_class", CLIENTS)
def test_settings_are_exposed_read_only(client_class: Any) -> None:
    client = client_class(api_secret="k", base_url=BASE + "/", timeout=2.5, max_retries=10)
    assert (client.base_url, client.timeout, client.max_retries) == (BASE, 2.5, 10)
    assert client.max_response_bytes == 512 * 1024 * 1024
    assert client_class(api_secret="k", max_response_bytes=1024).max_response_bytes == 1024
    assert "max_response_bytes=536870912" in repr(client)
    with pytest.raises(AttributeError):
        client.max_response_bytes = 10


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 2**64}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": -1.0}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"timeout": 2_147_484.0}, "timeout"),
        ({"max_response_bytes": 1023}, "max_response_bytes"),
        ({"max_response_bytes": -1}, "max_response_bytes"),
    ],
)
@pytest.mark.parametrize("client_class", CLIENTS)
def test_the_cores_bounds_at_construction(client_class: Any, settings: dict[str, Any], field: str) -> None:
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        client_class(api_secret="k", base_url=BASE, **settings)
    assert caught.value.field == field and caught.value.endpoint == "client"
    assert caught.value.may_have_been_processed is False


def test_the_cores_bounds_per_call() -> None:
    sent: list[Request] = []

    def handler(request: Request) -> Response:
        sent.append(request)
        return ok(request)

    client = Flow(api_secret="k", base_url=BASE, transport=handler)
    for arguments, field in (
        ({"max_retries": 11}, "max_retries"),
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0.0}, "timeout"),
        ({"timeout": 3e6}, "timeout"),
    ):
        with pytest.raises(flow_api.InvalidRequestError) as caught:
            client.events.list(**arguments)
        assert (caught.value.field, caught.value.endpoint) == (field, "events.list")
    assert sent == []
    assert client.events.list(max_retries=10, timeout=2_147_483.0) == []
    assert sent[0].timeout == 2_147_483.0


async def test_the_cores_bounds_per_async_call() -> None:
    client = AsyncFlow(api_secret="k", base_url=BASE, transport=ok)
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        await client.operators.list(max_retries=11)
    assert (caught.value.field, caught.value.endpoint) == ("max_retries", "operators.list")


def test_the_sandbox_takes_the_same_settings(sandbox: Sandbox) -> None:
    assert sandbox.client(max_response_bytes=4096).max_response_bytes == 4096
    assert sandbox.async_client(timeout=3.0).timeout == 3.0
    with pytest.raises(flow_api.InvalidRequestError):
        sandbox.client(max_retries=11)


def failing(failure: BaseException | Response) -> Any:
    def handler(request: Request) -> Response:
        if isinstance(failure, Response):
            return failure
        raise failure

    return handler


def register(client: Flow, email: str = "ana@example.com") -> Any:
    return client.registrants.create("T35tT0K3n", email, "Ana", "Silva")


@pytest.mark.parametrize(
    ("failure", "processed"),
    [
        pytest.param(ConnectionRefusedError("refused"), False, id="connect"),
        pytest.param(ConnectionResetError("reset"), True, id="io"),
        pytest.param(TimeoutError("slow"), True, id="timeout"),
        pytest.param(Response(400, json={"code": 400, "message": "no"}), False, id="400"),
        pytest.param(Response(429, json={"code": 429}), False, id="429"),
        pytest.param(Response(503, json={"code": 503}), False, id="503"),
        pytest.param(Response(500, json={"code": 500}), True, id="500"),
        pytest.param(Response(200, content="<html>oops</html>"), True, id="200_html"),
        pytest.param(Response(302, {"location": "https://elsewhere.test/"}), True, id="302"),
    ],
)
def test_may_have_been_processed_after_a_write(failure: BaseException | Response, processed: bool) -> None:
    client = Flow(base_url=BASE, transport=failing(failure), max_retries=0)
    with pytest.raises(flow_api.APIError) as caught:
        register(client)
    error = caught.value
    assert error.may_have_been_processed is processed
    assert ("check with registrants.list" in str(error)) is processed
    clone = pickle.loads(pickle.dumps(error))
    assert clone.may_have_been_processed is processed and clone.__dict__ == error.__dict__


def test_may_have_been_processed_before_sending_and_by_hand() -> None:
    with pytest.raises(flow_api.InvalidRequestError) as invalid:
        register(Flow(base_url=BASE, transport=ok), email="not-an-email")
    assert invalid.value.may_have_been_processed is False
    with pytest.raises(flow_api.FlowError) as missing:
        Flow(base_url=BASE, transport=ok).operators.list()
    assert missing.value.kind == "missing_configuration" and missing.value.may_have_been_processed is False
    # Built by hand, nothing is known: the cautious answer.
    assert flow_api.APIConnectionError("by hand").may_have_been_processed is True


# ---------------------------------------------------------------- None, the environment, with_options


class Recorder:
    """A `transport=` handler that records every request and answers `answer`."""

    def __init__(self, answer: Response | None = None) -> None:
        self.sent: list[Request] = []
        self.answer = answer or Response(200, json={"code": 200, "data": []})

    def __call__(self, request: Request) -> Response:
        self.sent.append(request)
        return self.answer


@pytest.mark.parametrize("client_class", CLIENTS)
def test_none_is_unset(client_class: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_class(api_secret="k", base_url=BASE, timeout=None, max_retries=None, log_level=None)
    assert (client.timeout, client.max_retries) == (30.0, 2)
    monkeypatch.setenv("FLOW_BASE_URL", BASE + "/")
    assert client_class(api_secret="k", base_url=None).base_url == BASE


def test_an_empty_secret_is_no_secret_even_with_the_variable_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOW_API_SECRET", "from-the-environment")
    recorder = Recorder()
    assert Flow(base_url=BASE, transport=recorder).operators.list() == []
    assert recorder.sent[-1].headers["api-secret"] == "from-the-environment"
    with pytest.raises(flow_api.FlowError) as caught:
        Flow(api_secret="", base_url=BASE, transport=recorder).operators.list()
    assert caught.value.kind == "missing_configuration" and len(recorder.sent) == 1


@pytest.mark.parametrize("client_class", CLIENTS)
def test_with_options_overrides_and_keeps_the_rest(
    client_class: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_class(api_secret="k", base_url=BASE, timeout=10, max_response_bytes=4096, transport=ok)
    monkeypatch.setenv("FLOW_BASE_URL", "https://elsewhere.test/api/v1")
    other = client.with_options(timeout=2.5, max_retries=0)
    assert type(other) is client_class and other is not client
    assert (other.timeout, other.max_retries, other.max_response_bytes) == (2.5, 0, 4096)
    assert other.base_url == BASE, "the environment is not read again"
    assert (client.timeout, client.max_retries) == (10.0, 2), "the original is unchanged"
    assert client.with_options().timeout == 10.0
    assert client.with_options(timeout=None).timeout == 10.0
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        client.with_options(max_retries=11)
    assert (caught.value.field, caught.value.endpoint) == ("max_retries", "client")
    with pytest.raises(flow_api.InvalidRequestError) as unknown:
        client.with_options(transport=ok)
    assert unknown.value.field == "transport"


class Counting(ThreadingHTTPServer):
    """A keep-alive HTTP/1.1 server on a free loopback port that counts the connections made to it."""

    daemon_threads = True

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                server.connections += 1
                super().setup()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body = b'{"code": 200, "data": []}'
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.connections = 0
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/v1"


@pytest.fixture
def counting() -> Iterator[Counting]:
    server = Counting()
    yield server
    server.shutdown()
    server.server_close()


def test_with_options_shares_the_connection_pool(counting: Counting) -> None:
    # A finished connection goes back to the pool on the runtime's own time; the pauses let it,
    # so the count measures whether the clients share a pool, not that race (seen on a busy CI).
    client = Flow(api_secret="k", base_url=counting.base_url)
    assert client.operators.list() == []
    time.sleep(0.05)
    assert client.with_options(timeout=5, default_headers={"x-team": "a"}).operators.list() == []
    time.sleep(0.05)
    assert client.with_options(max_retries=0).with_options(timeout=3).operators.list() == []
    assert counting.connections == 1
    assert Flow(api_secret="k", base_url=counting.base_url).operators.list() == []
    assert counting.connections == 2, "a new client has its own pool"


# ---------------------------------------------------------------- headers and the User-Agent


@pytest.mark.parametrize("client_class", CLIENTS)
async def test_default_and_extra_headers_reach_the_transport(client_class: Any) -> None:
    recorder = Recorder()
    client = client_class(
        api_secret="k", base_url=BASE, transport=recorder, default_headers={"X-Team": "a", "X-Trace": "1"}
    )

    async def call(on: Any = client, **options: Any) -> Any:
        result = on.operators.list(**options)
        return await result if inspect.isawaitable(result) else result

    await call()
    await call(extra_headers={"x-trace": "2", "x-call": "yes"})
    await call(extra_headers={"user-agent": None, "x-team": None})
    await call(client.with_options(default_headers={"x-team": "b"}))
    first, second, third, fourth = (request.headers for request in recorder.sent)
    assert (first["x-team"], first["x-trace"]) == ("a", "1")
    assert (second["x-team"], second["x-trace"], second["x-call"]) == ("a", "2", "yes")
    assert "user-agent" not in third and "x-team" not in third and third["x-trace"] == "1"
    assert (fourth["x-team"], fourth["x-trace"]) == ("b", "1")
    assert all(request.headers["api-secret"] == "k" for request in recorder.sent)


@pytest.mark.parametrize("name", ["api-secret", "Host", "content-length"])
def test_refused_header_names(name: str) -> None:
    recorder = Recorder()
    with pytest.raises(flow_api.InvalidRequestError) as construction:
        Flow(api_secret="k", base_url=BASE, transport=recorder, default_headers={name: "x"})
    assert (construction.value.field, construction.value.endpoint) == ("default_headers", "client")
    client = Flow(api_secret="k", base_url=BASE, transport=recorder)
    with pytest.raises(flow_api.InvalidRequestError) as per_call:
        client.operators.list(extra_headers={name: "x"})
    assert (per_call.value.field, per_call.value.endpoint) == ("extra_headers", "operators.list")
    with pytest.raises(flow_api.InvalidRequestError):
        client.with_options(default_headers={name: "x"})
    with pytest.raises(flow_api.InvalidRequestError) as bad_value:
        client.operators.list(extra_headers={"x-a": "a\r\nb"})
    assert bad_value.value.field == "extra_headers"
    assert recorder.sent == []


def test_the_user_agent_names_the_package_and_the_runtime(sandbox: Sandbox) -> None:
    recorder = Recorder()
    Flow(api_secret="k", base_url=BASE, transport=recorder).operators.list()
    runtime = f"{sys.implementation.name}/{sys.version_info[0]}.{sys.version_info[1]}"
    assert recorder.sent[0].headers["user-agent"] == f"flow-api-python/{flow_api.__version__} {runtime}"


# ---------------------------------------------------------------- request ids


def test_every_result_has_the_request_id() -> None:
    def handler(request: Request) -> Response:
        headers = {"x-request-id": "req-42"}
        if "/csv/summary/" in request.url:
            tables = {
                "registrants": "a\n1\n",
                "attendeeChat": "b\n2\n",
                "operatorChat": "",
                "surveyResults": "",
            }
            return Response(200, headers, json={"code": 200, "data": tables})
        if "/csv/" in request.url:
            return Response(200, {**headers, "content-type": "text/csv"}, content="a,b\n1,2\n")
        if request.url.endswith("/users"):
            return Response(200, json={"code": 200, "data": [{"id": 1}]})
        item = {"token": "t0k", "creator": {"id": 7}}
        data = [item, item] if request.url.endswith("/sessions") else item
        return Response(200, headers, json={"code": 200, "data": data})

    client = Flow(api_secret="k", base_url=BASE, transport=handler)
    session = client.events.get("t0k")
    assert session._request_id == "req-42"
    assert session.creator is not None and session.creator._request_id == "req-42"
    sessions = client.events.list()
    assert isinstance(sessions, flow_api.ModelList) and sessions._request_id == "req-42"
    assert [item._request_id for item in sessions] == ["req-42", "req-42"]
    report = client.reports.registrants("t0k")
    assert report._request_id == "req-42"
    summary = client.reports.summary("t0k")
    assert summary._request_id == "req-42" and summary.registrants._request_id == "req-42"
    without = client.operators.list()
    assert without._request_id is None and without[0]._request_id is None
    # The id is about one answer: equality ignores it, and pickling may drop it.
    clone = pickle.loads(pickle.dumps(session))
    assert clone == session and clone._request_id is None
    assert flow_api.EventSession.from_dict({"token": "t0k"})._request_id is None
    assert pickle.loads(pickle.dumps(sessions))._request_id == "req-42"


async def test_async_results_have_the_request_id() -> None:
    answer = Response(200, {"x-request-id": "req-7"}, json={"code": 200, "data": [{"id": 1}]})
    operators = await AsyncFlow(api_secret="k", base_url=BASE, transport=Recorder(answer)).operators.list()
    assert operators._request_id == "req-7" and operators[0]._request_id == "req-7"


# ---------------------------------------------------------------- logging


SECRET = "sk-log-7d1c9e2b"


def test_flow_log_debug_writes_redacted_lines(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def echo(request: Request) -> Response:
        return Response(500, {"x-request-id": request.headers["api-secret"]}, json={"code": 500})

    monkeypatch.setenv("FLOW_LOG", "debug")
    caplog.set_level(logging.DEBUG, logger="flow_api")
    client = Flow(api_secret=SECRET, base_url=BASE, transport=echo, max_retries=1, _sleep=lambda _: None)
    with pytest.raises(flow_api.InternalServerError):
        client.operators.list()
    records = [r for r in caplog.records if r.name == "flow_api"]
    levels = {r.levelno for r in records}
    assert {logging.DEBUG, logging.INFO, logging.WARNING} <= levels
    messages = [r.getMessage() for r in records]
    assert any("operators.list" in m and "attempt 2" in m for m in messages), messages
    assert all(SECRET not in text for text in [*messages, caplog.text])
    # Logging on, the flow_api logger got a handler of its own (stderr), once.
    handlers = logging.getLogger("flow_api").handlers
    assert len(handlers) == 1 and isinstance(handlers[0], logging.StreamHandler)
    Flow(api_secret=SECRET, base_url=BASE, transport=echo)
    assert len(logging.getLogger("flow_api").handlers) == 1


def test_no_log_lines_without_flow_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("FLOW_LOG", raising=False)
    caplog.set_level(logging.DEBUG, logger="flow_api")
    client = Flow(api_secret="k", base_url=BASE, transport=ok)
    client.operators.list()
    assert [r for r in caplog.records if r.name == "flow_api"] == []
    # The level can also be a setting, here and in with_options.
    client.with_options(log_level="info").operators.list()
    assert [r for r in caplog.records if r.name == "flow_api"] == [], "info shows retries, not attempts"
    client.with_options(log_level="debug").operators.list()
    assert any(r.levelno == logging.DEBUG for r in caplog.records if r.name == "flow_api")


def test_a_bad_flow_log_is_refused_at_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOW_LOG", "loud")
    with pytest.raises(flow_api.FlowError) as caught:
        Flow(api_secret="k", base_url=BASE)
    assert caught.value.kind == "missing_configuration" and "FLOW_LOG" in str(caught.value)
    monkeypatch.delenv("FLOW_LOG")
    with pytest.raises(flow_api.InvalidRequestError) as setting:
        Flow(api_secret="k", base_url=BASE, log_level="off").with_options(log_level="loud")
    assert setting.value.field == "log_level"


# ---------------------------------------------------------------- input decoding


BAD_INPUTS: list[tuple[str, Any, str]] = [
    ("bool survey_id", lambda c: c.reports.survey("tok", True), "survey_id"),
    ("bool survey_id by name", lambda c: c.reports.survey(session_token="tok", survey_id=False), "survey_id"),
    ("period last", lambda c: c.events.list(period="last"), "period"),
    ("period last by position", lambda c: c.events.list("last"), "period"),
    ("missing email", lambda c: c.registrants.create(session_token="t", first_name="A", last_name="L"),
     "email"),
    ("extra keyword", lambda c: c.registrants.list("tok", colour="blue"), "colour"),
    ("extra keyword, no inputs", lambda c: c.operators.list(session_token="tok"), "session_token"),
    ("too many positional", lambda c: c.registrants.list("tok", "extra"), "input"),
    ("given twice", lambda c: c.registrants.list("tok", session_token="tok"), "session_token"),
    ("int where text goes", lambda c: c.registrants.list(12), "session_token"),
    ("operators of the wrong shape", lambda c: c.events.create(1, "t", "d", "2031-01-01", "10:00:00", "UTC",
                                                                 operators=[{"id": "x"}]), "operators"),
    ("nan", lambda c: c.events.create(1, "t", "d", "2031-01-01", "10:00:00", "UTC", duration=float("nan")),
     "duration"),
    ("an object", lambda c: c.registrants.list(object()), "session_token"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "field"), [case[1:] for case in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
@pytest.mark.parametrize("client_class", CLIENTS)
async def test_bad_input_is_the_cores_invalid_request(client_class: Any, call: Any, field: str) -> None:
    recorder = Recorder()
    client = client_class(api_secret="k", base_url=BASE, transport=recorder)
    with pytest.raises(flow_api.InvalidRequestError) as caught:
        result = call(client)
        if inspect.isawaitable(result):
            await result
    assert caught.value.field == field, str(caught.value)
    assert caught.value.kind == "invalid_request" and caught.value.may_have_been_processed is False
    assert recorder.sent == []


def test_inputs_by_position_and_by_name_are_the_same() -> None:
    recorder = Recorder(Response(200, json={"code": 200, "data": {"isNew": True}}))
    client = Flow(api_secret="k", base_url=BASE, transport=recorder)
    client.registrants.create("tok", "a@b.co", "Ada", "L", True)
    client.registrants.create("tok", "a@b.co", first_name="Ada", last_name="L", redirect=True)
    client.registrants.create(
        session_token="tok", email="a@b.co", first_name="Ada", last_name="L", redirect=True
    )
    assert len({(r.url, r.content) for r in recorder.sent}) == 1
    csv = Recorder(Response(200, {"content-type": "text/csv"}, content="a\n1\n"))
    reports = Flow(api_secret="k", base_url=BASE, transport=csv).reports
    assert reports.survey("tok", 12) == reports.survey("tok", "12") == reports.survey("tok", survey_id=12.0)
    assert len({r.url for r in csv.sent}) == 1 and csv.sent[0].url.endswith("/tok/12")
