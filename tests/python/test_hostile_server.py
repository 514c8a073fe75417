"""A hostile or broken server, over real loopback sockets (the reqwest transport, not the
`transport=` seam): redirects that would carry the secret away or repeat a write, CSV reports built
to be slow to parse, bodies larger than `max_response_bytes`, and a server that echoes the secret
in every encoding. Each server is a small stdlib `http.server` in a thread; every call runs under a
hang guard, so a regression fails in seconds instead of stalling the suite."""

from __future__ import annotations

import asyncio
import logging
import pickle
import socket
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

import flow_api
from flow_api import AsyncFlow, Flow

SECRET = "sk-live-h0st1le-5erver-7q"
PAST = "LKo586mmk7g"
# Not a speed test: a call that has not returned by then is hung.
HANG_GUARD_S = 10.0
MODES = ["sync", "async"]


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Respond = Callable[[BaseHTTPRequestHandler, Seen], None]


@dataclass
class Server:
    """An HTTP/1.1 server on a free loopback port that records every request and answers it with
    `respond`, which writes the whole answer itself (so it can lie about lengths or stream)."""

    respond: Respond
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                seen = Seen(self.command, self.path, headers, body)
                outer.seen.append(seen)
                try:
                    outer.respond(self, seen)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client stopped reading, as it should

            do_GET = do_POST = handle_one

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Listener:
    """A bare TCP socket that records every connection made to it and every byte received."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.received = b""
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            conn.settimeout(0.5)
            try:
                while chunk := conn.recv(65536):
                    self.received += chunk
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Respond], Server]]:
    servers: list[Server] = []

    def start(respond: Respond) -> Server:
        server = Server(respond)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def answer(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> None:
    """A complete answer with a Content-Length."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("content-length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def guarded(call: Callable[[], Any]) -> Any:
    """`call()` in a daemon thread: its result or exception, or a test failure if it hangs."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except BaseException as exc:  # handed to the test thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG_GUARD_S)
    if thread.is_alive():
        pytest.fail(f"the call had not returned after {HANG_GUARD_S} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def run(mode: str, operation: Callable[[Any], Any], **settings: Any) -> Any:
    """Builds `Flow` or `AsyncFlow` with `settings` and runs `operation(client)` to completion,
    under the hang guard."""

    def call() -> Any:
        client: Any = (Flow if mode == "sync" else AsyncFlow)(**settings)
        result = operation(client)
        return asyncio.run(result) if mode == "async" else result

    return guarded(call)


# ---------------------------------------------------------------- redirects


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_is_not_followed_and_the_secret_stays_home(
    serve: Callable[[Respond], Server], mode: str
) -> None:
    elsewhere = Listener()
    try:
        location = f"http://127.0.0.1:{elsewhere.port}/steal?what=secret"
        api = serve(lambda h, _: answer(h, 302, b"Found", {"location": location}))
        with pytest.raises(flow_api.APIStatusError) as caught:
            run(mode, lambda c: c.events.list(), api_secret=SECRET, base_url=api.base_url)
        time.sleep(0.3)  # a follow-up request, were one made, would have arrived by now
        assert elsewhere.connections == 0 and elsewhere.received == b""
    finally:
        elsewhere.close()
    error = caught.value
    assert type(error) is flow_api.APIStatusError and error.status_code == 302
    assert "redirect" in str(error) and "/steal" not in str(error)
    assert [(s.method, s.path) for s in api.seen] == [("GET", "/api/v1/events/sessions")]
    assert api.seen[0].headers["api-secret"] == SECRET


@pytest.mark.parametrize("mode", MODES)
def test_a_redirected_registration_is_sent_once_and_may_have_been_processed(
    serve: Callable[[Respond], Server], mode: str
) -> None:
    api = serve(lambda h, _: answer(h, 307, headers={"location": "http://127.0.0.1:9/"}))
    with pytest.raises(flow_api.APIStatusError) as caught:
        run(
            mode,
            lambda c: c.registrants.create("T35tT0K3n", "ana@example.com", "Ana", "Silva"),
            base_url=api.base_url,
            max_retries=2,
        )
    assert [(s.method, s.path) for s in api.seen] == [("POST", "/api/v1/registrants")]
    error = caught.value
    assert error.status_code == 307 and error.may_have_been_processed is True
    assert "check with registrants.list" in str(error)


# ---------------------------------------------------------------- hostile CSV reports


def csv_server(serve: Callable[[Respond], Server], body: bytes) -> Server:
    return serve(lambda h, _: answer(h, 200, body, {"content-type": "text/csv"}))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"a," * 20_000 + b"\n1\n", id="20000_columns_header"),
        pytest.param(b"a\n" + b"," * 1_000_000 + b"\n" + b"x\n" * 100_000, id="a_million_commas_row"),
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_csv_built_to_be_slow_is_refused_promptly(
    serve: Callable[[Respond], Server], mode: str, body: bytes
) -> None:
    api = csv_server(serve, body)
    with pytest.raises(flow_api.APIResponseValidationError) as caught:
        run(mode, lambda c: c.reports.registrants(PAST), api_secret=SECRET, base_url=api.base_url)
    assert caught.value.kind == "response_validation" and caught.value.status_code == 200
    assert "columns" in str(caught.value)
    assert len(api.seen) == 1


# ---------------------------------------------------------------- bodies over max_response_bytes

MEGABYTE = b'{"code": 200, "data": [' + b'{"title": "yyyyyyyy"},' * 50_000 + b'{"title": "z"}]}'


def declared(handler: BaseHTTPRequestHandler, _: Seen) -> None:
    answer(handler, 200, MEGABYTE, {"content-type": "application/json"})


def chunked(handler: BaseHTTPRequestHandler, _: Seen) -> None:
    handler.send_response(200)
    handler.send_header("content-type", "application/json")
    handler.send_header("transfer-encoding", "chunked")
    handler.end_headers()
    for at in range(0, len(MEGABYTE), 16_384):
        piece = MEGABYTE[at : at + 16_384]
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    handler.wfile.write(b"0\r\n\r\n")


def until_close(handler: BaseHTTPRequestHandler, _: Seen) -> None:
    handler.send_response(200)
    handler.send_header("content-type", "application/json")
    handler.send_header("connection", "close")
    handler.end_headers()
    handler.wfile.write(MEGABYTE)
    handler.close_connection = True


@pytest.mark.parametrize("respond", [declared, chunked, until_close], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", MODES)
def test_a_body_over_max_response_bytes_is_refused(
    serve: Callable[[Respond], Server], mode: str, respond: Respond
) -> None:
    assert len(MEGABYTE) > 1_000_000
    api = serve(respond)
    assert Flow(api_secret=SECRET, base_url=api.base_url, max_response_bytes=4096).max_response_bytes == 4096
    started = time.monotonic()
    with pytest.raises(flow_api.APIResponseValidationError) as caught:
        run(
            mode,
            lambda c: c.events.list(),
            api_secret=SECRET,
            base_url=api.base_url,
            max_response_bytes=4096,
        )
    assert time.monotonic() - started < 5.0
    error = caught.value
    assert error.status_code == 200 and "max_response_bytes" in str(error) and "4096" in str(error)
    assert len(api.seen) == 1, "a body too large is not fetched again"


def test_the_default_bound_lets_a_megabyte_through(serve: Callable[[Respond], Server]) -> None:
    api = serve(chunked)
    sessions = run("sync", lambda c: c.events.list(), api_secret=SECRET, base_url=api.base_url)
    assert len(sessions) == 50_001


# ---------------------------------------------------------------- the secret as given


def test_a_secret_with_a_trailing_newline_is_sent_trimmed(serve: Callable[[Respond], Server]) -> None:
    api = serve(lambda h, _: answer(h, 200, b'{"code": 200, "data": []}'))
    for mode in MODES:
        assert run(mode, lambda c: c.events.list(), api_secret=f"  {SECRET}\n", base_url=api.base_url) == []
    assert [s.headers["api-secret"] for s in api.seen] == [SECRET, SECRET]


@pytest.mark.parametrize("client_class", [Flow, AsyncFlow])
def test_bad_secrets_and_urls_are_refused_without_echo(client_class: Any) -> None:
    with_control = "sk-live-\x01-d0ntpr1ntme"
    with pytest.raises(flow_api.FlowError) as caught:
        client_class(api_secret=with_control, base_url="https://flow.test/api/v1")
    assert caught.value.kind == "missing_configuration" and "control character" in str(caught.value)
    assert "d0ntpr1ntme" not in str(caught.value) + repr(caught.value)

    with pytest.raises(flow_api.FlowError) as swapped:
        client_class(api_secret=SECRET, base_url=SECRET)
    assert swapped.value.kind == "missing_configuration" and "base URL" in str(swapped.value)
    assert SECRET not in str(swapped.value) + repr(swapped.value)

    with pytest.raises(TypeError):
        client_class("http://x", "secret")


# ---------------------------------------------------------------- the secret echoed back


def percent(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


def json_escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


FORMS = [SECRET, json_escaped(SECRET), percent(SECRET)]


def echo_in_message(form: str) -> Respond:
    def respond(handler: BaseHTTPRequestHandler, _: Seen) -> None:
        body = f'{{"code": 500, "message": "bad key {form}", "detail": "{form}"}}'
        answer(handler, 500, body.encode(), {"content-type": "application/json", "x-request-id": "r-1"})

    return respond


def echo_in_request_id(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    answer(
        handler,
        500,
        b'{"code": 500, "message": "try later"}',
        {"content-type": "application/json", "x-request-id": f"req-{seen.headers['api-secret']}"},
    )


def echo_in_html(handler: BaseHTTPRequestHandler, seen: Seen) -> None:
    secret = seen.headers["api-secret"]
    page = f"<html><title>{secret}</title><body>{json_escaped(secret)} {urllib.parse.quote(secret)}"
    answer(handler, 200, page.encode(), {"content-type": "text/html"})


ECHOES: dict[str, Respond] = {
    "plain": echo_in_message(SECRET),
    "json_escaped": echo_in_message(json_escaped(SECRET)),
    "percent_encoded": echo_in_message(percent(SECRET)),
    "request_id": echo_in_request_id,
    "html_200": echo_in_html,
}


@pytest.mark.parametrize("echo", list(ECHOES))
@pytest.mark.parametrize("mode", MODES)
def test_a_secret_echoed_by_the_server_shows_nowhere(
    serve: Callable[[Respond], Server],
    mode: str,
    echo: str,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = serve(ECHOES[echo])
    monkeypatch.setenv("FLOW_LOG", "debug")
    caplog.set_level(logging.DEBUG, logger="flow_api")
    with pytest.raises(flow_api.APIError) as caught:
        run(
            mode,
            lambda c: c.operators.list(),
            api_secret=SECRET,
            base_url=api.base_url,
            max_retries=1,
            _sleep=lambda _: None,
        )
    error = caught.value
    assert all(s.headers["api-secret"] == SECRET for s in api.seen)
    records = [r for r in caplog.records if r.name.startswith("flow_api")]
    assert any(r.levelno == logging.DEBUG for r in records), "the DEBUG log was captured"
    shown = [
        str(error),
        repr(error),
        repr(error.args),
        str(error.body),
        str(error.message),
        str(error.request_id),
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
        repr(pickle.loads(pickle.dumps(error)).__dict__),
        caplog.text,
        *(r.getMessage() for r in records),
    ]
    for text in shown:
        for form in FORMS:
            assert form not in text, (form, text)
    # The echo did reach the error, scrubbed.
    if echo == "request_id":
        assert error.request_id == "req-***"
    elif echo == "html_200":
        assert error.body is not None and error.body.startswith("<html><title>***</title><body>*** ***")
    else:
        assert error.message == "bad key ***" and error.request_id == "r-1"
