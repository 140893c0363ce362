"""A district's page as data: schemes by department, movement, and the year's best and worst."""

from __future__ import annotations

from services.console.domain.district import Month, best_and_worst, months, sections
from tests.unit.console.console_builders import scheme

SCHEMES = [scheme("jsy", "health"), scheme("pension", "welfare"), scheme("nhm", "health")]
NOW = {"schemes": [{"scheme": "jsy", "status": "scored", "grade": "D", "marks": 1.5, "rank": 71, "of": 75},
                   {"scheme": "pension", "status": "quarantined", "grade": None, "marks": None, "rank": None}]}
BEFORE = {"schemes": [{"scheme": "jsy", "rank": 53}]}


def test_schemes_are_grouped_by_department_in_catalogue_order_with_movement() -> None:
    found = sections(SCHEMES, NOW, BEFORE, None)
    assert [s.department.id for s in found] == ["health", "welfare"]
    jsy, nhm = found[0].rows
    assert (jsy.rank, jsy.previous_rank, jsy.move) == (71, 53, -18)
    assert nhm.status == "" and nhm.move is None
    assert found[1].rows[0].status == "quarantined"


def test_a_department_user_sees_only_its_departments() -> None:
    assert [s.department.id for s in sections(SCHEMES, NOW, BEFORE, frozenset({"welfare"}))] == ["welfare"]


def test_best_and_worst_are_the_earliest_months_of_the_lowest_and_highest_rank() -> None:
    history = months({"months": [{"period": p, "rank": r, "of": 75, "marks": 5.0} for p, r in
                                 [("2025-04", 10), ("2025-05", 59), ("2025-06", 10), ("2025-07", 59)]]})
    assert all(isinstance(m, Month) for m in history)
    assert best_and_worst(history) == ("2025-04", "2025-05")
    assert best_and_worst([]) == (None, None)
