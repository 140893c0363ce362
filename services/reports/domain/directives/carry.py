"""Overdue directives and carrying them forward, by India's calendar.

A directive is *overdue* once its first due date has ended (midnight in India) without
compliance. Each due date that ends without compliance is one *miss*: the directive is carried
forward to the next meeting (its new due date) and its counter grows, so it comes back "for the
second time", "the third time"… `roll` brings a stored directive up to an instant; it is pure,
idempotent and only ever moves forward, so every replica and every restart agrees, and a
counter never decreases (a later change of the meeting day moves only the dues still to come).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from shared.calendar.rules import meeting_date, meeting_in
from shared.calendar.zone import aware, day_ends
from shared.events.directives import Directive, overdue_state
from shared.periods import period_of


def next_meeting_after(day: date, meeting_day: int) -> date:
    """The first meeting day (`meeting_day` of a month) after `day`."""
    this_month = meeting_in(day.year, day.month, meeting_day)
    return this_month if this_month > day else meeting_date(period_of(day), meeting_day)


def roll(directive: Directive, now: datetime, meeting_day: int) -> Directive:
    """The directive at `now`: every due date ended without compliance counted as a miss, and
    the due date moved to the next meeting after it. A closed directive stays as it is."""
    aware(now)
    if directive.closed:
        return directive
    due, misses = directive.due, directive.misses
    while day_ends(due) <= now:
        misses, due = misses + 1, next_meeting_after(due, meeting_day)
    if misses == directive.misses:
        return directive
    return directive.model_copy(update={"due": due, "misses": misses})


def is_overdue(directive: Directive, now: datetime, meeting_day: int) -> bool:
    """Not complied with, and its first due date has passed (in India)."""
    return not directive.closed and roll(directive, now, meeting_day).misses > 0


@dataclass(frozen=True)
class OverdueNotice:
    """A directive that missed its `miss`-th due date: one `directive_overdue` alert each."""

    directive: Directive
    miss: int

    @property
    def to_state(self) -> str:
        """The `directive_overdue` alert id's to-state (one alert per miss)."""
        return overdue_state(self.directive, self.miss)


def overdue_notices(directives: Iterable[Directive], now: datetime, meeting_day: int) -> list[OverdueNotice]:
    """The latest miss of every overdue directive (a runner that was down alerts the latest
    miss, not each one it slept through), by directive id."""
    rolled = (roll(d, now, meeting_day) for d in directives)
    notices = [OverdueNotice(d, d.misses) for d in rolled if not d.closed and d.misses > 0]
    return sorted(notices, key=lambda n: n.directive.directive_id)
