"""Calendar arithmetic on periods (`YYYY-MM`) and financial years (April to March)."""

from __future__ import annotations

import re

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_MONTH_OF_FY = 4


def _year_month(period: str) -> tuple[int, int]:
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"period {period!r} is not a month in the form YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def previous_period(period: str) -> str:
    """The calendar month before `period`: `previous_period("2026-01") == "2025-12"`."""
    year, month = _year_month(period)
    if month == 1:
        return f"{year - 1:04d}-12"
    return f"{year:04d}-{month - 1:02d}"


def financial_year(period: str) -> str:
    """The financial year a period falls in: 2025-04 … 2026-03 are all `"2025-26"`."""
    year, month = _year_month(period)
    start = year if month >= FIRST_MONTH_OF_FY else year - 1
    return f"{start:04d}-{(start + 1) % 100:02d}"


def earlier_periods_of_financial_year(period: str) -> list[str]:
    """The months of `period`'s financial year before it, oldest first: `[]` for an April."""
    fy, cursor = financial_year(period), previous_period(period)
    earlier: list[str] = []
    while financial_year(cursor) == fy:
        earlier.append(cursor)
        cursor = previous_period(cursor)
    return earlier[::-1]
