"""Sector-wise marks follow the composite's rule, sector by sector."""

from __future__ import annotations

from services.scoring.domain.sectors import sector_marks, sector_names
from shared.catalog import Names
from tests.unit.scoring.scoring_builders import scheme

HEALTH = {"hi": "स्वास्थ्य", "en": "Health"}


def test_a_sectors_marks_are_the_weighted_mean_of_its_graded_schemes_missing_ones_counting_zero() -> None:
    schemes = [
        scheme("jsy", sector="health", composite_weight=1.0, sector_name=HEALTH),
        scheme("tb", sector="health", composite_weight=3.0),
        scheme("ayush", sector="health", graded=False),
        scheme("pmay", sector="housing"),
        scheme("trinetra", sector="law-and-order", graded=False),
    ]
    # health: (1 × 8.004 → 8.00 + 3 × 6.5) / 4 = 6.875 → 6.88; housing has no submission: 0.
    assert sector_marks({"jsy": 8.004, "tb": 6.5, "ayush": 10.0, "trinetra": 9.0}, schemes) == {
        "health": 6.88, "housing": 0.0}
    assert sector_names(schemes) == {"health": Names(**HEALTH)}
