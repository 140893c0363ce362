"""Events of the operator CLI or scheduler on `periods.events`."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from shared.events.base import Payload, Period
from shared.periods import PeriodWindow

DEADLINE_PASSED = "period.deadline_passed.v1"
FROZEN = "period.frozen.v1"


class PeriodEvent(Payload):
    period: Period


class UnusablePeriod(ValueError):
    """A period event that names no period, or one outside the window: to be dead-lettered."""


def event_period(data: Any, window: PeriodWindow) -> str:
    """The period a `periods.events` payload names, if it may be named now (from the first
    financial year to the current month); else UnusablePeriod with the reason."""
    try:
        period = PeriodEvent.read(data).period
    except ValidationError as exc:
        raise UnusablePeriod(f"no valid period: {exc.errors()[0]['msg']}") from None
    problem = window.problem(period)
    if problem is not None:
        raise UnusablePeriod(f"period {period}: {problem[1]}")
    return period
