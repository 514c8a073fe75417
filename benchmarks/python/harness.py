"""Timing and reporting: warm-up, median of repetitions, and a table whose every row carries a
correctness check, so a fast wrong answer cannot win."""

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class Row:
    case: str
    sdk_seconds: float
    alternative: str
    alt_seconds: float
    check: str
    ok: bool


def measure(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """One warm-up call (connections, caches, lazy imports), then the median of `repeats` calls.
    The collector runs between calls so one call's garbage is not billed to the next."""
    result = fn()
    times = []
    for _ in range(repeats):
        del result
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


@dataclass(frozen=True)
class Shape:
    """What must match between the SDK's result and an alternative's."""

    rows: int
    columns: tuple[str, ...]
    sample: str


def compare(
    case: str,
    repeats: int,
    sdk: Callable[[], Any],
    alternatives: dict[str, Callable[[], Any]],
    shape: Callable[[Any], Shape],
) -> list[Row]:
    """Times the SDK and each alternative; their results' shapes must be equal."""
    sdk_seconds, sdk_result = measure(sdk, repeats)
    expected = shape(sdk_result)
    del sdk_result
    rows = []
    for name, alternative in alternatives.items():
        alt_seconds, alt_result = measure(alternative, repeats)
        got = shape(alt_result)
        del alt_result
        ok = got == expected
        check = _describe(expected) if ok else f"MISMATCH: SDK {expected!r} vs {got!r}"
        rows.append(Row(case, sdk_seconds, name, alt_seconds, check, ok))
        print(f"  {case}: SDK {_ms(sdk_seconds)}, {name} {_ms(alt_seconds)}", flush=True)
    return rows


def _describe(shape: Shape) -> str:
    return f"same {shape.rows:,} rows x {len(shape.columns)} columns, last {shape.sample}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def print_table(rows: list[Row]) -> None:
    """A Markdown table: ratio = alternative / SDK, so above 1 means the SDK is faster."""
    print("\n| case | SDK | alternative | alternative time | ratio (alt/SDK) | check |")
    print("| --- | ---: | --- | ---: | ---: | --- |")
    for r in rows:
        ratio = r.alt_seconds / r.sdk_seconds
        print(
            f"| {r.case} | {_ms(r.sdk_seconds)} | {r.alternative} | {_ms(r.alt_seconds)} "
            f"| {ratio:.2f}x | {r.check} |"
        )
