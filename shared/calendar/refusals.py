"""Which overrides an operator may make, and the reason when not.

A refusal carries the HTTP status an API would answer (409 for the period's state, 422 for a
bad value), the field and a code, as every error body of the project does. Nothing un-freezes
a period (no event says so, and scoring has published its final ranks): `reopen` lifts a hold.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date, datetime

from shared.calendar.due import period_event_id
from shared.calendar.overrides import fold, instant
from shared.calendar.schedule import PeriodCalendar
from shared.calendar.zone import INDIA
from shared.events.calendar import PeriodOverride
from shared.events.periods import DEADLINE_PASSED, FROZEN
from shared.periods import parse_period


class Refusal(ValueError):
    """An override that cannot be made: `status` (409/422), `field`, `code`, `message`."""

    def __init__(self, status: int, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.code, self.message = status, field, code, message


def when(instant_: datetime) -> str:
    """An instant as operators read it: "26.03.2026 00:00 IST"."""
    return instant_.astimezone(INDIA).strftime("%d.%m.%Y %H:%M IST")


def check_override(override: PeriodOverride, cal: PeriodCalendar, published: Set[str]) -> None:
    """Raise `Refusal` unless `override` may be appended to `cal`'s trail; `published` holds the
    ids of the period events already published (`due.period_event_id`)."""
    if override.period != cal.period:
        raise Refusal(422, "period", "wrong_period", f"an override of {override.period} given for {cal.period}")
    if period_event_id(FROZEN, cal.period) in published:
        raise Refusal(409, "period", "frozen", f"{cal.period} is frozen; a frozen period cannot be "
                                               "held, reopened or moved")
    {"hold": _hold, "reopen": _reopen, "deadline": _deadline, "freeze": _freeze}[override.action](
        override, cal, published)


def _hold(override: PeriodOverride, cal: PeriodCalendar, published: Set[str]) -> None:
    hold = fold(cal.overrides).hold
    if hold is not None:
        raise Refusal(409, "period", "held", f"{cal.period} is already held, since {when(hold.at)} "
                                             f"by {hold.by}: {hold.reason}")


def _reopen(override: PeriodOverride, cal: PeriodCalendar, published: Set[str]) -> None:
    if not fold(cal.overrides).held:
        raise Refusal(409, "period", "not_held", f"{cal.period} is not held; reopen lifts a hold")


def _deadline(override: PeriodOverride, cal: PeriodCalendar, published: Set[str]) -> None:
    if period_event_id(DEADLINE_PASSED, cal.period) in published:
        raise Refusal(409, "period", "deadline_passed", f"the deadline of {cal.period} has passed "
                                                        "and was announced; it cannot move")
    _not_before_period(override, cal.period)
    moved = instant(override)
    freeze_at = fold(cal.overrides).freeze_at or cal.scheduled_freeze_at  # a hold does not move it
    if moved >= freeze_at:
        raise Refusal(422, "on", "after_freeze", f"a deadline at {when(moved)} would not come before the "
                                                 f"freeze at {when(freeze_at)}; move the freeze first")
    if moved < cal.deadline_at and not override.force:
        raise Refusal(409, "force", "needs_force", f"a deadline at {when(moved)} comes before the one set for "
                                                   f"{when(cal.deadline_at)}; confirm with --force")


def _freeze(override: PeriodOverride, cal: PeriodCalendar, published: Set[str]) -> None:
    _not_before_period(override, cal.period)
    hold = fold(cal.overrides).hold
    if hold is not None and not override.force:
        raise Refusal(409, "force", "held", f"{cal.period} is held (by {hold.by}: {hold.reason}); freeze "
                                            "it with --force, or reopen it first")
    moved = instant(override)
    if moved < cal.scheduled_freeze_at and not override.force:
        raise Refusal(409, "force", "needs_force", f"a freeze at {when(moved)} comes before the one due at "
                                                   f"{when(cal.scheduled_freeze_at)} and cannot be undone; "
                                                   "confirm with --force")


def _not_before_period(override: PeriodOverride, period: str) -> None:
    year, month = parse_period(period)
    if override.on is not None and override.on < date(year, month, 1):
        raise Refusal(422, "on", "before_period", f"{override.on.isoformat()} is before {period} began")
