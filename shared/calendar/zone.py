"""India's time, in which the period calendar is kept whatever the zone of the server.

A calendar day begins at midnight in Asia/Kolkata. Instants come in and go out as aware
datetimes; a naive one is refused rather than guessed, because a server in UTC would read it
five and a half hours off.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The IANA data comes from the system or, where it has none (slim images), from the pinned
# `tzdata` package.
INDIA = ZoneInfo("Asia/Kolkata")


def aware(instant: datetime, name: str = "now") -> datetime:
    """`instant` itself when it knows its offset; ValueError naming `name` when it is naive."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got the naive {instant.isoformat()}")
    return instant


def day_starts(day: date) -> datetime:
    """Midnight in India at the start of `day`."""
    return datetime.combine(day, time(), tzinfo=INDIA)


def day_ends(day: date) -> datetime:
    """Midnight in India at the end of `day` (the start of the next)."""
    return day_starts(day + timedelta(days=1))


def india_date(instant: datetime) -> date:
    """The date in India at `instant`."""
    return aware(instant).astimezone(INDIA).date()


def month_day(year: int, month: int, day: int) -> date:
    """`day` of the month, or the month's last day when it is shorter (31 in February is the 28th
    or 29th): "by the 31st" means "by the end of the month"."""
    if day < 1:
        raise ValueError(f"a day of the month is at least 1, got {day}")
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
