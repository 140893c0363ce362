"""Standard competition ranking, as every ranking of the product."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.works.domain.ranking import competition_ranks


def test_equal_shares_share_a_rank_and_the_next_rank_is_skipped() -> None:
    assert competition_ranks({"agra": 0.9, "banda": 0.75, "chitrakoot": 0.75, "deoria": 0.5}) == [
        ("agra", 1), ("banda", 2), ("chitrakoot", 2), ("deoria", 4)]


def test_ties_are_listed_by_id() -> None:
    assert competition_ranks({"zeta": 0.5, "alpha": 0.5}) == [("alpha", 1), ("zeta", 1)]


def test_nothing_to_rank_gives_no_ranks() -> None:
    assert competition_ranks({}) == []


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.sampled_from([0.0, 0.25, 0.5, 1.0])))
def test_a_rank_is_one_more_than_the_number_strictly_ahead(values: dict[str, float]) -> None:
    for key, rank in competition_ranks(values):
        assert rank == 1 + sum(1 for v in values.values() if v > values[key])
