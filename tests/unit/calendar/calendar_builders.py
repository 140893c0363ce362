"""Instants, schemes and overrides for the calendar's tests, written as officers would say them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from shared.calendar.rules import CalendarRules
from shared.calendar.schedule import PeriodCalendar, SchemeDay, period_calendar
from shared.events.calendar import PeriodOverride

IST = ZoneInfo("Asia/Kolkata")
RULES = CalendarRules()
# Two departments; welfare's pension is due earlier than the rest.
SCHEMES = (
    SchemeDay("scholarship", "social-welfare", 25),
    SchemeDay("pension", "social-welfare", 20),
    SchemeDay("jsy", "medical-health", 25),
)
DISTRICTS = ("agra", "kanpur-nagar", "lucknow")


def ist(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An instant on India's clock."""
    return datetime(year, month, day, hour, minute, second, tzinfo=IST)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def override(action: str, period: str = "2026-03", at: datetime | None = None, **fields: Any) -> PeriodOverride:
    """An override by the operator on duty, with a reason, made on 20 March 2026 unless told."""
    fields.setdefault("by", "operator")
    fields.setdefault("reason", "portal outage")
    return PeriodOverride.model_validate({"period": period, "action": action, "at": at or ist(2026, 3, 20, 11),
                                          **fields})


def calendar_of(period: str = "2026-03", *overrides: PeriodOverride, schemes: tuple[SchemeDay, ...] = SCHEMES,
                rules: CalendarRules = RULES) -> PeriodCalendar:
    return period_calendar(period, schemes, rules, overrides)


def on(year: int, month: int, day: int) -> date:
    return date(year, month, day)
