"""Due soon: a work that must be finished shortly and is far from finished."""

from __future__ import annotations

from datetime import date


def due_soon(*, as_of: date, scheduled: date, physical: float, completed: bool,
             days: int = 60, physical_below: float = 80.0) -> bool:
    """Not completed, scheduled completion within `days` days from `as_of` (that day included,
    a date already passed excluded: that is an overrun), and physical progress below `physical_below` %.

    Measured against the original schedule: a revised date does not make the deadline less near.
    """
    left = (scheduled - as_of).days
    return not completed and 0 <= left <= days and physical < physical_below
