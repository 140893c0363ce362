import pytest

from services.scoring.domain.marks import Scored, grade, score_submission
from shared.catalog import Scheme
from tests.unit.scoring.scoring_builders import kpi, scheme

KANPUR_MARCH_2026 = {
    "applications_received": 26466,
    "pending_institution": 614,
    "pending_pfms": 1658,
    "pending_university": 43,
}


def _scholarship() -> Scheme:
    disposal = kpi(
        "disposal",
        kind="inverse_ratio",
        numerator=["pending_institution", "pending_pfms", "pending_university"],
        denominator="applications_received",
        floor=0.90,
        target=0.98,
    )
    return scheme("sc-postmatric-scholarship", [disposal])


def test_kanpur_nagar_scholarship_figures_of_march_2026_score_1_57_and_grade_d() -> None:
    scored = score_submission(_scholarship(), KANPUR_MARCH_2026)
    assert scored == Scored(marks=1.57, kpis={"disposal": 0.1566})
    assert grade(scored.marks, _scholarship()) == "D"


def test_marks_are_ten_times_the_weighted_mean_of_kpi_scores() -> None:
    two = scheme(
        kpis=[kpi("a", numerator="a", denominator="n", weight=3), kpi("b", kind="percent", weight=1)]
    )
    scored = score_submission(two, {"a": 50, "n": 100, "progress": 90})
    assert scored.marks == 6.0  # 10 × (3 × 0.5 + 1 × 0.9) / 4
    assert scored.kpis == {"a": 0.5, "b": 0.9}


def test_marks_have_two_decimals_and_kpi_scores_four() -> None:
    scored = score_submission(scheme(), {"done": 2, "due": 3})
    assert scored.marks == 6.67
    assert scored.kpis == {"k": 0.6667}


def test_a_perfect_submission_scores_ten() -> None:
    assert score_submission(scheme(), {"done": 100, "due": 100}).marks == 10.0


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (10.0, "A"),
        (9.0, "A"),
        (8.99, "B"),
        (6.0, "B"),
        (5.99, "C"),
        (3.0, "C"),
        (2.99, "D"),
        (0.0, "D"),
    ],
)
def test_default_bands_are_half_open_a_9_b_6_c_3_else_d(marks: float, expected: str) -> None:
    assert grade(marks, scheme()) == expected


def test_grade_is_taken_from_the_two_decimal_marks_so_8_999_counts_as_9() -> None:
    assert grade(8.999999, scheme()) == "A"
    assert grade(8.994999, scheme()) == "B"


def test_a_scheme_may_override_its_bands() -> None:
    strict = scheme(grade_bands={"A": 9.5, "B": 8.0, "C": 5.0})
    assert grade(9.4, strict) == "B"
    assert grade(9.5, strict) == "A"
    assert grade(7.99, strict) == "C"
    assert grade(4.99, strict) == "D"


def test_an_ungraded_scheme_has_marks_but_no_grade() -> None:
    ungraded = scheme(graded=False)
    assert score_submission(ungraded, {"done": 1, "due": 1}).marks == 10.0
    assert grade(10.0, ungraded) is None
