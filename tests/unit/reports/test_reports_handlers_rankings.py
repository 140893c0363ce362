"""Rankings kept per district: a snapshot changes only the districts whose entry differs."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.reports.rankings import diff, entries, later_in_year
from shared.events.scoring import CompositeRanked, RankEntry, SchemeRanked


def ranking(ranks: dict[str, int], final: bool = False, of: int = 75) -> SchemeRanked:
    return SchemeRanked(scheme="jsy", period="2026-03", final=final, of=of, coverage=1.0,
                        ranks=[RankEntry(district=d, marks=10 - r / 10, grade="A", rank=r) for d, r in ranks.items()])


def stored(snapshot: SchemeRanked) -> dict[str, dict[str, Any]]:
    return entries(snapshot)


def test_only_the_districts_whose_entry_changed_are_touched() -> None:
    update = diff(stored(ranking({"agra": 1, "kanpur-nagar": 2, "lucknow": 3})),
                  ranking({"agra": 1, "kanpur-nagar": 3, "lucknow": 2}))
    assert update.changed == {"kanpur-nagar", "lucknow"}
    assert sorted(d["_id"] for d in update.upserts) == ["jsy|2026-03|kanpur-nagar", "jsy|2026-03|lucknow"]


def test_a_change_of_how_many_were_ranked_touches_everyone() -> None:
    update = diff(stored(ranking({"agra": 1, "lucknow": 2}, of=74)), ranking({"agra": 1, "lucknow": 2}, of=75))
    assert update.changed == {"agra", "lucknow"}


def test_a_district_left_out_of_the_new_snapshot_loses_its_entry() -> None:
    update = diff(stored(ranking({"agra": 1, "kanpur-nagar": 2})), ranking({"agra": 1}))
    assert (update.deletes, update.changed) == (["jsy|2026-03|kanpur-nagar"], {"kanpur-nagar"})


def test_a_live_snapshot_never_replaces_a_final_one_but_a_final_replaces_a_live_one() -> None:
    final = stored(ranking({"agra": 1}, final=True))
    assert diff(final, ranking({"agra": 2})).changed == set()
    assert diff(stored(ranking({"agra": 2})), ranking({"agra": 2}, final=True)).changed == {"agra"}


def test_the_composite_keeps_its_categories() -> None:
    composite = CompositeRanked.model_validate({"period": "2026-03", "final": True, "of": 75, "ranks": [
        {"district": "kanpur-nagar", "marks": 8.91, "rank": 45,
         "categories": {"revenue": {"marks": 9.12, "rank": 31}, "development": {"marks": 8.91, "rank": 45}}}]})
    [entry] = entries(composite).values()
    assert (entry["_id"], entry["subject"]) == ("composite|2026-03|kanpur-nagar", "composite")
    assert entry["categories"] == {"development": {"marks": 8.91, "rank": 45}, "revenue": {"marks": 9.12, "rank": 31}}


def test_the_later_months_of_the_financial_year_are_those_whose_summaries_cite_a_month() -> None:
    assert later_in_year("2025-11") == ["2025-12", "2026-01", "2026-02", "2026-03"]
    assert later_in_year("2026-03") == []
    assert later_in_year("2026-04") == [f"2026-{m:02d}" for m in range(5, 13)] + ["2027-01", "2027-02", "2027-03"]


districts = st.dictionaries(st.sampled_from(["agra", "agra-2", "bareilly", "kanpur-nagar", "lucknow"]),
                            st.integers(1, 5), max_size=5)


@given(before=districts, after=districts)
def test_applying_the_diff_to_the_stored_entries_gives_the_new_snapshot(before: dict[str, int],
                                                                         after: dict[str, int]) -> None:
    kept = stored(ranking(before))
    update = diff(kept, ranking(after))
    for doc in update.upserts:
        kept[doc["district"]] = doc
    for gone in update.deletes:
        del kept[gone.rsplit("|", 1)[1]]
    assert kept == stored(ranking(after))
    assert update.changed == {d for d in set(before) | set(after) if before.get(d) != after.get(d)}
