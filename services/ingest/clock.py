"""The current period, as officers in Uttar Pradesh count it (Indian Standard Time), unless
the settings pin "today" (tests, demos)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from shared.periods import period_of
from shared.settings import Settings

IST = timezone(timedelta(hours=5, minutes=30), "IST")


def today_period(settings: Settings) -> Callable[[], str]:
    if settings.today:
        pinned = period_of(date.fromisoformat(settings.today))
        return lambda: pinned
    return lambda: period_of(datetime.now(IST).date())
