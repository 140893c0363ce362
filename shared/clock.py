"""The current period, as officers in Uttar Pradesh count it (Indian Standard Time), unless
the settings pin "today" (tests, demos); and the window of periods that may be named."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from shared.periods import PeriodWindow, period_of
from shared.settings import Settings

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def today_period(settings: Settings) -> Callable[[], str]:
    """A function giving the current period (asked at each use: months end while we run)."""
    if settings.today:
        pinned = period_of(date.fromisoformat(settings.today))
        return lambda: pinned
    return lambda: period_of(datetime.now(IST).date())


def period_window(settings: Settings) -> Callable[[], PeriodWindow]:
    """A function giving the periods that may be named now: from the configured first
    financial year (`ANUSHRAVAN_FIRST_FINANCIAL_YEAR`) to the current month."""
    current = today_period(settings)
    return lambda: PeriodWindow(settings.first_financial_year, current())


def today_date(settings: Settings) -> Callable[[], date]:
    """A function giving today's date in India (or the pinned `ANUSHRAVAN_TODAY`)."""
    if settings.today:
        pinned = date.fromisoformat(settings.today)
        return lambda: pinned
    return lambda: datetime.now(IST).date()
