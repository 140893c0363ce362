"""Calendar arithmetic of works: month ends, whole months late, fractions of months.

A period (`YYYY-MM`) is judged at its last day: a March report says where the work stood on
31 March. Delays are counted in whole months, a part month counting as a whole one (a work due
on 31 March and finished on 2 April is one month late), and month ends match month ends (due
28 February, done 31 March: one month).
"""

from __future__ import annotations

import calendar
import functools
from datetime import date

from shared.periods import parse_period

# The average month, for paces and forecasts that need fractions of months.
DAYS_PER_MONTH = 365.25 / 12


@functools.lru_cache(maxsize=4096)  # asked for every report of every work, each time one is assessed
def period_start(period: str) -> date:
    """The first day of a period: `period_start("2026-03") == date(2026, 3, 1)`."""
    year, month = parse_period(period)
    return date(year, month, 1)


@functools.lru_cache(maxsize=4096)
def period_end(period: str) -> date:
    """The last day of a period, the day a monthly report describes."""
    year, month = parse_period(period)
    return date(year, month, calendar.monthrange(year, month)[1])


@functools.lru_cache(maxsize=4096)
def shift_period(period: str, months: int) -> str:
    """The period `months` later (earlier if negative): `shift_period("2026-01", -1) == "2025-12"`."""
    year, month = parse_period(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@functools.lru_cache(maxsize=4096)
def periods_between(earlier: str, later: str) -> int:
    """How many months `later` is after `earlier` (negative if it is before)."""
    (y1, m1), (y2, m2) = parse_period(earlier), parse_period(later)
    return (y2 - y1) * 12 + m2 - m1


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; a month end stays a month end, other days are clamped."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if at_month_end else min(day.day, last))


def months_late(due: date, actual: date) -> int:
    """Whole months by which `actual` is after `due`, a part month counting whole; 0 if not after."""
    if actual <= due:
        return 0
    late = max((actual.year - due.year) * 12 + actual.month - due.month - 1, 0)
    while add_months(due, late) < actual:
        late += 1
    return late


def months_elapsed(start: date, end: date) -> float:
    """The months from `start` to `end` as a fraction (average months; negative if end is earlier)."""
    return (end - start).days / DAYS_PER_MONTH
