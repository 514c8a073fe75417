"""The Python side of the jobs (``registrants.create_many``, ``reports.collect``): the result of a
bulk registration, the ``rows`` argument read as a stream, and ``progress=True``'s bar. What a row
means, how it is checked and sent, and what the statuses are is decided by the core."""

import importlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence, Sized
from dataclasses import dataclass
from typing import Any, Optional, Union, overload

from ._native import FlowError, Registration
from ._support import _optional

# DataFrame rows are made into dicts this many at a time: a bounded read-ahead of a table that is
# in memory anyway, and one call per chunk instead of one per row.
_FRAME_CHUNK = 1024
# How often the plain progress line (no tqdm) is rewritten, in seconds.
_LINE_INTERVAL = 0.5

_Report = Callable[[int, Optional[int]], object]


@dataclass(frozen=True)
class RowResult:
    """One input row's outcome. ``status``: ``"created"``; ``"existing"`` (the server already had
    this email for the session); ``"duplicate"`` (the same session and email earlier in the input;
    not sent); ``"invalid"`` (refused before sending; ``error.field`` names the field);
    ``"failed"`` (the server refused it without processing it); ``"unknown"`` (sent, but the
    outcome is unknown: never resent in the same run; a rerun with the journal checks the
    session's registrants first). ``registration`` is the server's answer when known, ``error``
    the SDK exception for invalid, failed and unknown rows."""

    index: int
    session_token: Optional[str]
    email: Optional[str]
    status: str
    registration: Optional[Registration]
    error: Optional[FlowError]


class BulkResult(Sequence[RowResult]):
    """Every row's ``RowResult``, in input order, with how many ended in each status."""

    def __init__(
        self, rows: list[RowResult], counts: dict[str, int], registration_columns: Sequence[str]
    ) -> None:
        self._rows = rows
        self._counts = counts
        self._registration_columns = list(registration_columns)

    @overload
    def __getitem__(self, index: int) -> RowResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowResult]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[RowResult, list[RowResult]]:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def created(self) -> int:
        """Rows registered now."""
        return self._counts["created"]

    @property
    def existing(self) -> int:
        """Rows the server already had."""
        return self._counts["existing"]

    @property
    def duplicate(self) -> int:
        """Rows repeating an earlier row's session and email (not sent)."""
        return self._counts["duplicate"]

    @property
    def invalid(self) -> int:
        """Rows refused before sending."""
        return self._counts["invalid"]

    @property
    def failed(self) -> int:
        """Rows the server refused without processing them (a rerun sends them again)."""
        return self._counts["failed"]

    @property
    def unknown(self) -> int:
        """Rows sent whose outcome is unknown (a rerun with the journal checks them first)."""
        return self._counts["unknown"]

    def to_pandas(self) -> Any:
        """A DataFrame with one row per input row: ``index``, ``session_token``, ``email``,
        ``status``, the registration's fields as ``registration.<API name>`` (``registration.url``
        is the join link), and ``error`` (the message, or ``None``)."""
        pandas = _optional("pandas", "pandas")
        rows = self._rows
        registrations = [row.registration.to_dict() if row.registration else {} for row in rows]
        table: dict[str, list[Any]] = {
            "index": [row.index for row in rows],
            "session_token": [row.session_token for row in rows],
            "email": [row.email for row in rows],
            "status": [row.status for row in rows],
        }
        for name in self._registration_columns:
            table[f"registration.{name}"] = [registration.get(name) for registration in registrations]
        table["error"] = [None if row.error is None else str(row.error) for row in rows]
        return pandas.DataFrame(table)

    def __repr__(self) -> str:
        counts = ", ".join(f"{status}={count}" for status, count in self._counts.items())
        return f"BulkResult({len(self)} rows: {counts})"


BulkResult.__module__ = RowResult.__module__ = "flow_api"


def _rows(rows: object) -> Union[str, tuple[Iterator[Any], Optional[int], Optional[list[str]]]]:
    """What ``create_many``'s ``rows`` is: the path of a CSV file (the core reads it), or an
    iterator over the rows with their number (when known) and, for a DataFrame, its columns."""
    if isinstance(rows, (str, bytes, os.PathLike)):
        return os.fsdecode(rows)
    frame = _frame(rows)
    if frame is not None:
        return frame
    try:
        iterator = iter(rows)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(
            "rows must be an iterable of mappings, a pandas or polars DataFrame, or the path of a CSV file"
        ) from None
    return iterator, len(rows) if isinstance(rows, Sized) else None, None


def _frame(frame: Any) -> Optional[tuple[Iterator[Any], int, list[str]]]:
    """A pandas or polars DataFrame (recognised by its methods: neither is a dependency) as
    dicts made a chunk at a time."""
    if hasattr(frame, "iloc") and hasattr(frame, "to_dict"):

        def chunk(start: int) -> list[Any]:
            return frame.iloc[start : start + _FRAME_CHUNK].to_dict("records")  # type: ignore[no-any-return]

    elif hasattr(frame, "to_dicts") and hasattr(frame, "slice"):

        def chunk(start: int) -> list[Any]:
            return frame.slice(start, _FRAME_CHUNK).to_dicts()  # type: ignore[no-any-return]

    else:
        return None
    total = len(frame)
    rows = (row for start in range(0, total, _FRAME_CHUNK) for row in chunk(start))
    return rows, total, [str(column) for column in frame.columns]


def _progress(progress: Any, unit: str) -> Optional[tuple[_Report, Callable[[], object]]]:
    """``progress`` as ``(report(done, total), close())``, or ``None`` for no progress."""
    if progress is None or progress is False:
        return None
    if progress is True:
        bar = _Bar(unit)
        return bar.update, bar.close
    if callable(progress):
        return progress, _nothing
    raise TypeError("progress must be True, a callable (done, total), or None")


def _nothing() -> None:
    return None


class _Bar:
    """``progress=True``: a tqdm bar when tqdm is installed (a notebook widget in Jupyter), else
    one line on stderr, rewritten at most every ``_LINE_INTERVAL`` seconds."""

    def __init__(self, unit: str) -> None:
        self._unit = unit
        try:
            self._tqdm: Any = importlib.import_module("tqdm.auto").tqdm
        except ImportError:
            self._tqdm = None
        self._bar: Any = None
        self._done = 0
        self._total: Optional[int] = None
        self._shown: Optional[float] = None

    def update(self, done: int, total: Optional[int]) -> None:
        self._done, self._total = done, total
        if self._tqdm is not None:
            if self._bar is None:
                self._bar = self._tqdm(total=total, unit=self._unit)
            self._bar.update(done - self._bar.n)
            return
        now = time.monotonic()
        if self._shown is None or now - self._shown >= _LINE_INTERVAL:
            self._shown = now
            self._line()

    def _line(self) -> None:
        total = "" if self._total is None else f"/{self._total}"
        sys.stderr.write(f"\r{self._done}{total} {self._unit}")
        sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self._shown is not None:
            self._line()
            sys.stderr.write("\n")
