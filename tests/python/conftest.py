"""Shared fixtures: one sandbox for the session, and a clean environment for every test."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from flow_api import Sandbox


@pytest.fixture(autouse=True)
def _no_flow_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK reads FLOW_API_SECRET / FLOW_BASE_URL; a developer's shell must not leak in."""
    monkeypatch.delenv("FLOW_API_SECRET", raising=False)
    monkeypatch.delenv("FLOW_BASE_URL", raising=False)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42) as sb:
        yield sb


class MockControl:
    """The mock server's `/__mock` surface: faults, the request log, the store, reset."""

    def __init__(self, base_url: str) -> None:
        self.root = base_url.removesuffix("/api/v1") + "/__mock"

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.root + path, data=data, method=method, headers={"content-type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text else None

    def fault(self, **rule: Any) -> None:
        self._call("POST", "/faults", rule)

    def faults(self) -> Any:
        return self._call("GET", "/faults")

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def requests(self) -> Any:
        return self._call("GET", "/requests")

    def store(self) -> Any:
        return self._call("GET", "/store")

    def reset(self) -> None:
        self._call("POST", "/reset")


@pytest.fixture
def mock(sandbox: Sandbox) -> Iterator[MockControl]:
    control = MockControl(sandbox.base_url)
    control.reset()
    yield control
    control.reset()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Prints the conformance counts per client, as tests/conformance/README.md asks."""
    from test_conformance import RESULTS

    for mode, results in RESULTS.items():
        if not results:
            continue
        failed = sorted(name for name, problems in results.items() if problems)
        terminalreporter.write_line(
            f"conformance ({mode}): {len(results)} vectors, {len(results) - len(failed)} passed, "
            f"{len(failed)} failed"
        )
        for name in failed:
            terminalreporter.write_line(f"  FAILED {name}: " + "; ".join(results[name]))
