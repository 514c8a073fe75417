"""The wheel's `flow` console script is the Rust command line: installed on PATH by the package,
it answers the same commands as the SDK, with the same exit codes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from flow_api import Flow, Sandbox

FLOW = shutil.which("flow", path=str(Path(sys.executable).parent))


def flow(sandbox: Sandbox, *args: str) -> subprocess.CompletedProcess[str]:
    assert FLOW is not None, "the package installs a `flow` console script next to python"
    env = {**os.environ, "FLOW_BASE_URL": sandbox.base_url, "FLOW_API_SECRET": sandbox.api_secret}
    return subprocess.run([FLOW, *args], env=env, capture_output=True, text=True, timeout=60)


def test_the_console_script_answers_as_the_sdk_does(sandbox: Sandbox) -> None:
    client = Flow(base_url=sandbox.base_url, api_secret=sandbox.api_secret)
    listed = flow(sandbox, "sessions", "list", "--period", "past")
    assert listed.returncode == 0, listed.stderr
    assert [s["token"] for s in json.loads(listed.stdout)] == [
        s.token for s in client.events.list(period="past")
    ]
    token = client.events.list(period="past")[0].token
    report = flow(sandbox, "reports", "get", "registrants", token)
    assert report.returncode == 0, report.stderr
    assert report.stdout == client.reports.registrants(token).text


def test_the_console_script_keeps_the_exit_codes(sandbox: Sandbox) -> None:
    assert flow(sandbox, "--help").returncode == 0
    assert flow(sandbox, "nonsense").returncode == 2
    missing = flow(sandbox, "sessions", "get", "n0SuchT0k3n")
    assert missing.returncode == 1 and "not_found" in missing.stderr
    assert sandbox.api_secret not in missing.stderr + missing.stdout
