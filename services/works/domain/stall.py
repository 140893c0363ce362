"""Stalled works: no physical progress for N consecutive months while not complete."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from services.works.domain.months import periods_between


def months_without_progress(series: Sequence[tuple[str, float]], period: str) -> int:
    """Consecutive months up to `period` in which physical progress did not rise.

    `series` is the work's accepted reports as (period, physical %), oldest first, none after
    `period`. Counted from the last report whose progress rose above the report before it, or
    from the first report when none rose; months without a report count as months without
    progress, since there is no evidence of any. 0 without reports.
    """
    if not series:
        return 0
    last_rise = series[0][0]
    for (_, before), (at, now) in pairwise(series):
        if now > before:
            last_rise = at
    return max(periods_between(last_rise, period), 0)


def stalled(*, months_without: int, reported_stalled: bool, completed: bool, months: int = 2) -> bool:
    """Stalled: reported so by the agency, or `months` or more months without progress; never
    once completed."""
    return not completed and (reported_stalled or months_without >= months)
