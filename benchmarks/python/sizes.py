"""What a user pays before the first call: the wheel's size (a release build, as published) and
the time `import flow_api` takes in a fresh interpreter."""

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from harness import limit
from servers import ROOT

IMPORTS = 7


def _wheel_bytes() -> int:
    """`maturin build --release` into a scratch directory: the wheel `pip install` would fetch."""
    maturin = Path(sys.executable).with_name("maturin")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(maturin), "build", "--release", "--quiet", "--out", out], cwd=ROOT, check=True)
        (wheel,) = Path(out).glob("*.whl")
        return wheel.stat().st_size


def _import_ms() -> float:
    """`-X importtime`'s cumulative figure for `flow_api` (interpreter start-up excluded), best of
    several fresh interpreters, so a page-cache miss or a busy core does not count."""
    best = float("inf")
    for _ in range(IMPORTS):
        trace = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import flow_api"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr
        (line,) = [line for line in trace.splitlines() if line.split("|")[-1].strip() == "flow_api"]
        best = min(best, int(line.split("|")[1]) / 1000)
    return best


def run() -> list[dict[str, Any]]:
    wheel = _wheel_bytes()
    return [
        limit("wheel", f"wheel (maturin build --release, {wheel:,} bytes)", wheel / 1_000_000, "MB"),
        limit("import", "import flow_api, fresh interpreter", _import_ms(), "ms"),
    ]
