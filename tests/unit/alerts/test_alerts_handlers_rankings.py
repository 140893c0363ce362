"""Rankings and period events with fakes: rank drops, history rules and missed deadlines."""

from __future__ import annotations

from shared.events.scoring import CompositeRanked, SchemeRanked
from shared.topics import PERIODS_EVENTS, RANKS_UPDATED
from tests.unit.alerts.alerts_builders import composite, quarantined, ranking, scheme, scored
from tests.unit.alerts.alerts_fakes import Harness, Record, harness, record

SCPM = "sc-postmatric-scholarship"


def ranked(r: SchemeRanked) -> Record:
    return record(RANKS_UPDATED, "scheme.ranked.v1", r.model_dump(mode="json"), key=r.scheme)


def composite_ranked(r: CompositeRanked) -> Record:
    return record(RANKS_UPDATED, "composite.ranked.v1", r.model_dump(mode="json"), key="composite")


def deadline(period: str = "2026-03") -> Record:
    return record(PERIODS_EVENTS, "period.deadline_passed.v1", {"period": period}, key=period)


def service() -> Harness:
    return harness(scheme(), scheme("jsy"), scheme("ungraded-scheme", graded=False))


async def test_a_live_ranking_raises_provisional_drops_against_last_months_final_once_coverage_is_90_percent() -> None:
    s = service()
    await s.rankings([ranked(ranking({"agra": 5, "kanpur-nagar": 53}, period="2026-02"))])
    await s.rankings([ranked(ranking({"agra": 15, "kanpur-nagar": 62}, final=False, coverage=0.89))])
    assert s.publisher.sent == []
    await s.rankings([ranked(ranking({"agra": 15, "kanpur-nagar": 62}, final=False, coverage=0.9))])
    assert s.publisher.alert_ids() == ["rank_drop:agra:sc-postmatric-scholarship:2026-03:provisional"]
    await s.rankings([ranked(ranking({"agra": 15, "kanpur-nagar": 63}))])
    assert s.publisher.alert_ids()[1:] == [
        "rank_drop:agra:sc-postmatric-scholarship:2026-03:final",
        "rank_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:final",
    ]


async def test_a_final_ranking_replayed_raises_nothing_new() -> None:
    s = service()
    await s.rankings([ranked(ranking({"agra": 5}, period="2026-02")), ranked(ranking({"agra": 40}))])
    await s.rankings([ranked(ranking({"agra": 5}, period="2026-02")), ranked(ranking({"agra": 40}))])
    assert s.publisher.alert_ids() == ["rank_drop:agra:sc-postmatric-scholarship:2026-03:final"]


async def test_a_rank_drop_of_a_pair_that_missed_the_deadline_is_inhibited() -> None:
    s = service()
    await s.rankings([ranked(ranking({"agra": 5, "kanpur-nagar": 6}, period="2026-02")), deadline()])
    await s.rankings([ranked(ranking({"agra": 40, "kanpur-nagar": 41}))])
    assert "rank_drop:agra:sc-postmatric-scholarship:2026-03:final" not in s.publisher.alert_ids()
    assert s.alerts.docs["rank_drop:agra:sc-postmatric-scholarship:2026-03:final"]["status"] == "silenced"


async def test_three_final_months_in_grade_d_raise_persistent_grade_d_from_stored_finals() -> None:
    s = service()
    for period in ("2026-01", "2026-02"):
        await s.rankings([ranked(with_grades(period, {"kanpur-nagar": ("D", 70), "agra": ("D", 71)}))])
    await s.rankings([ranked(with_grades("2026-03", {"kanpur-nagar": ("D", 70), "agra": ("C", 40)}))])
    assert s.publisher.alert_ids() == ["persistent_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"]


async def test_the_final_composite_raises_rank_drops_and_a_third_bottom_ten_place_of_the_year() -> None:
    s = service()
    s.districts = [f"d{i:02d}" for i in range(1, 21)]
    ranks = {f"d{i:02d}": i for i in range(1, 21)}  # d11..d20 are the bottom ten of 20
    for period in ("2026-01", "2026-02"):
        await s.rankings([composite_ranked(composite(ranks, period=period, of=20))])
    await s.rankings([composite_ranked(composite({**ranks, "d01": 20, "d20": 1}, final=False, of=20))])
    assert s.publisher.sent == []
    await s.rankings([composite_ranked(composite({**ranks, "d01": 20, "d20": 1}, of=20))])
    ids = s.publisher.alert_ids()
    assert "composite_rank_drop:d01:-:2026-03:final" in ids
    assert {i for i in ids if i.startswith("bottom_ten_repeat")} == {
        f"bottom_ten_repeat:d{i:02d}:-:2026-03:3" for i in range(11, 20)
    }


async def test_a_missed_deadline_is_computed_from_stored_scores_after_waiting_for_them() -> None:
    s = service()
    await s.scores([
        record("scores.updated", "scheme.scored.v1", scored(district="agra").model_dump(mode="json")),
        record("scores.updated", "scheme.scored.v1", quarantined(scheme="jsy").model_dump(mode="json")),
    ])
    await s.rankings([deadline()])
    missed = sorted(i for i in s.publisher.alert_ids() if i.startswith("missed_deadline"))
    assert missed == [
        "missed_deadline:agra:jsy:2026-03:missing",
        "missed_deadline:kanpur-nagar:jsy:2026-03:missing",
        "missed_deadline:kanpur-nagar:sc-postmatric-scholarship:2026-03:missing",
    ]
    assert s.barrier.waited == 1


async def test_a_deadline_announced_twice_raises_each_missed_deadline_once() -> None:
    s = service()
    await s.rankings([deadline(), deadline()])
    await s.rankings([deadline(), record(PERIODS_EVENTS, "period.frozen.v1", {"period": "2026-03"})])
    assert len(s.publisher.alert_ids()) == 4


def with_grades(period: str, places: dict[str, tuple[str, int]]) -> SchemeRanked:
    """A final ranking where each district has the given (grade, rank)."""
    base = ranking({district: rank for district, (_, rank) in places.items()}, period=period)
    ranks = [r.model_copy(update={"grade": places[r.district][0]}) for r in base.ranks]
    return base.model_copy(update={"ranks": ranks})
