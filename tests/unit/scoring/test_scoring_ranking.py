from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.ranking import Ranking


def _ranking(**marks: float) -> Ranking:
    ranking = Ranking()
    for unit, m in marks.items():
        ranking.upsert(unit, m)
    return ranking


def test_equal_marks_share_a_rank_and_the_next_rank_is_skipped() -> None:
    ranking = _ranking(agra=9.5, banda=8.0, chitrakoot=8.0, deoria=7.0)
    assert [ranking.rank(u) for u in ("agra", "banda", "chitrakoot", "deoria")] == [1, 2, 2, 4]


def test_standings_list_best_first_with_ties_by_unit_id() -> None:
    ranking = _ranking(deoria=7.0, chitrakoot=8.0, agra=9.5, banda=8.0)
    assert ranking.standings() == [
        ("agra", 9.5, 1),
        ("banda", 8.0, 2),
        ("chitrakoot", 8.0, 2),
        ("deoria", 7.0, 4),
    ]


def test_units_with_equal_published_marks_share_a_rank() -> None:
    ranking = _ranking(agra=8.994, banda=8.99, chitrakoot=8.995)
    assert ranking.rank("chitrakoot") == 1  # published 9.00
    assert ranking.rank("agra") == ranking.rank("banda") == 2
    assert ranking.marks("agra") == 8.99


def test_moving_a_unit_updates_every_rank() -> None:
    ranking = _ranking(agra=9.0, banda=8.0, chitrakoot=7.0)
    ranking.upsert("chitrakoot", 9.5)
    assert [ranking.rank(u) for u in ("chitrakoot", "agra", "banda")] == [1, 2, 3]
    assert ranking.marks("chitrakoot") == 9.5


def test_the_same_marks_again_change_nothing() -> None:
    ranking = _ranking(agra=9.0)
    ranking.upsert("agra", 9.0)
    assert ranking.standings() == [("agra", 9.0, 1)]


def test_a_removed_unit_is_no_longer_ranked_or_counted() -> None:
    ranking = _ranking(agra=9.0, banda=8.0)
    ranking.remove("agra")
    ranking.remove("never-ranked")
    assert "agra" not in ranking
    assert ranking.rank("agra") is None
    assert ranking.marks("agra") is None
    assert ranking.rank("banda") == 1
    assert len(ranking) == ranking.of == 1


def test_an_empty_ranking_ranks_nobody() -> None:
    ranking = Ranking()
    assert len(ranking) == 0
    assert ranking.standings() == []
    assert ranking.rank("agra") is None


def test_seven_thousand_blocks_can_be_ranked_and_re_ranked() -> None:
    ranking = Ranking()
    for i in range(7_000):
        ranking.upsert(f"block-{i:04d}", (i * 37 % 1001) / 100)
    for i in range(0, 7_000, 7):
        ranking.upsert(f"block-{i:04d}", 10.0)
    assert ranking.of == len(ranking.standings()) == 7_000
    assert ranking.rank("block-0000") == 1
    assert ranking.rank("block-0001") == 1 + sum(1 for _, m, _ in ranking.standings() if m > 0.37)


def _full_sort_ranks(marks: dict[str, float]) -> dict[str, int]:
    return {unit: 1 + sum(1 for other in marks.values() if other > m) for unit, m in marks.items()}


_units = st.sampled_from([f"district-{i}" for i in range(12)])
_marks = st.integers(min_value=0, max_value=20).map(lambda n: n / 2)  # few values: many ties
_operation = st.one_of(
    st.tuples(st.just("upsert"), _units, _marks),
    st.tuples(st.just("remove"), _units, st.just(0.0)),
)


@given(st.lists(_operation, max_size=60))
def test_after_any_updates_every_rank_equals_that_of_a_full_sort(
    operations: list[tuple[str, str, float]],
) -> None:
    ranking, expected = Ranking(), dict[str, float]()
    for action, unit, marks in operations:
        if action == "upsert":
            ranking.upsert(unit, marks)
            expected[unit] = marks
        else:
            ranking.remove(unit)
            expected.pop(unit, None)
    ranks = _full_sort_ranks(expected)
    assert {unit: ranking.rank(unit) for unit in expected} == ranks
    assert ranking.standings() == sorted(
        ((unit, m, ranks[unit]) for unit, m in expected.items()), key=lambda row: (row[2], row[0])
    )
    assert len(ranking) == len(expected)
