"""A unit's marks per sector, for sector-wise ranks beside the category ranks (issue 21).

The same rule as the composite (`composite.weighted_marks`): the mean of the unit's
two-decimal marks over the sector's graded schemes, weighted by `composite_weight`, a scheme
without an accepted submission counting 0. Ranked with one `Ranking` per sector and period.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from services.scoring.domain.composite import weighted_marks
from services.scoring.domain.rounding import round_marks
from shared.catalog import Names, Scheme


def sector_marks(marks_by_scheme: Mapping[str, float], schemes: Iterable[Scheme]) -> dict[str, float]:
    """Two-decimal marks per sector id; a sector is present only if it has a graded scheme."""
    by_sector: dict[str, list[Scheme]] = {}
    for scheme in schemes:
        if scheme.graded:
            by_sector.setdefault(scheme.sector, []).append(scheme)
    return {sector: round_marks(weighted_marks(marks_by_scheme, members))
            for sector, members in sorted(by_sector.items())}


def sector_names(schemes: Iterable[Scheme]) -> dict[str, Names]:
    """The Hindi and English name of each sector that the catalogue names."""
    return {s.sector: s.sector_name for s in schemes if s.sector_name is not None}
