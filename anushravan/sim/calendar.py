"""Months of the financial year (April to March) and the moments inside one month."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from shared.periods import parse_period

DEFAULT_UNTIL = "2026-03"


def shift(period: str, months: int) -> str:
    """The period `months` after (or, if negative, before) `period`."""
    year, month = parse_period(period)
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def financial_year_start(period: str) -> str:
    """April of the financial year that `period` falls in (FY 2025-26 starts 2025-04)."""
    year, month = parse_period(period)
    return f"{year if month >= 4 else year - 1:04d}-04"


def fy_index(period: str) -> int:
    """0 for April, …, 11 for March."""
    return (parse_period(period)[1] - 4) % 12


def financial_year(period: str) -> str:
    """The label of the financial year, e.g. `2025-26`."""
    start = int(financial_year_start(period)[:4])
    return f"{start}-{(start + 1) % 100:02d}"


def months_until(until: str, count: int | None = None) -> list[str]:
    """The `count` months ending with `until`; by default the financial year so far."""
    if count is None:
        count = fy_index(until) + 1
    if count < 1:
        raise ValueError("at least one month is needed")
    return [shift(until, -back) for back in range(count - 1, -1, -1)]


def last_day(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, calendar.monthrange(year, month)[1])


def moment(period: str, day: int, hour: float = 10.0) -> datetime:
    """A moment in `period` (UTC): `day` of the month, `hour` as a fraction of a day's hours."""
    year, month = parse_period(period)
    day = min(day, last_day(period).day)
    return datetime(year, month, day, tzinfo=UTC) + timedelta(hours=hour)
