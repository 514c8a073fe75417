"""Runs the release `flow-mock` binary as a separate process, so the server's work is never
counted in the measured (client) process."""

import subprocess
from pathlib import Path
from types import TracebackType

from typing_extensions import Self

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / "target" / "release" / "flow-mock"
SECRET = "sandbox-secret"
BENCH_TOKEN = "B3nchT0k3n"


class Mock:
    """`with Mock(bench_registrants=N) as mock:` gives `mock.base_url` on a free loopback port."""

    def __init__(self, bench_registrants: int = 0) -> None:
        self._process = subprocess.Popen(
            [str(BINARY), "--port", "0", "--api-secret", SECRET, "--bench-registrants", str(bench_registrants)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        first = self._process.stdout.readline().strip()
        if not first.startswith("FLOW_BASE_URL="):
            self._process.kill()
            raise RuntimeError(f"flow-mock did not print its address (got {first!r})")
        self.base_url = first.removeprefix("FLOW_BASE_URL=")

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
