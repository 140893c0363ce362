"""Alert ids are deduplication keys: the same condition must always give the same id."""

import random

from hypothesis import given
from hypothesis import strategies as st

from services.alerts.domain.identity import alert_id
from services.alerts.domain.rules import on_scheme_ranked, on_scored
from tests.unit.alerts.alerts_builders import ranking, scheme, scored

grades = st.sampled_from(["A", "B", "C", "D"])
optional_grades = st.one_of(st.none(), grades)
ranks = st.integers(min_value=1, max_value=75)
kpi_scores = st.dictionaries(st.sampled_from(["disposal", "coverage", "paid"]), st.floats(0, 1), min_size=1)
instants = st.sampled_from(["2026-03-24T10:15:00Z", "2026-03-25T00:00:00Z", "2026-04-16T09:00:00+05:30"])
# Slugs as the catalogue allows them (`kanpur-nagar`), from a tiny alphabet so that equal ones occur.
slugs = st.lists(st.text("ab1", min_size=1, max_size=3), min_size=1, max_size=3).map("-".join)
conditions = st.tuples(slugs, st.one_of(st.none(), slugs), slugs)


@given(optional_grades, optional_grades, ranks, ranks, st.one_of(st.none(), kpi_scores), kpi_scores, instants,
       instants)
def test_the_same_score_always_raises_the_same_alert_ids(
    grade: str | None, before: str | None, rank: int, previous_rank: int,
    previous_kpis: dict[str, float] | None, kpis: dict[str, float], first: str, second: str,
) -> None:
    event = scored(grade, before, rank=rank, previous_rank=previous_rank, kpis=kpis)
    once = [a.alert_id for a in on_scored(event, scheme(), previous_kpis, first)]
    again = [a.alert_id for a in on_scored(event, scheme(), previous_kpis, second)]
    assert once == again
    assert len(set(once)) == len(once)


@given(st.lists(ranks, min_size=1, max_size=20), st.lists(ranks, min_size=1, max_size=20), st.booleans(),
       st.randoms(use_true_random=False), instants, instants)
def test_rank_drop_ids_depend_on_the_ranks_not_their_order_or_the_clock(
    before: list[int], after: list[int], final: bool, shuffle: random.Random, first: str, second: str,
) -> None:
    districts = [f"district-{i}" for i in range(min(len(before), len(after)))]
    previous = ranking(dict(zip(districts, before, strict=False)), period="2026-02")
    current = ranking(dict(zip(districts, after, strict=False)), final=final, coverage=0.95)
    shuffled = current.model_copy(update={"ranks": shuffle.sample(current.ranks, len(current.ranks))})
    ids = sorted(a.alert_id for a in on_scheme_ranked(current, previous, scheme(), now=first))
    assert ids == sorted(a.alert_id for a in on_scheme_ranked(shuffled, previous, scheme(), now=second))
    assert len(set(ids)) == len(ids)


@given(conditions, conditions)
def test_different_conditions_never_share_an_id(
    one: tuple[str, str | None, str], other: tuple[str, str | None, str]
) -> None:
    def id_of(condition: tuple[str, str | None, str]) -> str:
        district, scheme_id, to_state = condition
        return alert_id("grade_drop", district, scheme_id, "2026-03", to_state)

    assert (id_of(one) == id_of(other)) == (one == other)
