"""Targets on the real catalogue's figures, worked by hand, and the answers that are not a change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.ranking import Ranking
from services.scoring.domain.targets import (
    band_hundredths,
    first_true,
    marks_above,
    next_grade_target,
    overtake_target,
)
from shared.catalog import default_catalog_path, load_catalog
from tests.unit.scoring.scoring_builders import kpi, scheme

CATALOGUE = {s.id: s for s in load_catalog(default_catalog_path())}
# Kanpur Nagar, March 2026 (the minutes of 16.04.2026): 2,315 of 26,466 applications pending.
SC_POSTMATRIC = {"applications_received": 26466, "pending_institution": 614, "pending_pfms": 1658,
                 "pending_university": 43}


def test_kanpur_nagar_disposes_of_303_more_scholarship_applications_for_grade_c() -> None:
    # Marks 1.57 (D). C needs 3.00: a score of 0.2995 (rounded half up), a disposal rate of
    # 0.90 + 0.08 × 0.2995 = 0.92396, so at most 26,466 × 0.07604 = 2,012.47 pending: 2,012,
    # which is 2,315 − 303. The largest pending field, PFMS, takes the whole reduction.
    target = next_grade_target(CATALOGUE["sc-postmatric-scholarship"], SC_POSTMATRIC)
    assert (target.answer, target.marks, target.goal_marks, target.grade) == ("change", 1.57, 3.0, "C")
    (option,) = target.options
    assert option.to_dict()["changes"] == [{"field": "pending_pfms", "from": 1658, "to": 1355, "delta": -303}]
    assert (option.amount, option.direction, option.marks_after) == (303, "reduce", 3.0)


def test_a_reduction_larger_than_one_pending_field_spills_over_to_the_next_largest() -> None:
    # Overtaking 9.50 takes 9.51, published from 9.505: a score of 0.9505, a disposal rate of
    # 0.90 + 0.08 × 0.9505 = 0.97604, at most 26,466 × 0.02396 = 634.1 pending: 634. So
    # 1,681 disposed of, more than the 1,658 at PFMS level: 23 more at institution level.
    target = overtake_target(CATALOGUE["sc-postmatric-scholarship"], SC_POSTMATRIC, 9.50)
    (option,) = target.options
    assert [(c.field, c.before, c.after) for c in option.changes] == [
        ("pending_pfms", 1658, 0), ("pending_institution", 614, 591)]
    assert option.amount == 1681 and option.marks_after == 9.51


def test_mass_marriage_raises_its_financial_progress_from_92_69_to_95_98_percent_for_grade_a() -> None:
    # 889 of 889 marriages (the ratio at its cap) and 92.69 % financial progress: 8.17, B.
    # A needs 9.00, published from 8.995 = 10 × (1 + s) / 2: a score s of 0.799 on financial
    # progress (floor 80 %, target 100 %), i.e. 80 + 0.799 × 20 = 95.98 %.
    values = {"marriages_target": 889, "marriages_solemnised": 889, "financial_progress_percent": 92.69}
    target = next_grade_target(CATALOGUE["mass-marriage"], values)
    first, second = target.options
    assert (first.kpi, first.changes[0].before, first.changes[0].after) == ("financial_progress", 92.69, 95.98)
    assert (second.kpi, second.obstacle) == ("marriages", "kpi_at_cap")


def test_a_kpi_whose_numerator_is_another_kpis_denominator_has_no_lever() -> None:
    chained = scheme(kpis=[kpi("paid", numerator="paid", denominator="delivered"),
                           kpi("delivered", numerator="delivered", denominator="expected")])
    target = next_grade_target(chained, {"paid": 10, "delivered": 100, "expected": 100})
    assert {o.kpi: o.obstacle for o in target.options} == {"paid": None, "delivered": "kpi_at_cap"}
    target = next_grade_target(chained, {"paid": 10, "delivered": 50, "expected": 100})
    assert {o.kpi: o.obstacle for o in target.options}["delivered"] == "no_lever"


def test_a_ratio_whose_target_lies_beyond_its_plausibility_bound_is_stopped_by_the_bound() -> None:
    # 90 of 100 scores 0.45 (C); B needs 0.5995, a ratio of 1.199, past the bound of 1.1.
    strict = scheme(kpis=[kpi(target=2.0, max_ratio=1.1)])
    (option,) = next_grade_target(strict, {"done": 90, "due": 100}).options
    assert option.obstacle == "plausibility_bound"
    (option,) = next_grade_target(strict, {"done": 0, "due": 0}).options
    assert option.obstacle == "no_denominator"


def test_answers_that_are_not_a_change() -> None:
    ungraded = scheme(graded=False)
    assert next_grade_target(ungraded, {"done": 1, "due": 2}).answer == "ungraded"
    assert next_grade_target(scheme(), {"done": 99, "due": 100}).answer == "none_needed"
    assert next_grade_target(scheme(), {"done": 200, "due": 100}).answer == "quarantined"
    beyond = overtake_target(scheme(), {"done": 50, "due": 100}, 10.0)
    assert (beyond.answer, beyond.obstacle) == ("unreachable", "beyond_maximum")
    two = scheme(kpis=[kpi("a", numerator="a", denominator="n"), kpi("b", kind="percent")])
    # Each of two equal KPIs brings at most 5 marks: neither alone passes 6.00.
    unable = overtake_target(two, {"a": 0, "n": 10, "progress": 0.0}, 6.0)
    assert unable.answer == "unreachable"
    assert {o.obstacle for o in unable.options} == {"beyond_kpi"}


def test_the_district_just_above_is_the_next_higher_marks_whatever_the_ties() -> None:
    ranking = Ranking()
    for unit, marks in [("agra", 9.1), ("etah", 8.0), ("mau", 8.0), ("kannauj", 7.99), ("banda", 9.1)]:
        ranking.upsert(unit, marks)
    rows = ranking.standings()
    assert marks_above(rows, "kannauj") == 8.0
    assert marks_above(rows, "mau") == 9.1
    assert marks_above(rows, "agra") is None and marks_above(rows, "unknown") is None


def test_a_band_minimum_with_more_than_two_decimals_is_reached_at_the_next_hundredth() -> None:
    assert (band_hundredths(6.0), band_hundredths(6.005), band_hundredths(2.001)) == (600, 601, 201)


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 200))
def test_first_true_finds_the_first_true_from_any_guess(edge: int, hi: int, guess: int) -> None:
    calls: list[int] = []

    def pred(n: int) -> bool:
        calls.append(n)
        return n >= edge

    expected = edge if edge <= hi else None
    assert first_true(pred, 0, hi, guess) == expected
    assert all(0 <= n <= hi for n in calls)
