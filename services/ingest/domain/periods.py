"""The current period, from a calendar date given by the caller."""

from __future__ import annotations

from datetime import date


def period_of(day: date) -> str:
    """The period (`YYYY-MM`) a day falls in."""
    return f"{day.year:04d}-{day.month:02d}"
