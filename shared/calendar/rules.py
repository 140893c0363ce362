"""The days of a period's calendar: the deadline in the period's own month, the freeze and the
review meeting in the month after (figures for March are due by 25 March; March is frozen on
15 April and reviewed on 16 April, as in Kanpur Nagar's minutes).

One source for these days: the minutes' meeting date, the clock-driven publisher and the
console all ask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from shared.calendar.zone import month_day
from shared.periods import next_period, parse_period

DEFAULT_DEADLINE_DAY = 25
DEFAULT_MEETING_DAY = 16
DEFAULT_REMINDER_DAYS = (3, 1)
# Days every month has, for days a setting fixes (a deadline day may go beyond: it is clamped).
_SAFE_DAY = 28


def _check_day(name: str, day: int, last: int = _SAFE_DAY) -> None:
    if not 1 <= day <= last:
        raise ValueError(f"{name} must be between 1 and {last}, got {day}")


@dataclass(frozen=True)
class CalendarRules:
    """The configurable days. `freeze_day` None means the day before the meeting;
    `reminder_days` are how many days before a deadline the departments are reminded."""

    meeting_day: int = DEFAULT_MEETING_DAY
    freeze_day: int | None = None
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    default_deadline_day: int = DEFAULT_DEADLINE_DAY

    def __post_init__(self) -> None:
        _check_day("meeting_day", self.meeting_day)
        _check_day("default_deadline_day", self.default_deadline_day, 31)
        if self.freeze_day is not None:
            _check_day("freeze_day", self.freeze_day)
            if self.freeze_day >= self.meeting_day:
                raise ValueError(f"freeze_day ({self.freeze_day}) must come before meeting_day "
                                 f"({self.meeting_day}): the meeting reviews final ranks")
        for days in self.reminder_days:
            _check_day("each of reminder_days", days, 27)
        if len(set(self.reminder_days)) != len(self.reminder_days):
            raise ValueError(f"reminder_days must not repeat a day, got {list(self.reminder_days)}")


def meeting_date(period: str, day: int = DEFAULT_MEETING_DAY) -> date:
    """The review meeting of a period: `day` of the following month ("2026-03" -> 2026-04-16)."""
    year, month = parse_period(period)
    return meeting_in(year + 1, 1, day) if month == 12 else meeting_in(year, month + 1, day)


def meeting_in(year: int, month: int, day: int = DEFAULT_MEETING_DAY) -> date:
    """The meeting held in a calendar month (it reviews the month before)."""
    _check_day("meeting day", day)
    return date(year, month, day)


def freeze_date(period: str, rules: CalendarRules) -> date:
    """The day the period is frozen: `freeze_day` of the month after, or the day before the
    meeting (which is the period's last day when the meeting is on the 1st)."""
    if rules.freeze_day is None:
        return meeting_date(period, rules.meeting_day) - timedelta(days=1)
    year, month = parse_period(next_period(period))
    return date(year, month, rules.freeze_day)


def deadline_date(period: str, day: int) -> date:
    """The last day to submit a period's figures: `day` of the period's own month, clamped to
    its last day (a deadline day of 30 is 28 February)."""
    year, month = parse_period(period)
    return month_day(year, month, day)
