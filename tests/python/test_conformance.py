"""Every conformance vector in tests/conformance/, through the public Python API, twice: with `Flow`
and with `AsyncFlow`. Canned answers come in through the `transport=` seam, so each vector runs the
real driver, retry policy and parsers. The format is tests/conformance/README.md; a vector this
runner cannot run fails, never skips."""

from __future__ import annotations

import base64
import json
import math
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from runner_support import ERROR_CLASSES, secret_forms

import flow_api
from flow_api import AsyncFlow, Flow, Request, Response

VECTORS = Path(__file__).resolve().parents[1] / "conformance"
FILES = sorted(VECTORS.glob("*.json"))
COUNTS_DIR = Path(__file__).resolve().parents[2] / "target" / "conformance"
MIN_VECTORS = 70

MANIFEST = json.loads((Path(__file__).resolve().parents[1] / "manifest.json").read_text(encoding="utf-8"))
OPERATIONS = {operation["name"]: operation for operation in MANIFEST["operations"]}

TOP_KEYS = {
    "name", "operation", "input", "config", "call_options", "expect_request", "responses",
    "expect_result", "expect_error", "expect_request_id", "expect_attempts", "expect_sleeps_ms",
}  # fmt: skip
CONFIG_KEYS = {
    "api_secret", "base_url", "max_retries", "timeout_ms", "jitter", "max_response_bytes", "default_headers",
}  # fmt: skip
CALL_OPTION_KEYS = {"timeout_ms", "max_retries", "extra_headers"}
REQUEST_KEYS = {"method", "path", "query", "headers_present", "headers_absent", "body_json"}
RESPONSE_KEYS = {"status", "headers", "body_json", "body_text", "body_base64"}
ERROR_KEYS = {
    "kind", "status", "message", "request_id", "field", "may_have_been_processed", "body_contains",
}  # fmt: skip


# Results per mode, printed by conftest's terminal summary hook.
RESULTS: dict[str, dict[str, list[str]]] = {"sync": {}, "async": {}}


class VectorError(Exception):
    """The vector itself cannot be run (unknown key, unknown operation, malformed response)."""


