"""One period's composite: every district's accepted scheme marks, its composite marks and
the composite rankings, overall and per category (DESIGN.md §3, ranking).

A district is ranked once it has marks on at least one graded scheme of the catalogue; a
graded scheme it has no marks for counts 0 (not reporting costs marks).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.scoring.domain.composite import CompositeResult
from services.scoring.domain.ranking import Ranking
from services.scoring.domain.rounding import round_marks
from shared.catalog import Scheme


@dataclass(frozen=True)
class Weights:
    """The catalogue's graded schemes as the composite weighs them."""

    schemes: dict[str, tuple[float, str]]  # scheme id -> (composite weight, category)
    total: float
    categories: dict[str, float]  # category -> total weight

    @classmethod
    def of(cls, schemes: Iterable[Scheme]) -> Weights:
        graded = [s for s in schemes if s.graded]
        categories: dict[str, list[float]] = {}
        for s in graded:
            categories.setdefault(s.category, []).append(s.composite_weight)
        return cls({s.id: (s.composite_weight, s.category) for s in graded},
                   math.fsum(s.composite_weight for s in graded),
                   {c: math.fsum(ws) for c, ws in sorted(categories.items())})

    def composite(self, marks: Mapping[str, float]) -> CompositeResult:
        """`composite.composite_marks` for marks already rounded to two decimals, in one pass.

        Missing schemes add 0 and `fsum` is exact, so order and absences change nothing.
        """
        overall: list[float] = []
        parts: dict[str, list[float]] = {c: [] for c in self.categories}
        for scheme, value in marks.items():
            found = self.schemes.get(scheme)
            if found is not None:
                overall.append(found[0] * value)
                parts[found[1]].append(found[0] * value)
        return CompositeResult(
            marks=round_marks(math.fsum(overall) / self.total) if self.total else 0.0,
            categories={c: round_marks(math.fsum(parts[c]) / total) for c, total in self.categories.items()},
        )


class CompositeBoard:
    """Scheme marks per district and the rankings they give; O(log n) per district update."""

    def __init__(self, period: str) -> None:
        self.period = period
        self.overall = Ranking()
        self.categories: dict[str, Ranking] = {}
        self._marks: dict[str, dict[str, float]] = {}
        self._results: dict[str, CompositeResult] = {}

    def set_marks(self, district: str, scheme: str, marks: float | None) -> None:
        """Record a district's marks on a scheme; None takes them away (quarantined, retired)."""
        own = self._marks.setdefault(district, {})
        if marks is None:
            own.pop(scheme, None)
        else:
            own[scheme] = round_marks(marks)

    def recompute(self, districts: Iterable[str], weights: Weights) -> None:
        """Recompute the composites of `districts` with the catalogue's weights."""
        for district in districts:
            own = self._marks.get(district, {})
            if not any(s in weights.schemes for s in own):
                self._unrank(district)
                continue
            result = weights.composite(own)
            self._results[district] = result
            self.overall.upsert(district, result.marks)
            for category, ranking in self.categories.items():
                if category not in result.categories:
                    ranking.remove(district)
            for category, marks in result.categories.items():
                self.categories.setdefault(category, Ranking()).upsert(district, marks)

    def recompute_all(self, weights: Weights) -> None:
        """Recompute every district, e.g. after a catalogue change."""
        self.recompute(sorted(set(self._marks) | set(self._results)), weights)

    def _unrank(self, district: str) -> None:
        self._results.pop(district, None)
        self.overall.remove(district)
        for ranking in self.categories.values():
            ranking.remove(district)

    def result(self, district: str) -> tuple[CompositeResult, int] | None:
        """The district's composite and rank, or None if it is not ranked."""
        rank = self.overall.rank(district)
        return None if rank is None else (self._results[district], rank)

    def payload(self, final: bool) -> dict[str, Any]:
        """The period's `composite.ranked.v1` data, best first (shaped as `CompositeRanked`)."""
        ranks = []
        category_ranks = {c: {d: (m, r) for d, m, r in ranking.standings()}
                          for c, ranking in sorted(self.categories.items())}
        for district, marks, rank in self.overall.standings():
            categories = {c: {"marks": rows[district][0], "rank": rows[district][1]}
                          for c, rows in category_ranks.items() if district in rows}
            ranks.append({"district": district, "marks": marks, "rank": rank, "categories": categories})
        return {"period": self.period, "final": final, "of": self.overall.of, "ranks": ranks}
