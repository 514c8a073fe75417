"""Client settings and what every error says about the request: keyword-only constructors, the
core's bounds and messages for `timeout`, `max_retries` and `max_response_bytes` (at construction
and per call), and `may_have_been_processed` on each kind of failure."""

from __future__ import annotations

import inspect
import pickle
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
        "api_secret", "base_url", "timeout", "max_retries", "max_response_bytes",
        "transport", "_sleep", "_jitter",
    ]  # fmt: skip
    with pytest.raises(TypeError):
        client_class("sk-secret")
    with pytest.raises(TypeError):
        client_class("https://flow.test/api/v1", "sk-secret")


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