def check_keys(where: str, value: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(value) - allowed
    if unknown:
        raise VectorError(f"unknown key(s) in {where}: {sorted(unknown)}")


def same(expected: Any, actual: Any, path: str, problems: list[str]) -> None:
    """Structural equality: exact keys, same order in arrays, numbers by value, booleans apart."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        if type(expected) is not type(actual) or expected != actual:
            problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if expected != actual:
            problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                problems.append(f"{path}.{key}: missing")
            elif key not in expected:
                problems.append(f"{path}.{key}: unexpected {actual[key]!r}")
            else:
                same(expected[key], actual[key], f"{path}.{key}", problems)
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            problems.append(f"{path}: expected {len(expected)} items, got {len(actual)}")
        for index, (e, a) in enumerate(zip(expected, actual)):
            same(e, a, f"{path}[{index}]", problems)
    elif expected != actual or type(expected) is not type(actual):
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")


def normalise(result: Any) -> Any:
    if isinstance(result, list):
        return [item.to_dict() for item in result]
    return result.to_dict()


class FakeTransport:
    """Answers attempt n with responses[n] and checks every request against expect_request."""

    def __init__(self, vector: dict[str, Any], problems: list[str]) -> None:
        self.expect = vector.get("expect_request")
        if self.expect is not None:
            check_keys("expect_request", self.expect, REQUEST_KEYS)
        self.responses = vector.get("responses", [])
        for response in self.responses:
            if "error" in response:
                check_keys("responses[]", response, {"error"})
                if response["error"] not in ("connect", "io", "timeout"):
                    raise VectorError(f"unknown transport error {response['error']!r}")
            else:
                check_keys("responses[]", response, RESPONSE_KEYS)
                if "status" not in response:
                    raise VectorError("a response without status")
                if len(set(response) & {"body_json", "body_text", "body_base64"}) > 1:
                    raise VectorError("a response with two bodies")
        self.problems = problems
        self.attempts = 0

    def check(self, request: Request) -> None:
        attempt = f"attempt {self.attempts}"
        if self.expect is None:
            self.problems.append(f"{attempt}: sent a request, but the vector expects none")
            return
        if request.method != self.expect["method"]:
            self.problems.append(f"{attempt}: method {request.method}, expected {self.expect['method']}")
        after_scheme = request.url.split("://", 1)[1]
        raw = after_scheme[after_scheme.find("/") :] if "/" in after_scheme else "/"
        path, _, query = raw.partition("?")
        if path != self.expect["path"]:
            self.problems.append(f"{attempt}: path {path!r}, expected {self.expect['path']!r}")
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        if len({name for name, _ in pairs}) != len(pairs):
            self.problems.append(f"{attempt}: a repeated query parameter in {query!r}")
        same(self.expect.get("query", {}), dict(pairs), f"{attempt} query", self.problems)
        headers = {name.lower(): value for name, value in request.headers.items()}
        for name, value in self.expect.get("headers_present", {}).items():
            if headers.get(name.lower()) != value:
                self.problems.append(
                    f"{attempt}: header {name} = {headers.get(name.lower())!r}, expected {value!r}"
                )
        for name in self.expect.get("headers_absent", []):
            if name.lower() in headers:
                self.problems.append(f"{attempt}: header {name} was sent")
        if "body_json" in self.expect:
            if request.content is None:
                self.problems.append(f"{attempt}: no body, expected {self.expect['body_json']!r}")
            else:
                same(self.expect["body_json"], json.loads(request.content), f"{attempt} body", self.problems)
        elif request.content is not None:
            self.problems.append(f"{attempt}: unexpected body {request.content!r}")

    def __call__(self, request: Request) -> Response:
        self.check(request)
        index = self.attempts
        self.attempts += 1
        if index >= len(self.responses):
            self.problems.append(
                f"transport called {self.attempts} times, only {len(self.responses)} responses"
            )
            raise RuntimeError("no canned response left")
        answer = self.responses[index]
        failure = answer.get("error")
        if failure == "connect":
            raise ConnectionRefusedError("connection refused (canned)")
        if failure == "io":
            raise ConnectionResetError("connection reset after sending (canned)")
        if failure == "timeout":
            raise TimeoutError("timed out (canned)")
        headers = answer.get("headers", {})
        if "body_json" in answer:
            return Response(answer["status"], headers, json=answer["body_json"])
        if "body_text" in answer:
            return Response(answer["status"], headers, content=answer["body_text"])
        if "body_base64" in answer:
            return Response(answer["status"], headers, content=base64.b64decode(answer["body_base64"]))
        return Response(answer["status"], headers)


def call(client: Any, operation: str, arguments: dict[str, Any], options: dict[str, Any]) -> Any:
    """The operation as a user calls it: the input as keywords, the call options after them."""
    row = OPERATIONS.get(operation)
    if row is None:
        raise VectorError(f"unknown operation {operation!r}")
    check_keys("call_options", options, CALL_OPTION_KEYS)
    keywords = {name: value for name, value in options.items() if name != "timeout_ms"}
    if "timeout_ms" in options:
        keywords["timeout"] = options["timeout_ms"] / 1000
    function = getattr(getattr(client, row["resource"]), row["method"])
    return function(**arguments, **keywords)


def check_secret(secret: str | None, error: BaseException, problems: list[str]) -> None:
    """No text of the error shows the (trimmed) secret, in any of its echoed forms."""
    secret = (secret or "").strip()
    if not secret:
        return
    texts = {
        "str": str(error),
        "repr": repr(error),
        "args": repr(error.args),
        **{name: str(getattr(error, name, None) or "") for name in ("body", "message", "request_id")},
    }
    for where, text in texts.items():
        if any(form in text for form in secret_forms(secret)):
            problems.append(f"the error's {where} shows the api_secret (plain, escaped or percent-encoded)")


def check_outcome(
    vector: dict[str, Any], result: Any, error: BaseException | None, problems: list[str]
) -> None:
    if error is not None:
        check_secret(vector["config"].get("api_secret"), error, problems)
    if "expect_result" in vector:
        if error is not None:
            problems.append(f"expected a result, got {type(error).__name__}: {error}")
            return
        same(vector["expect_result"], normalise(result), "result", problems)
        if "expect_request_id" in vector and result._request_id != vector["expect_request_id"]:
            problems.append(f"_request_id {result._request_id!r}, expected {vector['expect_request_id']!r}")
        return
    expected = vector["expect_error"]
    check_keys("expect_error", expected, ERROR_KEYS)
    if error is None:
        problems.append(f"expected a {expected['kind']} error, got a result")
        return
    if expected["kind"] not in ERROR_CLASSES:
        raise VectorError(f"unknown error kind {expected['kind']!r}")
    if type(error) is not ERROR_CLASSES[expected["kind"]]:
        problems.append(f"raised {type(error).__name__}, expected {ERROR_CLASSES[expected['kind']].__name__}")
    if getattr(error, "kind", None) != expected["kind"]:
        problems.append(f"kind {getattr(error, 'kind', None)!r}, expected {expected['kind']!r}")
    for key, attribute in (
        ("status", "status_code"),
        ("message", "message"),
        ("request_id", "request_id"),
        ("field", "field"),
    ):
        if key in expected and getattr(error, attribute, None) != expected[key]:
            problems.append(f"{attribute} {getattr(error, attribute, None)!r}, expected {expected[key]!r}")
    processed = getattr(error, "may_have_been_processed", None)
    wanted = expected.get("may_have_been_processed")
    if not isinstance(processed, bool):
        problems.append(f"may_have_been_processed {processed!r} is not a bool")
    elif wanted is not None and processed is not wanted:
        problems.append(f"may_have_been_processed {processed!r}, expected {wanted!r}")
    if "body_contains" in expected and expected["body_contains"] not in (getattr(error, "body", None) or ""):
        problems.append(
            f"body {getattr(error, 'body', None)!r}, expected it to contain {expected['body_contains']!r}"
        )


class Run:
    """One vector in one mode: the client over a fake transport, then the checks."""

    def __init__(self, path: Path, mode: str) -> None:
        self.vector = json.loads(path.read_text(encoding="utf-8"))
        self.problems: list[str] = []
        check_keys("vector", self.vector, TOP_KEYS)
        check_keys("config", self.vector["config"], CONFIG_KEYS)
        if ("expect_result" in self.vector) == ("expect_error" in self.vector):
            raise VectorError("exactly one of expect_result and expect_error")
        config = self.vector["config"]
        self.transport = FakeTransport(self.vector, self.problems)
        self.sleeps: list[float] = []
        self.client: Any = None
        self.error: BaseException | None = None
        client_class = Flow if mode == "sync" else AsyncFlow
        try:
            self.client = client_class(
                # A vector's null secret means "no secret": "" keeps a FLOW_API_SECRET set here out.
                api_secret=config["api_secret"] or "",
                base_url=config["base_url"],
                timeout=config.get("timeout_ms", 30000) / 1000,
                max_retries=config.get("max_retries", 2),
                max_response_bytes=config.get("max_response_bytes"),
                default_headers=config.get("default_headers"),
                transport=self.transport,
                _sleep=self.sleeps.append,
                _jitter=config.get("jitter", 0.0),
            )
        except flow_api.FlowError as exc:
            self.error = exc

    def call(self) -> Any:
        return call(
            self.client, self.vector["operation"], self.vector["input"], self.vector.get("call_options", {})
        )

    def finish(self, result: Any) -> list[str]:
        vector, transport = self.vector, self.transport
        check_outcome(vector, result, self.error, self.problems)
        expected_attempts = vector.get("expect_attempts", len(vector.get("responses", [])))
        if transport.attempts != expected_attempts:
            self.problems.append(f"{transport.attempts} attempts, expected {expected_attempts}")
        elif transport.attempts < len(transport.responses):
            self.problems.append(f"{len(transport.responses) - transport.attempts} responses left unconsumed")
        slept = [math.floor(seconds * 1000 + 0.5) for seconds in self.sleeps]
        if slept != vector.get("expect_sleeps_ms", []):
            self.problems.append(f"slept {slept} ms, expected {vector.get('expect_sleeps_ms', [])}")
        return self.problems


@pytest.fixture(scope="session", autouse=True)
def _counts() -> Iterator[None]:
    """Writes target/conformance/python-<mode>.json for scripts/conformance-summary.sh when the session
    ends, for each mode that ran; both are deleted first, so a run that dies leaves none. A vector
    not run counts as failed."""
    for mode in RESULTS:
        (COUNTS_DIR / f"python-{mode}.json").unlink(missing_ok=True)
    yield
    COUNTS_DIR.mkdir(parents=True, exist_ok=True)
    for mode, results in RESULTS.items():
        if results:
            passed = sum(1 for problems in results.values() if not problems)
            counts = {
                "runtime": f"python-{mode}",
                "vectors": len(FILES),
                "passed": passed,
                "failed": len(FILES) - passed,
            }
            (COUNTS_DIR / f"python-{mode}.json").write_text(json.dumps(counts) + "\n")


def record(mode: str, path: Path, problems: list[str]) -> None:
    RESULTS[mode][path.name] = problems
    assert not problems, f"{path.name} ({mode}):\n  " + "\n  ".join(problems)


def test_enough_vectors() -> None:
    assert len(FILES) >= MIN_VECTORS, f"only {len(FILES)} vectors in {VECTORS}"


def test_names_are_unique() -> None:
    names = [json.loads(path.read_text(encoding="utf-8"))["name"] for path in FILES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_vector_sync(path: Path) -> None:
    try:
        run = Run(path, "sync")
        result = None
        if run.error is None:
            try:
                result = run.call()
            except flow_api.FlowError as exc:
                run.error = exc
        problems = run.finish(result)
    except Exception as exc:  # a vector that cannot be run fails, whatever the reason
        problems = [f"cannot run: {type(exc).__name__}: {exc}"]
    record("sync", path, problems)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_vector_async(path: Path) -> None:
    try:
        run = Run(path, "async")
        result = None
        if run.error is None:
            try:
                result = await run.call()
            except flow_api.FlowError as exc:
                run.error = exc
        problems = run.finish(result)
    except Exception as exc:  # a vector that cannot be run fails, whatever the reason
        problems = [f"cannot run: {type(exc).__name__}: {exc}"]
    record("async", path, problems)
