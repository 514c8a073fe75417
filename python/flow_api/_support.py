"""Pure-Python helpers the extension module uses: the containers list and summary endpoints
return, notebook tables, the coroutines that `AsyncFlow` methods return, and the `flow_api` logger
the core's lines go to."""

import html
import importlib
import itertools
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, List, Optional, Protocol, TypeVar  # noqa: UP035 - see ModelList

from ._native import Report

_PREVIEW_ROWS = 10


class _Model(Protocol):
    def to_dict(self) -> Any: ...


_M = TypeVar("_M", bound=_Model)
_T = TypeVar("_T")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _html_table(columns: Sequence[str], rows: Iterable[Sequence[str]], total: int) -> str:
    """A ``<table>`` of the first rows (only those are read), with a caption giving the full size."""
    head = "".join(f"<th>{html.escape(name)}</th>" for name in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>\n"
        for row in itertools.islice(rows, _PREVIEW_ROWS)
    )
    shown = min(total, _PREVIEW_ROWS)
    note = f" (first {shown} shown)" if shown < total else ""
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
        f"<p>{total} rows \N{MULTIPLICATION SIGN} {len(columns)} columns{note}</p>"
    )


class ModelList(List[_M]):  # noqa: UP006 - typing.List keeps ModelList[...] subscriptable on 3.9
    """A ``list`` of models (sessions, registrants, ...) that converts to DataFrames and shows as
    a compact HTML table in Jupyter. ``_request_id`` is the request id of the answer it came from
    (``None`` if the server sent none); each item carries it too."""

    _request_id: Optional[str]

    def __init__(
        self, items: Iterable[_M] = (), request_id: Optional[str] = None, columns: Iterable[str] = ()
    ) -> None:
        super().__init__(items)
        self._request_id = request_id
        self._columns = list(columns)

    def _table(self) -> dict[str, list[Any]]:
        """Column to values, columns named as the API names fields: the model's fields in the
        core's table order (so an empty list has them too), then unknown fields as first seen."""
        rows = [item.to_dict() for item in self]
        names = dict.fromkeys(self._columns)
        for row in rows:
            names.update(dict.fromkeys(row))
        return {name: [row.get(name) for row in rows] for name in names}

    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per model, one column per field (nested values as dicts
        and lists) (``pip install 'flow-api[pandas]'``)."""
        return _optional("pandas", "pandas").DataFrame(self._table())

    def to_polars(self) -> Any:
        """A polars DataFrame (``pip install 'flow-api[polars]'``), through Arrow when pyarrow is
        there (its type inference unifies nested objects across all rows)."""
        polars = _optional("polars", "polars")
        pyarrow = _pyarrow()
        return polars.from_arrow(pyarrow.table(self._table())) if pyarrow else polars.DataFrame(self._table())

    def to_arrow(self) -> Any:
        """A pyarrow Table (``pip install 'flow-api[arrow]'``), types inferred from the values."""
        return _optional("pyarrow", "arrow").table(self._table())

    def _repr_html_(self) -> str:
        table = self._table()
        cells = ([_cell(value) for value in row] for row in zip(*table.values()))
        return _html_table(list(table), cells, len(self))


def _optional(module: str, extra: str) -> Any:
    """Imports an optional dependency, or says which extra brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as cause:
        raise ImportError(
            f"this needs {module}, which is not installed: pip install 'flow-api[{extra}]'"
        ) from cause


def _pyarrow() -> Any:
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        return None


def _to_arrow(report: Report) -> Any:
    return report._arrow(_optional("pyarrow", "arrow"))


def _to_pandas(report: Report) -> Any:
    pandas = _optional("pandas", "pandas")
    pyarrow = _pyarrow()
    return report._arrow(pyarrow).to_pandas() if pyarrow else pandas.DataFrame(report._columns())


def _to_polars(report: Report) -> Any:
    polars = _optional("polars", "polars")
    pyarrow = _pyarrow()
    return polars.from_arrow(report._arrow(pyarrow)) if pyarrow else polars.DataFrame(report._columns())


@dataclass(frozen=True)
class SummaryReport:
    """The compiled report of a session: four tables; a table the server left out is empty.
    ``_request_id`` is the request id of the answer it came from (``None`` if unknown)."""

    registrants: Report
    attendee_chat: Report
    operator_chat: Report
    survey_results: Report
    _request_id: Optional[str] = field(default=None, compare=False)

    def _tables(self) -> dict[str, Report]:
        return {
            "registrants": self.registrants,
            "attendeeChat": self.attendee_chat,
            "operatorChat": self.operator_chat,
            "surveyResults": self.survey_results,
        }

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{"registrants": ..., "attendeeChat": ..., "operatorChat": ..., "surveyResults": ...}``,
        each as ``Report.to_dict()``."""
        return {name: table.to_dict() for name, table in self._tables().items()}

    def _repr_html_(self) -> str:
        return "".join(f"<h4>{name}</h4>\n{table._repr_html_()}" for name, table in self._tables().items())

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(table)} rows" for name, table in self._tables().items())
        return f"SummaryReport({sizes})"


SummaryReport.__module__ = "flow_api"


async def _later(start: Callable[[], Awaitable[_T]]) -> _T:
    """A real coroutine around a call that starts when awaited: `asyncio.run` and `create_task`
    accept it, and a call that is never awaited sends nothing."""
    return await start()


async def _ready(value: _T) -> _T:
    """A coroutine that returns `value` (for `close()` and `async with`, which do no I/O)."""
    return value


_logger = logging.getLogger("flow_api")
_handler: Optional[logging.Handler] = None


def _enable_logging(level: int) -> None:
    """Called when a client is built whose log level (``FLOW_LOG``, resolved by the core) is on: the
    ``flow_api`` logger gets a stderr handler once, unless it has one, and the level, unless one
    was set, as openai-python does for ``OPENAI_LOG``."""
    global _handler
    if _handler is None and not _logger.handlers:
        _handler = logging.StreamHandler()
        _handler.setFormatter(logging.Formatter("[%(asctime)s - %(name)s - %(levelname)s] %(message)s"))
        _logger.addHandler(_handler)
    if _logger.level == logging.NOTSET:
        _logger.setLevel(level)
