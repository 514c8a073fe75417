"""Pure-Python helpers the extension module uses: the list type list endpoints return, and the
coroutines that `AsyncFlow` methods return."""

from collections.abc import Awaitable, Callable
from typing import Any, List, Protocol, TypeVar  # noqa: UP035 - see ModelList

from ._native import _html_table


class _Model(Protocol):
    def to_dict(self) -> Any: ...


_M = TypeVar("_M", bound=_Model)
_T = TypeVar("_T")


def _cell(value: object) -> str:
    return "" if value is None else str(value)


class ModelList(List[_M]):  # noqa: UP006 - typing.List keeps ModelList[...] subscriptable on 3.9
    """A ``list`` of models (sessions, registrants, ...) with a compact HTML table for Jupyter."""

    def _repr_html_(self) -> str:
        rows = [item.to_dict() for item in self]
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        names = list(columns)
        cells = ([_cell(row.get(name)) for name in names] for row in rows)
        return _html_table(names, cells, len(rows))


async def _later(start: Callable[[], Awaitable[_T]]) -> _T:
    """A real coroutine around a call that starts when awaited: `asyncio.run` and `create_task`
    accept it, and a call that is never awaited sends nothing."""
    return await start()


async def _ready(value: _T) -> _T:
    """A coroutine that returns `value` (for `close()` and `async with`, which do no I/O)."""
    return value
