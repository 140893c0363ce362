"""Which calendar events are due and not yet published: a pure function of the calendars, the
ids already published and an aware "now", so a restart recomputes the same answer.

The CloudEvents id of a period event is derived from its type and period exactly as the
operator CLI derives it (`anushravan/admin.py`): the clock's and an operator's publication of
one event are one event, and a second publication is a harmless duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from datetime import datetime

from shared.calendar.schedule import PeriodCalendar, SchemeDeadline
from shared.calendar.zone import INDIA, aware, india_date
from shared.events.envelope import derived_id
from shared.events.periods import DEADLINE_PASSED, FROZEN
from shared.periods import next_period, parse_period, period_of


def period_event_id(type_: str, period: str) -> str:
    """The CloudEvents id of `period.deadline_passed.v1` / `period.frozen.v1` for `period`."""
    return derived_id(type_, period)


@dataclass(frozen=True)
class DueEvent:
    """A period event to publish: its type, period, id, and the instant it fell due (the event's
    `time`, so that a re-publication after a restart is the same message)."""

    type: str
    period: str
    id: str
    at: datetime


def due_events(cal: PeriodCalendar, published: Set[str], now: datetime) -> list[DueEvent]:
    """The period's events due at `now` and not in `published`, the deadline first.

    A frozen period has passed its deadline: a freeze forced before the deadline brings the
    deadline with it (at the same instant), so `missed_deadline` still fires.
    """
    aware(now)
    freeze_due = cal.freeze_at is not None and cal.freeze_at <= now
    deadline_at = _period_deadline(cal)
    wanted = [(DEADLINE_PASSED, deadline_at, deadline_at <= now), (FROZEN, cal.freeze_at, freeze_due)]
    events = [DueEvent(type_, cal.period, period_event_id(type_, cal.period), at)
              for type_, at, due in wanted if due and at is not None]
    return [e for e in events if e.id not in published]


def _period_deadline(cal: PeriodCalendar) -> datetime:
    """The period's deadline, or the freeze when an operator froze the period before it."""
    return min(cal.deadline_at, cal.freeze_at) if cal.freeze_at is not None else cal.deadline_at


def all_due(cals: Iterable[PeriodCalendar], published: Set[str], now: datetime) -> list[DueEvent]:
    """Every period's due events, oldest period first."""
    return [e for cal in sorted(cals, key=lambda c: c.period) for e in due_events(cal, published, now)]


@dataclass(frozen=True)
class DeadlineCheck:
    """Schemes whose own deadline passed before the period's: their `missed_deadline` check is
    due. `id` is what the runner records once it has checked them."""

    id: str
    period: str
    at: datetime
    schemes: tuple[str, ...]


def early_deadlines(cal: PeriodCalendar, done: Set[str], now: datetime) -> list[DeadlineCheck]:
    """Checks due at `now` for schemes whose deadline comes before the period's deadline (those
    at the period's deadline are judged by `period.deadline_passed.v1` itself), grouped by
    instant, earliest first; the ids in `done` are left out."""
    aware(now)
    groups: dict[datetime, list[SchemeDeadline]] = {}
    for d in cal.deadlines:
        if d.at < _period_deadline(cal) and d.at <= now:
            groups.setdefault(d.at, []).append(d)
    checks = [DeadlineCheck(f"deadline:{cal.period}:{at.astimezone(INDIA).isoformat()}", cal.period, at,
                            tuple(sorted(d.scheme for d in group))) for at, group in sorted(groups.items())]
    return [c for c in checks if c.id not in done]


def watched_periods(first: str, now: datetime) -> list[str]:
    """The periods whose events may be due: from `first` (where the calendar began keeping
    watch) to the month it is in India at `now`; empty when `first` is later."""
    parse_period(first)
    current = period_of(india_date(now))
    periods: list[str] = []
    period = first
    while period <= current:
        periods.append(period)
        period = next_period(period)
    return periods
