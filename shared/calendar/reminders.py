"""`deadline_approaching`: a department reminded some days before its deadline (by default 3
and 1) of the districts whose figures have not arrived.

A reminder is due from `deadline - n days` until the deadline passes; when several reminder
days have arrived (a publisher that was down), only the nearest is due: "1 day left" replaces
"3 days left", never both late. A department with nothing missing is not reminded. The
reminder is resolved as figures arrive (`outstanding`), and is over once the deadline passes,
when `missed_deadline` takes over.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.calendar.rules import CalendarRules
from shared.calendar.schedule import PeriodCalendar, SchemeDeadline
from shared.calendar.zone import aware, india_date

Missing = tuple[tuple[str, tuple[str, ...]], ...]  # (scheme, district ids), by scheme


@dataclass(frozen=True)
class DueReminder:
    """One department's reminder for one deadline of a period, `days_before` it passes."""

    id: str
    period: str
    department: str
    deadline_at: datetime
    days_before: int
    at: datetime
    missing: Missing

    @property
    def resolved(self) -> bool:
        return not self.missing


def reminder_id(department: str, period: str, deadline_at: datetime, days_before: int) -> str:
    """`deadline_approaching:<department>:<period>:<last day to submit>:<days before>`."""
    last_day = india_date(deadline_at - timedelta(microseconds=1))
    return f"deadline_approaching:{department}:{period}:{last_day.isoformat()}:{days_before}"


def missing_figures(deadlines: Iterable[SchemeDeadline], districts: Sequence[str],
                    submitted: Set[tuple[str, str]]) -> Missing:
    """For each scheme, the districts without a `(scheme, district)` in `submitted`; schemes with
    none missing are left out."""
    found = ((d.scheme, tuple(sorted(x for x in districts if (d.scheme, x) not in submitted)))
             for d in deadlines)
    return tuple(sorted((scheme, missing) for scheme, missing in found if missing))


def _nearest(days: Iterable[int], deadline_at: datetime, now: datetime) -> int | None:
    if now >= deadline_at:
        return None
    arrived = [n for n in days if deadline_at - timedelta(days=n) <= now]
    return min(arrived, default=None)


def reminders_due(
    cal: PeriodCalendar, rules: CalendarRules, districts: Sequence[str],
    submitted: Set[tuple[str, str]], sent: Set[str], now: datetime,
) -> list[DueReminder]:
    """The reminders due at `now` and not in `sent`, by department and deadline. `submitted`
    holds the `(scheme, district)` pairs with accepted figures for the period."""
    aware(now)
    groups: dict[tuple[str, datetime], list[SchemeDeadline]] = {}
    for deadline in cal.deadlines:
        groups.setdefault((deadline.department, deadline.at), []).append(deadline)
    due: list[DueReminder] = []
    for (department, deadline_at), deadlines in sorted(groups.items()):
        days = _nearest(rules.reminder_days, deadline_at, now)
        if days is None:
            continue
        rid = reminder_id(department, cal.period, deadline_at, days)
        missing = missing_figures(deadlines, districts, submitted)
        if missing and rid not in sent:
            due.append(DueReminder(rid, cal.period, department, deadline_at, days,
                                   deadline_at - timedelta(days=days), missing))
    return due


def outstanding(reminder: DueReminder, submitted: Set[tuple[str, str]]) -> DueReminder:
    """The reminder with the districts that have since submitted taken off its list."""
    left = tuple((scheme, tuple(d for d in districts if (scheme, d) not in submitted))
                 for scheme, districts in reminder.missing)
    return replace(reminder, missing=tuple((s, ds) for s, ds in left if ds))
