"""A unit's composite marks over all graded schemes, and per category (DESIGN.md §3, ranking)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.scoring.domain.rounding import round_marks
from shared.catalog import Scheme


@dataclass(frozen=True)
class CompositeResult:
    """Composite marks (two decimals) and the same per category (`development`, `revenue`)."""

    marks: float
    categories: dict[str, float]


def weighted_marks(marks_by_scheme: Mapping[str, float], schemes: Iterable[Scheme]) -> float:
    """Unrounded mean of the schemes' two-decimal marks, weighted by `composite_weight`.

    A scheme missing from `marks_by_scheme` counts 0 (not reporting costs marks); with no
    schemes at all the result is 0.
    """
    chosen = list(schemes)
    total_weight = math.fsum(s.composite_weight for s in chosen)
    if total_weight == 0:
        return 0.0
    weighted = math.fsum(s.composite_weight * round_marks(marks_by_scheme.get(s.id, 0.0)) for s in chosen)
    return weighted / total_weight


def composite_marks(marks_by_scheme: Mapping[str, float], schemes: Iterable[Scheme]) -> CompositeResult:
    """A unit's composite: the weighted mean of its marks over every graded scheme.

    `marks_by_scheme` holds the marks of the unit's accepted submissions (quarantined ones
    left out); ungraded schemes and ids absent from `schemes` are ignored. A category is
    present only if it has a graded scheme.
    """
    graded = [s for s in schemes if s.graded]
    by_category: dict[str, list[Scheme]] = {}
    for scheme in graded:
        by_category.setdefault(scheme.category, []).append(scheme)
    return CompositeResult(
        marks=round_marks(weighted_marks(marks_by_scheme, graded)),
        categories={
            category: round_marks(weighted_marks(marks_by_scheme, members))
            for category, members in sorted(by_category.items())
        },
    )
