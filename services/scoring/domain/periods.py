"""Calendar arithmetic on periods (`YYYY-MM`) and financial years (April to March)."""

from __future__ import annotations

import re
from datetime import date

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_MONTH_OF_FY = 4


def _year_month(period: str) -> tuple[int, int]:
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"period {period!r} is not a month in the form YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def period_of(day: date) -> str:
    """The period a day falls in: `period_of(date(2026, 3, 24)) == "2026-03"`."""
    return f"{day.year:04d}-{day.month:02d}"


def previous_period(period: str) -> str:
    """The month before `period`, whose final results a score is compared with."""
    year, month = _year_month(period)
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def financial_year(period: str) -> str:
    """The financial year of a period: 2025-04 … 2026-03 are all `"2025-26"`."""
    year, month = _year_month(period)
    start = year if month >= FIRST_MONTH_OF_FY else year - 1
    return f"{start:04d}-{(start + 1) % 100:02d}"
