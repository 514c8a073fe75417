"""Timing and results: a warm-up, then the best of some repetitions, and every row carrying a
correctness check, so a fast wrong answer cannot win. Rows are printed as they are measured and
collected for `benchmarks/table.py`, which prints the whole table against the goals."""

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REPEATS = 5


@dataclass(frozen=True)
class Shape:
    """What must match between the SDK's result and a peer's."""

    rows: int
    columns: tuple[str, ...]
    sample: str


def measure(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """One warm-up call (connections, caches, lazy imports), then the best of `repeats` calls: the
    run least disturbed by the other work on the machine. The collector runs between calls so one
    call's garbage is not billed to the next."""
    result = fn()
    best = float("inf")
    for _ in range(repeats):
        del result
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def compare(
    sdk: tuple[str, Callable[[], Any]],
    peers: list[tuple[str, str, Callable[[], Any]]],
    shape: Callable[[Any], Shape],
    repeats: int = REPEATS,
) -> list[dict[str, Any]]:
    """Times the SDK once and each peer `(table row key, name, function)`; each peer's result must
    have the SDK's shape. A table row with several peers is compared with the fastest."""
    sdk_name, sdk_fn = sdk
    sdk_seconds, sdk_result = measure(sdk_fn, repeats)
    expected = shape(sdk_result)
    del sdk_result
    rows = []
    for key, name, peer in peers:
        peer_seconds, peer_result = measure(peer, repeats)
        got = shape(peer_result)
        del peer_result
        ok = got == expected
        check = describe(expected) if ok else f"MISMATCH: SDK {expected!r} vs {got!r}"
        rows.append(
            {
                "key": key,
                "sdk": sdk_name,
                "sdk_ms": sdk_seconds * 1000,
                "peer": name,
                "peer_ms": peer_seconds * 1000,
                "check": check,
                "ok": ok,
            }
        )
        verdict = "" if ok else "  MISMATCH"
        print(
            f"  [{key}] {sdk_name}: {ms(sdk_seconds * 1000)} | {name}: {ms(peer_seconds * 1000)}"
            f" | ratio {peer_seconds / sdk_seconds:.2f}x{verdict}",
            flush=True,
        )
    return rows


def limit(key: str, what: str, value: float, unit: str) -> dict[str, Any]:
    """A size or time with a goal but no peer (the goal lives in `benchmarks/table.py`)."""
    print(f"  [{key}] {what}: {value:,.1f} {unit}", flush=True)
    return {"key": key, "what": what, "value": value, "unit": unit}


def describe(shape: Shape) -> str:
    return f"same {shape.rows:,} rows x {len(shape.columns)} columns, last {shape.sample}"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.2f} ms"
