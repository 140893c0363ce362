"""Rank drops on `scheme.ranked.v1`: provisional once most units are ranked, final at freeze."""

from __future__ import annotations

from shared.catalog import Scheme
from shared.events.alerts import Alert
from shared.events.scoring import SchemeRanked

from .. import messages
from ..factory import make_alert, standing_in_ranking
from ..severity import rank_fall_severity
from .falls import comparable, falls

RANK_DROP_THRESHOLD = 10
COVERAGE_LINE = 0.9


def on_scheme_ranked(
    ranking: SchemeRanked,
    previous_final: SchemeRanked | None,
    scheme: Scheme,
    *,
    now: str,
    threshold: int = RANK_DROP_THRESHOLD,
    coverage_line: float = COVERAGE_LINE,
) -> list[Alert]:
    """`rank_drop` for each district whose rank fell `threshold`+ places since last period.

    `previous_final` is the previous month's final ranking of the same scheme. A final
    ranking raises final alerts; a live one raises provisional alerts once its coverage
    reaches `coverage_line` (exactly 0.9 counts), and nothing below it, because the ranks of
    a half-reported month say more about who reported than about who fell. The two are
    different conditions with different ids, so each is published once.
    """
    if scheme.id != ranking.scheme:
        raise ValueError(f"ranking of {ranking.scheme!r} checked against scheme {scheme.id!r}")
    if previous_final is None or not comparable(ranking.period, previous_final.period, previous_final.final):
        return []
    provisional = not ranking.final
    if provisional and ranking.coverage < coverage_line:
        return []
    return [
        make_alert(
            "rank_drop", district=now_entry.district, scheme=scheme, period=ranking.period,
            to_state="provisional" if provisional else "final",
            severity=rank_fall_severity(now_entry.rank - old.rank),
            message=messages.rank_drop(scheme.name, old.rank, now_entry.rank, ranking.of, provisional),
            now=now, provisional=provisional,
            previous=standing_in_ranking(old, previous_final.period, previous_final.of),
            current=standing_in_ranking(now_entry, ranking.period, ranking.of),
        )
        for old, now_entry in falls(ranking.ranks, previous_final.ranks, threshold)
    ]
