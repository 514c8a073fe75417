"""Clients pickle without their secret, so Dask, Ray or multiprocessing can ship them to workers: the
pickle carries the other settings, the unpickled client reads FLOW_API_SECRET in the process it
lands in, and a call that needs the secret says to set it there when it is missing."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from runner_support import secret_forms

import flow_api
from flow_api import AsyncFlow, Flow, Request, Response, Sandbox

SECRET = "pickled-s3cret-4b1d"
SETTINGS: dict[str, Any] = {
    "timeout": 2.5,
    "max_retries": 4,
    "max_response_bytes": 4096,
    "default_headers": {"x-team": "analytics", "user-agent": None},
    "log_level": "off",
}


@pytest.fixture(scope="module")
def secret_sandbox() -> Iterator[Sandbox]:
    with Sandbox(api_secret=SECRET) as sb:
        yield sb


@pytest.mark.parametrize("cls", [Flow, AsyncFlow])
def test_the_secret_is_not_in_the_pickle(
    cls: Any, secret_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = cls(api_secret=SECRET, base_url=secret_sandbox.base_url, **SETTINGS)
    for sent in (client, client.with_options(max_retries=1)):
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            data = pickle.dumps(sent, protocol)
            assert not [form for form in secret_forms(SECRET) if form.encode() in data], protocol
            monkeypatch.delenv("FLOW_API_SECRET", raising=False)
            bare = pickle.loads(data)
            assert type(bare) is cls and "api_secret=None" in repr(bare)
            assert (bare.base_url, bare.timeout, bare.max_retries, bare.max_response_bytes) == (
                sent.base_url, sent.timeout, sent.max_retries, sent.max_response_bytes,
            )  # fmt: skip
            monkeypatch.setenv("FLOW_API_SECRET", SECRET)
            assert "api_secret='***'" in repr(pickle.loads(data))


def test_the_unpickled_client_reads_the_secret_where_it_lands(
    secret_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Flow(api_secret=SECRET, base_url=secret_sandbox.base_url, timeout=5)
    data = pickle.dumps(client)
    monkeypatch.setenv("FLOW_API_SECRET", SECRET)
    assert len(pickle.loads(data).registrants.list("LKo586mmk7g")) > 0
    monkeypatch.delenv("FLOW_API_SECRET")
    with pytest.raises(flow_api.FlowError) as caught:
        pickle.loads(data).registrants.list("LKo586mmk7g")
    error = caught.value
    assert type(error) is flow_api.FlowError and error.kind == "missing_configuration"
    assert "FLOW_API_SECRET" in str(error) and "worker" in str(error) and "unpickled" in str(error)
    # Public calls need no secret.
    assert pickle.loads(data).events.get_public("LKo586mmk7g").token == "LKo586mmk7g"


def test_another_process_unpickles_with_its_own_environment(secret_sandbox: Sandbox) -> None:
    data = pickle.dumps(Flow(api_secret=SECRET, base_url=secret_sandbox.base_url))
    child = "import pickle, sys; client = pickle.load(sys.stdin.buffer); print(len(client.operators.list()))"
    env = {**os.environ, "FLOW_API_SECRET": SECRET}
    done = subprocess.run([sys.executable, "-c", child], input=data, env=env, capture_output=True, check=True)
    assert int(done.stdout) > 0


def test_the_default_headers_travel(secret_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Request] = []

    def transport(request: Request) -> Response:
        seen.append(request)
        return Response(200, json={"code": 200, "data": []})

    monkeypatch.setenv("FLOW_API_SECRET", SECRET)
    headers = pickle.loads(pickle.dumps(Flow(api_secret=SECRET, **SETTINGS))).__reduce__()[1][0]
    Flow(transport=transport, **headers).operators.list()
    assert seen[0].headers["x-team"] == "analytics" and "user-agent" not in seen[0].headers


def test_a_client_with_test_seams_refuses_to_be_pickled() -> None:
    client = Flow(api_secret=SECRET, transport=lambda request: Response(200, json={"code": 200, "data": []}))
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(client)
