"""Marks out of 10 and the grade of one submission (DESIGN.md §3, scheme catalogue)."""

from __future__ import annotations

import math
from collections.abc import Mapping

from services.scoring.domain.kpi import kpi_score
from services.scoring.domain.rounding import round_marks, round_score
from shared.catalog import GRADES, Scheme
from shared.value import value_object


@value_object
class Scored:
    """A scored submission as published: marks with two decimals, KPI scores with four."""

    marks: float
    kpis: dict[str, float]


def score_submission(scheme: Scheme, values: Mapping[str, float]) -> Scored:
    """Score validated input values: marks = 10 × Σ(weightₖ × scoreₖ) / Σ weightₖ.

    Marks are computed from the unrounded KPI scores and then rounded half up.
    """
    scores = {kpi.id: kpi_score(kpi, values) for kpi in scheme.kpis}
    weighted = math.fsum(kpi.weight * scores[kpi.id] for kpi in scheme.kpis)
    return Scored(
        marks=round_marks(10 * weighted / scheme.total_weight),
        kpis={kpi_id: round_score(score) for kpi_id, score in scores.items()},
    )


def grade(marks: float, scheme: Scheme) -> str | None:
    """The grade for `marks` on `scheme`, or None if the scheme is not graded.

    The highest band whose minimum the two-decimal marks reach; bands are half-open
    ([9, 10] is A, [6, 9) is B, [3, 6) is C, below 3 is D by default) and set per scheme.
    Rounding first means 8.999 (published as 9.00) is an A, as the published list shows.
    """
    if not scheme.graded:
        return None
    published = round_marks(marks)
    for letter in GRADES[:-1]:
        if published >= scheme.grade_bands[letter]:
            return letter
    return GRADES[-1]
