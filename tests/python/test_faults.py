"""The fault matrix in Python: every case of tests/faults/cases.json (format in that folder's README)
through the blocking `Flow` client against the in-process `Sandbox` mock over loopback sockets. The
mock misbehaves as each case's `faults` say; the runner checks the outcome, the attempts the mock
logged, that no write was processed twice, and that the secret shows in no error text, repr or
`flow_api` log line. The counts go to target/faults/python.json for scripts/faults-summary.sh."""

from __future__ import annotations

import json
import logging
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from runner_support import ERROR_CLASSES, secret_forms

import flow_api
from flow_api import Flow, Sandbox

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / "tests" / "faults" / "cases.json"
COUNTS_FILE = ROOT / "target" / "faults" / "python.json"
CASES: list[Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
MIN_CASES = 24
# The mock's and the client's secret: distinctive, so any echo of it is found.
SECRET = "fault-matrix-s3cret-7c1e"
DEFAULT_MAX_RETRIES = 2
DEFAULT_TIMEOUT_MS = 10_000
WRITES = {"registrants.create", "events.create", "sso.login_link"}

CASE_KEYS = {"name", "operation", "input", "client", "faults", "expect"}
CLIENT_KEYS = {"max_retries", "timeout_ms", "max_response_bytes"}
EXPECT_KEYS = {
    "result", "columns", "rows", "error", "status", "may_have_been_processed", "message", "request_id",
    "attempts", "processed_at_most", "min_elapsed_ms", "max_elapsed_ms",
}  # fmt: skip
MEMBER = ["email", "first_name", "last_name"]
EVENT_FIELDS = [
    "creator_id", "title", "description", "date", "time", "timezone", "operators", "published",
    "duration", "early_access_period", "video_record", "on_demand_replays",
]  # fmt: skip
INPUT_KEYS: dict[str, list[str]] = {
    "events.list": ["period", "simple_analytics"],
    "events.get": ["session_token"],
    "events.get_public": ["session_token"],
    "events.create": EVENT_FIELDS,
    "registrants.create": ["session_token", *MEMBER, "redirect"],
    "registrants.list": ["session_token"],
    "operators.list": [],
    "surveys.list": ["session_token"],
    "reports.summary": ["session_token"],
    "reports.registrants": ["session_token"],
    "reports.attendee_chat": ["session_token"],
    "reports.operator_chat": ["session_token"],
    "reports.survey": ["session_token", "survey_id"],
    "sso.rooms": ["account_token"],
    "sso.login_link": ["room_id", *MEMBER],
}


# Problems per case name, filled as the cases run.
RESULTS: dict[str, list[str]] = {}


class CaseError(Exception):
    """The case itself cannot be run (unknown key, unknown operation, a fault the mock refused)."""


def check_keys(where: str, value: Any, allowed: set[str] | list[str]) -> None:
    if not isinstance(value, dict):
        raise CaseError(f"{where} is not an object")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise CaseError(f"unknown key(s) in {where}: {unknown}")


def validate(case: Any) -> None:
    check_keys("case", case, CASE_KEYS)
    for key in ("name", "operation", "input", "faults", "expect"):
        if key not in case:
            raise CaseError(f"the case has no {key}")
    if case["operation"] not in INPUT_KEYS:
        raise CaseError(f"unknown operation {case['operation']!r}")
    check_keys("input", case["input"], INPUT_KEYS[case["operation"]])
    check_keys("client", case.get("client", {}), CLIENT_KEYS)
    expect = case["expect"]
    check_keys("expect", expect, EXPECT_KEYS)
    if "attempts" not in expect:
        raise CaseError("expect.attempts is required")
    if ("result" in expect) == ("error" in expect):
        raise CaseError("expect needs exactly one of result and error")
    if "result" in expect:
        if expect["result"] != "ok":
            raise CaseError(f"expect.result must be 'ok', not {expect['result']!r}")
        if set(expect) & {"status", "may_have_been_processed", "message", "request_id"}:
            raise CaseError("status, may_have_been_processed, message and request_id belong to an error")
    elif set(expect) & {"columns", "rows"}:
        raise CaseError("columns and rows belong to an expected result")
    if "error" in expect and expect["error"] not in ERROR_CLASSES:
        raise CaseError(f"unknown error kind {expect['error']!r}")
    if case["operation"] in WRITES and "processed_at_most" not in expect:
        raise CaseError(f"{case['operation']} is a write: expect.processed_at_most is required")
    if not isinstance(case["faults"], list) or not all(isinstance(f, dict) for f in case["faults"]):
        raise CaseError("faults is a list of rule objects")


def expand(value: Any) -> Any:
    """`{"$repeat": s, "times": n}` becomes s n times, `{"$join": [...]}` its parts joined."""
    if isinstance(value, dict):
        if "$repeat" in value:
            if set(value) != {"$repeat", "times"}:
                raise CaseError(f"$repeat takes exactly $repeat and times, got {sorted(value)}")
            if not isinstance(value["$repeat"], str) or not isinstance(value["times"], int):
                raise CaseError("$repeat is text and times a whole number")
            return value["$repeat"] * value["times"]
        if "$join" in value:
            if set(value) != {"$join"} or not isinstance(value["$join"], list):
                raise CaseError("$join takes one list and no other key")
            parts = [expand(part) for part in value["$join"]]
            if not all(isinstance(part, str) for part in parts):
                raise CaseError("every $join part is text")
            return "".join(parts)
        return {key: expand(item) for key, item in value.items()}
    if isinstance(value, list):
        return [expand(item) for item in value]
    return value


def missing_in_echo(sent: Any, echo: Any, path: str) -> list[str]:
    """Keys sent that the mock's echo of the rule lacks: the mock ignored them (a misspelling)."""
    if not isinstance(sent, dict) or not isinstance(echo, dict):
        return []
    missing = []
    for key, value in sent.items():
        if key not in echo:
            missing.append(f"{path}.{key}")
        else:
            missing += missing_in_echo(value, echo[key], f"{path}.{key}")
    return missing


class Control:
    """The mock's `/__mock` surface, with the mock's own words when it refuses something."""

    def __init__(self, base_url: str) -> None:
        self.root = base_url.removesuffix("/api/v1") + "/__mock"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.root + path, data=data, method=method, headers={"content-type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
        except urllib.error.HTTPError as exc:
            raise CaseError(f"{method} /__mock{path}: HTTP {exc.code}: {exc.read()[:500]!r}") from None
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def control(request: pytest.FixtureRequest) -> Iterator[tuple[Sandbox, Control]]:
    reporter = Summary()
    request.config.pluginmanager.register(reporter, "faults-summary")
    # Written even when the sandbox cannot start, so the summary never reads a stale file.
    request.addfinalizer(reporter.write_counts)
    with Sandbox(api_secret=SECRET) as sandbox:
        yield sandbox, Control(sandbox.base_url)


class Summary:
    """Prints the counts at the end of the run and keeps them for scripts/faults-summary.sh."""

    def counts(self) -> tuple[int, int, int]:
        passed = sum(1 for problems in RESULTS.values() if not problems)
        return len(CASES), passed, len(CASES) - passed

    def write_counts(self) -> None:
        cases, passed, failed = self.counts()
        COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
        COUNTS_FILE.write_text(json.dumps({"cases": cases, "passed": passed, "failed": failed}) + "\n")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        cases, passed, failed = self.counts()
        not_run = len(CASES) - len(RESULTS)
        note = f" ({not_run} not run, counted as failed)" if not_run else ""
        terminalreporter.write_line(f"faults[python]: {cases} cases, {passed} passed, {failed} failed{note}")
        for name, problems in RESULTS.items():
            if problems:
                terminalreporter.write_line(f"  FAILED {name}: " + "; ".join(problems))


def call(client: Flow, operation: str, arguments: dict[str, Any]) -> Any:
    resource, _, method = operation.partition(".")
    return getattr(getattr(client, resource), method)(**arguments)


def check_outcome(
    expect: dict[str, Any], result: Any, error: BaseException | None, problems: list[str]
) -> None:
    if "result" in expect:
        if error is not None:
            problems.append(f"expected a result, got {type(error).__name__}: {error}")
            return
        if "columns" in expect or "rows" in expect:
            table = result.to_dict()
            for key in ("columns", "rows"):
                if key in expect and table.get(key) != expect[key]:
                    problems.append(f"{key}: expected {expect[key]!r}, got {table.get(key)!r}")
        return
    kind = expect["error"]
    if error is None:
        problems.append(f"expected a {kind} error, got a result")
        return
    if type(error) is not ERROR_CLASSES[kind]:
        problems.append(f"raised {type(error).__name__}, expected {ERROR_CLASSES[kind].__name__}: {error}")
    if getattr(error, "kind", None) != kind:
        problems.append(f"kind {getattr(error, 'kind', None)!r}, expected {kind!r}")
    for key, attribute in (
        ("status", "status_code"),
        ("message", "message"),
        ("request_id", "request_id"),
        ("may_have_been_processed", "may_have_been_processed"),
    ):
        if key not in expect:
            continue
        if not hasattr(error, attribute):
            problems.append(f"the error has no {attribute} attribute")
        elif getattr(error, attribute) != expect[key]:
            problems.append(f"{attribute} {getattr(error, attribute)!r}, expected {expect[key]!r}")


def run_case(case: Any, sandbox: Sandbox, control: Control, caplog: pytest.LogCaptureFixture) -> list[str]:
    validate(case)
    problems: list[str] = []
    control.call("POST", "/reset")
    for index, raw in enumerate(case["faults"]):
        rule = expand(raw)
        echo = control.call("POST", "/faults", rule)
        missing = missing_in_echo(rule, echo, f"faults[{index}]")
        if missing:
            raise CaseError(f"the mock ignored {', '.join(missing)}")
    options = case.get("client", {})
    settings: dict[str, Any] = {
        "api_secret": SECRET,
        "base_url": sandbox.base_url,
        "max_retries": options.get("max_retries", DEFAULT_MAX_RETRIES),
        "timeout": options.get("timeout_ms", DEFAULT_TIMEOUT_MS) / 1000,
    }
    if "max_response_bytes" in options:
        settings["max_response_bytes"] = options["max_response_bytes"]
    caplog.clear()
    # The core logs every attempt at debug level: each line is checked for the secret below.
    settings["log_level"] = "debug"
    result: Any = None
    error: BaseException | None = None
    with Flow(**settings) as client, caplog.at_level(logging.DEBUG, logger="flow_api"):
        started = time.monotonic()
        try:
            result = call(client, case["operation"], case["input"])
        except flow_api.FlowError as exc:
            error = exc
        elapsed_ms = (time.monotonic() - started) * 1000
    expect = case["expect"]
    check_outcome(expect, result, error, problems)
    if elapsed_ms < expect.get("min_elapsed_ms", 0) or elapsed_ms > expect.get(
        "max_elapsed_ms", float("inf")
    ):
        bounds = f"{expect.get('min_elapsed_ms', 0)} to {expect.get('max_elapsed_ms', 'any')}"
        problems.append(f"the call took {elapsed_ms:.0f} ms, expected {bounds} ms")

    shown = [record.getMessage() for record in caplog.records] + [caplog.text]
    if error is not None:
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        shown += [str(error), repr(error), repr(error.args), trace]
        shown += [str(getattr(error, name, "")) for name in ("body", "message", "request_id")]
    text = "\n".join(shown)
    if any(form in text for form in secret_forms(SECRET)):
        problems.append("the secret (plain, \\u-escaped or %-encoded) shows in an error text or log line")

    log = control.call("GET", "/requests")
    if len(log) != expect["attempts"]:
        seen = [f"{r['method']} {r['path']} -> {r['status']} ({r['fault']})" for r in log]
        problems.append(f"attempts: expected {expect['attempts']}, the mock logged {len(log)}: {seen}")
    if "processed_at_most" in expect:
        processed = sum(1 for r in log if r["processed"])
        if processed > expect["processed_at_most"]:
            problems.append(f"processed {processed} times, at most {expect['processed_at_most']} allowed")
    return problems


def case_id(case: Any) -> str:
    return str(case.get("name", "?")) if isinstance(case, dict) else "?"


def test_enough_cases() -> None:
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases in {CASES_FILE}, expected at least {MIN_CASES}"


def test_names_are_unique() -> None:
    names = [case_id(case) for case in CASES]
    assert len(names) == len(set(names)), "case names repeat"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
def test_fault_case(case: Any, control: tuple[Sandbox, Control], caplog: pytest.LogCaptureFixture) -> None:
    sandbox, mock = control
    try:
        problems = run_case(case, sandbox, mock, caplog)
    except Exception as exc:  # a case that cannot be run fails, whatever the reason
        problems = [f"cannot run: {type(exc).__name__}: {exc}"]
    RESULTS[case_id(case)] = problems
    assert not problems, f"{case_id(case)}:\n  " + "\n  ".join(problems)
