"""Improvement ("delta") ranking: districts ranked by the change in their composite marks
(issue 21), as the Aspirational Districts programme ranks districts by how far they moved
rather than where they stand.

Two comparisons per period: against the month before, and against April, the first month
of the financial year (none in April itself: nothing has moved yet). The change is taken on
the two-decimal composite marks as published, so it is exact to the hundredth, and ranked
like marks: highest first, equal changes share a rank (1, 2, 2, 4).

A district with no composite in the base period is not ranked against it (there is no
change to measure, and counting its missing composite as 0 would make it the "most
improved" district of the state); it is listed as `unranked`, and the N of "rank r of N"
counts only the districts ranked.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from services.scoring.domain.ranking import Ranking
from services.scoring.domain.rounding import hundredths
from shared.events.delta import CompositeDeltaRanked, DeltaEntry, DeltaRanking
from shared.periods import fy_periods, previous_period

TEN = 10


def base_periods(period: str) -> tuple[str, str | None]:
    """The periods `period` is compared against: the month before, and April of its
    financial year (None when `period` is that April)."""
    april = fy_periods(period)[0]
    return previous_period(period), (None if april == period else april)


def delta_ranking(current: Mapping[str, float], base: Mapping[str, float], base_period: str) -> DeltaRanking:
    """Districts ranked by composite marks in `current` minus those in `base` (district → marks).

    Top ten: rank ≤ 10. Bottom ten, least improved first: the districts with fewer than ten
    districts below them (rank ≤ 10 counted from the bottom). Either holds every district
    tied at its edge, so it may hold more than ten.
    """
    changes = Ranking()
    for district, marks in current.items():
        if district in base:
            changes.upsert(district, (hundredths(marks) - hundredths(base[district])) / 100)
    entries = [
        DeltaEntry(district=district, marks=hundredths(current[district]) / 100,
                   base_marks=hundredths(base[district]) / 100, delta=delta, rank=rank)
        for district, delta, rank in changes.standings()
    ]
    ascending = sorted(round(e.delta * 100) for e in entries)  # how many are below: a bisection
    bottom = sorted((e for e in entries if bisect_left(ascending, round(e.delta * 100)) < TEN),
                    key=lambda e: (e.delta, e.district))
    return DeltaRanking(
        base_period=base_period, of=len(entries), ranks=entries,
        top_ten=[e.district for e in entries if e.rank <= TEN],
        bottom_ten=[e.district for e in bottom],
        unranked=sorted(d for d in current if d not in base),
    )


def composite_delta_ranked(
    period: str,
    final: bool,
    current: Mapping[str, float],
    previous: Mapping[str, float] | None,
    fy_start: Mapping[str, float] | None,
) -> CompositeDeltaRanked:
    """The `composite.delta_ranked.v1` data for `period` from composite marks (district → marks)
    of the period, the month before and April (see `base_periods`); a base with no composite
    at all (None or empty) gives no ranking against it."""
    previous_id, april = base_periods(period)
    return CompositeDeltaRanked(
        period=period,
        final=final,
        previous_month=delta_ranking(current, previous, previous_id) if previous else None,
        since_fy_start=delta_ranking(current, fy_start, april) if fy_start and april else None,
    )
