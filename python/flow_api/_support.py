"""The list type list endpoints return: a plain ``list`` that also renders as a table in notebooks."""

from typing import Any, List, Protocol, TypeVar  # noqa: UP035 - see ModelList

from ._native import _html_table


class _Model(Protocol):
    def to_dict(self) -> Any: ...


_M = TypeVar("_M", bound=_Model)


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
