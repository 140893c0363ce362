from services.scoring.domain.composite import CompositeResult, composite_marks
from tests.unit.scoring.scoring_builders import scheme

HEALTH = scheme("jsy", composite_weight=2.0)
SCHOLARSHIP = scheme("scholarship")
STAMPS = scheme("stamp-duty", category="revenue")
SURVEY = scheme("survey", graded=False)
CATALOGUE = [HEALTH, SCHOLARSHIP, STAMPS, SURVEY]


def test_composite_is_the_mean_of_graded_schemes_weighted_by_composite_weight() -> None:
    result = composite_marks({"jsy": 9.0, "scholarship": 6.0, "stamp-duty": 3.0}, CATALOGUE)
    assert result.marks == 6.75  # (2 × 9 + 6 + 3) / 4


def test_a_graded_scheme_without_an_accepted_submission_counts_zero() -> None:
    assert composite_marks({"jsy": 9.0, "scholarship": 6.0}, CATALOGUE).marks == 6.0


def test_ungraded_schemes_and_retired_schemes_do_not_count() -> None:
    marks = {"jsy": 8.0, "scholarship": 8.0, "stamp-duty": 8.0, "survey": 0.0, "retired": 0.0}
    assert composite_marks(marks, CATALOGUE).marks == 8.0


def test_each_category_is_the_same_mean_over_its_own_graded_schemes() -> None:
    result = composite_marks({"jsy": 9.0, "scholarship": 6.0, "stamp-duty": 3.0}, CATALOGUE)
    assert result == CompositeResult(marks=6.75, categories={"development": 8.0, "revenue": 3.0})


def test_a_category_without_graded_schemes_is_left_out() -> None:
    result = composite_marks({"jsy": 9.0}, [HEALTH, scheme("land-survey", category="revenue", graded=False)])
    assert result.categories == {"development": 9.0}


def test_composite_marks_are_rounded_half_up_to_two_decimals() -> None:
    result = composite_marks(
        {"jsy": 9.99, "scholarship": 9.98}, [scheme("jsy"), scheme("scholarship"), STAMPS]
    )
    assert result.marks == 6.66  # 19.97 / 3 = 6.6566…
    two = composite_marks({"jsy": 0.25, "scholarship": 0.0}, [scheme("jsy"), scheme("scholarship")])
    assert two.marks == 0.13  # 0.125 rounds up


def test_a_catalogue_without_graded_schemes_gives_zero() -> None:
    assert composite_marks({"survey": 7.0}, [SURVEY]) == CompositeResult(marks=0.0, categories={})
