"""A period's composite board: the fast composite equals the domain's, rankings per category."""

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.composite import composite_marks
from services.scoring.domain.composite_board import CompositeBoard, Weights
from shared.events.scoring import CompositeRanked
from tests.unit.scoring.scoring_builders import scheme

SCHEMES = [
    scheme("dev-a"), scheme("dev-b", composite_weight=2.0), scheme("rev-a", category="revenue"),
    scheme("rev-b", category="revenue", composite_weight=0.5), scheme("ungraded", graded=False),
]
WEIGHTS = Weights.of(SCHEMES)
_marks = st.dictionaries(st.sampled_from([s.id for s in SCHEMES] + ["retired"]),
                         st.integers(0, 1000).map(lambda h: h / 100), max_size=6)


@given(_marks)
def test_the_one_pass_composite_equals_the_domains_composite(marks: dict[str, float]) -> None:
    assert WEIGHTS.composite(marks) == composite_marks(marks, SCHEMES)


def _board(**marks: dict[str, float]) -> CompositeBoard:
    board = CompositeBoard("2026-03")
    for district, own in marks.items():
        for scheme_id, value in own.items():
            board.set_marks(district, scheme_id, value)
    board.recompute_all(WEIGHTS)
    return board


def test_districts_are_ranked_overall_and_per_category_with_shared_ranks() -> None:
    board = _board(agra={"dev-a": 9.0, "rev-a": 3.0}, banda={"dev-a": 9.0, "rev-a": 3.0},
                   chitrakoot={"dev-b": 9.0})
    payload = board.payload(final=False)
    CompositeRanked.model_validate(payload)
    assert [(r["district"], r["marks"], r["rank"]) for r in payload["ranks"]] == [
        ("chitrakoot", 4.0, 1), ("agra", 2.67, 2), ("banda", 2.67, 2)]
    assert payload["ranks"][1]["categories"] == {"development": {"marks": 3.0, "rank": 2},
                                                 "revenue": {"marks": 2.0, "rank": 1}}


def test_a_district_with_only_ungraded_or_withdrawn_marks_is_not_ranked() -> None:
    board = _board(agra={"ungraded": 9.0}, banda={"dev-a": 5.0})
    assert board.result("agra") is None and board.overall.of == 1
    board.set_marks("banda", "dev-a", None)
    board.recompute(["banda"], WEIGHTS)
    assert board.overall.of == 0 and board.categories["development"].of == 0


def test_a_retired_scheme_leaves_the_composite_when_recomputed_with_the_new_catalogue() -> None:
    board = _board(agra={"dev-a": 10.0, "dev-b": 10.0})
    board.recompute_all(Weights.of([s for s in SCHEMES if s.id != "dev-b"]))  # graded weights 1 + 1 + 0.5
    assert board.result("agra") is not None and board.result("agra")[0].marks == 4.0  # type: ignore[index]
