"""Calendar arithmetic on periods (`YYYY-MM`, CONTRACT §2) and financial years (April to
March), the same for every service: which month came before, which financial year a month
belongs to, and its months so far. Pure: the caller passes in any date it needs."""

from __future__ import annotations

import functools
import re
from datetime import date

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_MONTH_OF_FY = 4


def is_period(text: str) -> bool:
    """Whether `text` is a well-formed period, YYYY-MM."""
    return _PERIOD.match(text) is not None


def parse_period(period: str) -> tuple[int, int]:
    """`"2026-03"` → `(2026, 3)`; ValueError for anything that is not a month as YYYY-MM."""
    match = _PERIOD.match(period)
    if match is None:
        raise ValueError(f"period {period!r} is not a month in the form YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def period_of(day: date) -> str:
    """The period a day falls in: `period_of(date(2026, 3, 24)) == "2026-03"`."""
    return f"{day.year:04d}-{day.month:02d}"


@functools.lru_cache(maxsize=1024)  # asked for every scored submission
def previous_period(period: str) -> str:
    """The calendar month before: `previous_period("2026-01") == "2025-12"`."""
    year, month = parse_period(period)
    return f"{year - 1:04d}-12" if month == 1 else f"{year:04d}-{month - 1:02d}"


def fy_start_year(period: str) -> int:
    """The calendar year in whose April the period's financial year began."""
    year, month = parse_period(period)
    return year if month >= FIRST_MONTH_OF_FY else year - 1


def financial_year(period: str) -> str:
    """The financial year a period falls in: 2025-04 … 2026-03 are all `"2025-26"`."""
    start = fy_start_year(period)
    return f"{start:04d}-{(start + 1) % 100:02d}"


def fy_periods(period: str) -> list[str]:
    """Every month of the period's financial year up to and including it, April first."""
    end = parse_period(period)
    year, month = fy_start_year(period), FIRST_MONTH_OF_FY
    periods = [f"{year:04d}-{month:02d}"]
    while (year, month) != end:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        periods.append(f"{year:04d}-{month:02d}")
    return periods


def earlier_periods_of_financial_year(period: str) -> list[str]:
    """The months of the period's financial year before it, oldest first: `[]` for an April."""
    return fy_periods(period)[:-1]


def next_period(period: str) -> str:
    """The calendar month after: `next_period("2025-12") == "2026-01"`."""
    year, month = parse_period(period)
    return f"{year + 1:04d}-01" if month == 12 else f"{year:04d}-{month + 1:02d}"


def has_ended(period: str, today: date) -> bool:
    """Whether the month is over on `today`: `has_ended("2026-03", date(2026, 4, 1))` is True,
    and no day of March 2026 itself ends it. The operator CLI refuses deadlines and freezes of
    months that have not ended."""
    year, month = parse_period(period)
    return (today.year, today.month) > (year, month)
