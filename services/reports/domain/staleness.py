"""Stale figures: a scheme whose figures for a district have not changed for N months (default
3). The meetings demand up-to-date information (अद्यतन सूचना); the same figures month after
month mean a portal nobody updates.

"Not changed for N months" counts month-to-month repeats: the figures of March equal those of
February, January and December — unchanged for 3 months, since December. The months must
follow each other: a month without figures ends the run (nothing can be said of it, and it is
a missed deadline already). Figures are compared field by field, exactly, as submitted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shared.periods import previous_period

DEFAULT_STALE_MONTHS = 3
Figures = Mapping[str, float]


@dataclass(frozen=True)
class Stale:
    """Unchanged for `months` months, the same figures since `since` (a period)."""

    since: str
    months: int


def unchanged_months(history: Mapping[str, Figures], period: str) -> int:
    """How many months in a row, up to `period`, the figures repeated the month before's.

    `history` maps periods to the figures counted for them (the latest accepted revision).
    """
    figures = history.get(period)
    months = 0
    while figures is not None:
        earlier = history.get(previous_period(period))
        if earlier is None or dict(earlier) != dict(figures):
            break
        months, period, figures = months + 1, previous_period(period), earlier
    return months


def staleness(history: Mapping[str, Figures], period: str, months: int = DEFAULT_STALE_MONTHS) -> Stale | None:
    """`Stale` when the figures of `period` have not changed for at least `months` months."""
    if months < 1:
        raise ValueError(f"stale after at least 1 month, got {months}")
    run = unchanged_months(history, period)
    if run < months:
        return None
    since = period
    for _ in range(run):
        since = previous_period(since)
    return Stale(since=since, months=run)


def stale_pairs(
    histories: Mapping[tuple[str, str], Mapping[str, Figures]], period: str, months: int = DEFAULT_STALE_MONTHS,
) -> dict[tuple[str, str], Stale]:
    """Every `(scheme, district)` whose figures are stale at `period`."""
    found = {pair: staleness(history, period, months) for pair, history in histories.items()}
    return {pair: stale for pair, stale in sorted(found.items()) if stale is not None}
