"""The published ranking of one scheme and period (`scheme.ranked.v1`, CONTRACT.md §3).

Plain data shaped as `shared.events.scoring.SchemeRanked` (a test holds it to the model):
for 7,000 units a model per row would cost more than the ranking itself.
"""

from __future__ import annotations

from typing import Any

from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.rounding import round_score


def coverage(ranked: int, units: int) -> float:
    """Ranked units over all units, four decimals (0 when there are no units)."""
    return round_score(ranked / units) if units else 0.0


def scheme_ranked(board: SchemeBoard, final: bool, units: int) -> dict[str, Any]:
    """The board's ranking, best first, ties by district id; `units` counts every known unit."""
    ranks = []
    for district, marks, rank in board.ranking.standings():
        entry = board.entry(district)
        ranks.append({"district": district, "marks": marks, "grade": entry.grade if entry else None, "rank": rank})
    of = board.ranking.of
    return {"scheme": board.scheme, "period": board.period, "final": final, "of": of,
            "coverage": coverage(of, units), "ranks": ranks}
