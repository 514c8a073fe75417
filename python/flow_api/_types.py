"""Typed shapes of plain-dict arguments."""

from typing import TypedDict


class _OperatorRequired(TypedDict):
    id: int
    role: int


class OperatorAssignment(_OperatorRequired, total=False):
    """One operator of ``events.create(operators=[...])``: a user ``id`` from ``operators.list()``
    and a ``role`` (5 = presenter, 10 = organizer). The camelCase wire names are accepted too."""

    mic_enabled: bool
    cam_enabled: bool
    screen_sharing_enabled: bool
