"""Rules on the final composite ranking: composite rank drop and repeated bottom-ten places."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.events.alerts import Alert
from shared.events.scoring import CompositeEntry, CompositeRanked
from shared.periods import financial_year

from .. import messages
from ..factory import make_alert, standing_in_ranking
from ..severity import FIXED_SEVERITY, rank_fall_severity
from .falls import comparable, falls

COMPOSITE_DROP_THRESHOLD = 10
BOTTOM_TEN = 10
BOTTOM_TEN_REPEAT_AT = 3


def in_bottom_ten(rank: int, of: int) -> bool:
    """True for the 10 worst positions of `of` (rank > of - 10); tied districts share a rank."""
    return rank > of - BOTTOM_TEN


def bottom_ten_counts(finals: Iterable[CompositeRanked], period: str) -> dict[str, int]:
    """Times each district was in the bottom ten of the final composites of `period`'s
    financial year *before* `period` (the input for `on_composite_final`).

    Live rankings, other financial years and `period` itself are left out, and a period
    given twice counts once, so a replayed freeze yields the same counts.
    """
    fy = financial_year(period)
    by_period = {
        r.period: r for r in finals if r.final and r.period < period and financial_year(r.period) == fy
    }
    counts: dict[str, int] = {}
    for ranking in by_period.values():
        for entry in ranking.ranks:
            if in_bottom_ten(entry.rank, ranking.of):
                counts[entry.district] = counts.get(entry.district, 0) + 1
    return counts


def on_composite_final(
    ranking: CompositeRanked,
    previous_final: CompositeRanked | None,
    fy_bottom_ten_counts: Mapping[str, int],
    *,
    now: str,
    threshold: int = COMPOSITE_DROP_THRESHOLD,
) -> list[Alert]:
    """`composite_rank_drop` and `bottom_ten_repeat` alerts of a frozen period.

    `fy_bottom_ten_counts` counts the earlier bottom-ten places of this financial year (see
    `bottom_ten_counts`); this period is added here, and a district in the bottom ten for
    the 3rd (4th, …) time gets an alert whose to-state is that count. Nothing for a live
    ranking: composite alerts wait for the freeze.
    """
    if not ranking.final:
        return []
    alerts: list[Alert] = []
    if previous_final is not None and comparable(ranking.period, previous_final.period, previous_final.final):
        alerts += [
            _composite_rank_drop(ranking, previous_final, old, entry, now)
            for old, entry in falls(ranking.ranks, previous_final.ranks, threshold)
        ]
    for entry in ranking.ranks:
        count = fy_bottom_ten_counts.get(entry.district, 0) + 1
        if in_bottom_ten(entry.rank, ranking.of) and count >= BOTTOM_TEN_REPEAT_AT:
            alerts.append(_bottom_ten_repeat(ranking, entry, count, now))
    return alerts


def _composite_rank_drop(
    ranking: CompositeRanked, previous: CompositeRanked, old: CompositeEntry, entry: CompositeEntry, now: str
) -> Alert:
    return make_alert(
        "composite_rank_drop", district=entry.district, scheme=None, period=ranking.period, to_state="final",
        severity=rank_fall_severity(entry.rank - old.rank),
        message=messages.composite_rank_drop(old.rank, entry.rank, ranking.of), now=now,
        previous=standing_in_ranking(old, previous.period, previous.of),
        current=standing_in_ranking(entry, ranking.period, ranking.of),
    )


def _bottom_ten_repeat(ranking: CompositeRanked, entry: CompositeEntry, count: int, now: str) -> Alert:
    return make_alert(
        "bottom_ten_repeat", district=entry.district, scheme=None, period=ranking.period, to_state=str(count),
        severity=FIXED_SEVERITY["bottom_ten_repeat"],
        message=messages.bottom_ten_repeat(entry.rank, ranking.of, count, financial_year(ranking.period)),
        now=now, current=standing_in_ranking(entry, ranking.period, ranking.of),
    )
