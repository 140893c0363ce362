"""Marks that land a district at a wanted rank among the others' realised marks.

The story wants Kanpur Nagar 53rd on the scholarship in the month before the collapse and
about 45th overall in the last month, as in the real minutes. The other districts' figures
are made first; Kanpur Nagar's marks are then chosen between its would-be neighbours.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from services.scoring.domain.composite import composite_marks
from services.scoring.domain.marks import score_submission
from services.scoring.domain.plausibility import implausible
from shared.catalog import Scheme


def marks_at_rank(others: Sequence[float], rank: int, near: float, low: float = 6.0,
                  high: float = 8.99) -> float:
    """Marks that would rank `rank` among `others` (between the neighbours), kept in [low, high].

    `near` is used when the neighbours leave no room in the band (the rank is then approximate).
    """
    ordered = sorted(others, reverse=True)
    above = ordered[rank - 2] if rank >= 2 else 10.0
    below = ordered[rank - 1] if rank - 1 < len(ordered) else 0.0
    middle = (above + below) / 2
    return middle if low <= middle <= high else near


def composites(figures: dict[str, dict[str, dict[str, int | float]]], schemes: Sequence[Scheme],
               skip: str) -> list[float]:
    """Every district's composite but `skip`'s, from figures by scheme id, then district.

    Quarantined (implausible) figures count as missing, as in scoring.
    """
    by_id = {s.id: s for s in schemes}
    marks: dict[str, dict[str, float]] = {}
    for scheme_id, by_district in figures.items():
        for district, values in by_district.items():
            if district != skip and not implausible(by_id[scheme_id], values):
                marks.setdefault(district, {})[scheme_id] = score_submission(by_id[scheme_id], values).marks
    return [composite_marks(m, schemes).marks for m in marks.values()]


def level_for_composite(target: float, fixed: dict[str, float], schemes: Sequence[Scheme]) -> float:
    """The marks every graded scheme outside `fixed` needs for a composite of `target`."""
    graded = [s for s in schemes if s.graded]
    free = [s for s in graded if s.id not in fixed]
    total = math.fsum(s.composite_weight for s in graded)
    if not free:
        return 0.0
    held = math.fsum(s.composite_weight * fixed[s.id] for s in graded if s.id in fixed)
    needed = (target * total - held) / math.fsum(s.composite_weight for s in free)
    return min(10.0, max(0.0, needed))
