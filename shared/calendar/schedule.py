"""A period's calendar: when each scheme's deadline passes, when the period's deadline passes
and when it freezes, in India's time, after the operators' overrides.

Per-scheme deadline days and `period.deadline_passed.v1` (whose data is only the period): the
period's deadline is the *latest* of its schemes' deadlines, the moment every figure of the
period was due, so the event keeps its meaning for every consumer. A scheme with an earlier
day is checked on its own day (`due.early_deadlines`); the `missed_deadline` alert ids are the
same whichever check raises them, so the later event repeats nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from shared.calendar.overrides import fold
from shared.calendar.rules import CalendarRules, deadline_date, freeze_date, meeting_date
from shared.calendar.zone import day_ends, day_starts
from shared.catalog import Scheme
from shared.events.calendar import PeriodOverride


@dataclass(frozen=True)
class SchemeDay:
    """A scheme's deadline day as the catalogue gives it (`deadline_day`, default 25)."""

    scheme: str
    department: str
    day: int


def scheme_days(schemes: Iterable[Scheme]) -> tuple[SchemeDay, ...]:
    """The deadline days of the catalogue's schemes."""
    return tuple(SchemeDay(s.id, s.department.id, s.deadline_day) for s in schemes)


@dataclass(frozen=True)
class SchemeDeadline:
    """When one scheme's figures for the period are due: `at`, midnight in India."""

    scheme: str
    department: str
    at: datetime


@dataclass(frozen=True)
class PeriodCalendar:
    """A period's calendar. `deadline_at` and `freeze_at` are what will happen (overrides
    applied; `freeze_at` is None while the period is held); the `scheduled_` ones are what the
    clock alone would do."""

    period: str
    deadlines: tuple[SchemeDeadline, ...]
    deadline_at: datetime
    freeze_at: datetime | None
    meeting_on: date
    scheduled_deadline_at: datetime
    scheduled_freeze_at: datetime
    overrides: tuple[PeriodOverride, ...] = ()

    @property
    def held(self) -> bool:
        return fold(self.overrides).held


def period_calendar(
    period: str, schemes: Sequence[SchemeDay], rules: CalendarRules,
    overrides: Iterable[PeriodOverride] = (),
) -> PeriodCalendar:
    """The calendar of `period` for the catalogue's `schemes`, after `overrides` (oldest first).

    A deadline passes at the end of its day; the period freezes at the start of the freeze day,
    so final ranks and drafts settle for a whole day before the meeting. No figures are due
    after the freeze (a meeting on the 1st freezes the period's last day: a deadline on the 31st
    passes with the freeze). With no scheme in the catalogue the period's deadline is
    `rules.default_deadline_day`.
    """
    trail = tuple(o for o in overrides if o.period == period)
    state = fold(trail)
    scheduled_freeze = day_starts(freeze_date(period, rules))
    scheduled = tuple(SchemeDeadline(s.scheme, s.department, _deadline(period, s.day, scheduled_freeze))
                      for s in schemes)
    latest = max((d.at for d in scheduled), default=_deadline(period, rules.default_deadline_day, scheduled_freeze))
    deadlines = scheduled
    if state.deadline_at is not None:
        deadlines = tuple(SchemeDeadline(d.scheme, d.department, state.deadline_at) for d in scheduled)
    return PeriodCalendar(
        period=period, deadlines=deadlines, deadline_at=state.deadline_at or latest,
        freeze_at=None if state.held else (state.freeze_at or scheduled_freeze),
        meeting_on=meeting_date(period, rules.meeting_day), scheduled_deadline_at=latest,
        scheduled_freeze_at=scheduled_freeze, overrides=trail,
    )


def _deadline(period: str, day: int, freeze_at: datetime) -> datetime:
    return min(day_ends(deadline_date(period, day)), freeze_at)
