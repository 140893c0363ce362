"""The completion date that a work's own pace implies, and reported dates that pace belies.

No monitoring report we know of does this: the agencies' anticipated dates are taken as
given. Here the pace of physical progress over the last months is extrapolated to 100 %, and
a reported date that would need more than twice that pace is flagged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from services.works.domain.months import DAYS_PER_MONTH, months_elapsed, period_end, shift_period
from shared.events.works.values import LAST_DAY

# Beyond a century a forecast says nothing more than "not at this pace".
HORIZON_MONTHS = 1200


def pace(series: Sequence[tuple[str, float]], *, period: str, sanctioned_on: date, window: int = 3) -> float | None:
    """Physical points a month over about the last `window` months, up to the end of `period`.

    `series` holds the accepted reports (period, physical %), oldest first, none after `period`.
    Measured from the last report at least `window` months old (from the sanction, at 0 %, when
    there is none) to the latest report, over the time from that report's month end (or the
    sanction date) to the end of `period`. None without reports or without elapsed time.
    """
    if not series:
        return None
    cutoff = shift_period(period, -window)
    base = [(at, physical) for at, physical in series if at <= cutoff]
    start, start_physical = (period_end(base[-1][0]), base[-1][1]) if base else (sanctioned_on, 0.0)
    months = months_elapsed(start, period_end(period))
    if months <= 0:
        return None
    return round((series[-1][1] - start_physical) / months, 2)


def forecast_completion(physical: float, monthly_pace: float | None, as_of: date) -> date | None:
    """The day the work reaches 100 % at `monthly_pace` from `physical` % on `as_of`.

    `as_of` itself when the work is physically complete; always after `as_of` otherwise. None
    when there is no pace to extrapolate (no progress, or none measured) or it lies beyond a century
    or beyond the last day an event may carry.
    """
    if physical >= 100:
        return as_of
    if monthly_pace is None or monthly_pace <= 0:
        return None
    months = (100 - physical) / monthly_pace
    if months > HORIZON_MONTHS:
        return None
    try:
        day = as_of + timedelta(days=max(math.ceil(months * DAYS_PER_MONTH), 1))
    except OverflowError:  # a month near the calendar's end: nothing to forecast in
        return None
    return day if day <= LAST_DAY else None  # the events carry no date beyond it


def anticipated_implausible(*, physical: float, anticipated: date | None, as_of: date,
                            monthly_pace: float | None, factor: float = 2.0) -> bool:
    """Whether a reported anticipated completion needs more than `factor` times the work's pace.

    The pace needed is the remaining physical progress over the months left until the reported
    date. A date already passed (the work not physically complete) is implausible; so is any
    date when the work shows no pace at all. False without a reported date or with nothing left.
    """
    remaining = 100 - physical
    if anticipated is None or remaining <= 0:
        return False
    months_left = months_elapsed(as_of, anticipated)
    if months_left <= 0:
        return True
    return remaining / months_left > factor * max(monthly_pace or 0.0, 0.0)
