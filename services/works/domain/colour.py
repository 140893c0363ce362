"""Status colour: red (lagging), yellow (behind but recoverable), green (on schedule).

The state's construction portal classes its major works so; the rule for each colour:

- a completed work is green if it was completed by its scheduled date, yellow if later (it is
  delivered, late: no longer lagging, never on schedule);
- a work not completed is **red** if it is stalled, or overdue (its scheduled date has passed),
  or behind the time-elapsed share by more than `red_lag_points` without a pace that would
  still finish it by the scheduled date;
- else **yellow** if it is behind by more than `green_lag_points`, or its pace forecasts a
  completion after the scheduled date, or its agency already anticipates a time overrun;
- else **green**.

"Behind" is the lag: the share of the scheduled time elapsed since the sanction (the progress a
work on an even schedule would show) minus the physical progress, in points.
"""

from __future__ import annotations

from datetime import date

from services.works.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from shared.events.works import Colour
from shared.value import value_object


def expected_physical(*, sanctioned_on: date, scheduled: date, as_of: date) -> float:
    """The share of the scheduled time elapsed at `as_of`, %, in [0, 100], two decimals."""
    planned = (scheduled - sanctioned_on).days
    if planned <= 0:
        return 100.0
    elapsed = (as_of - sanctioned_on).days
    return round(min(max(elapsed / planned * 100, 0.0), 100.0), 2)


@value_object
class Position:
    """What the colour is decided from, for one work at one date."""

    scheduled: date
    as_of: date
    completed_on: date | None
    stalled: bool
    lag_points: float
    forecast: date | None
    time_overrun_months: int


def colour(position: Position, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Colour:
    """The work's status colour by the rules above."""
    p = position
    if p.completed_on is not None:
        return "green" if p.completed_on <= p.scheduled else "yellow"
    finishes_on_time = p.forecast is not None and p.forecast <= p.scheduled
    overdue = p.as_of > p.scheduled
    if p.stalled or overdue or (p.lag_points > thresholds.red_lag_points and not finishes_on_time):
        return "red"
    forecast_late = p.forecast is not None and p.forecast > p.scheduled
    if p.lag_points > thresholds.green_lag_points or forecast_late or p.time_overrun_months > 0:
        return "yellow"
    return "green"
