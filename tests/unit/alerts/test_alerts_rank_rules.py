import pytest

from services.alerts.domain.rules import (
    bottom_ten_counts,
    in_bottom_ten,
    on_composite_final,
    on_scheme_ranked,
)
from tests.unit.alerts.alerts_builders import NOW, composite, ranking, scheme

LAST_MONTH = "2026-02"


def test_a_fall_of_exactly_the_threshold_fires_and_one_less_does_not() -> None:
    before = ranking({"kanpur-nagar": 53, "agra": 10}, period=LAST_MONTH)
    now = ranking({"kanpur-nagar": 63, "agra": 19})
    (alert,) = on_scheme_ranked(now, before, scheme(), now=NOW)
    assert alert.district == "kanpur-nagar"
    assert alert.alert_id == "rank_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:final"


def test_the_threshold_is_configurable() -> None:
    before = ranking({"kanpur-nagar": 53}, period=LAST_MONTH)
    assert on_scheme_ranked(ranking({"kanpur-nagar": 58}), before, scheme(), now=NOW, threshold=5) != []


def test_a_fall_of_twenty_places_is_critical_and_nineteen_a_warning() -> None:
    before = ranking({"kanpur-nagar": 50, "agra": 1}, period=LAST_MONTH)
    alerts = on_scheme_ranked(ranking({"kanpur-nagar": 70, "agra": 20}), before, scheme(), now=NOW)
    assert {a.district: a.severity for a in alerts} == {"kanpur-nagar": "critical", "agra": "warning"}


def test_the_final_rank_drop_carries_both_standings_and_a_message() -> None:
    before = ranking({"kanpur-nagar": 53}, period=LAST_MONTH)
    (alert,) = on_scheme_ranked(ranking({"kanpur-nagar": 71}), before, scheme(), now=NOW)
    assert alert.previous is not None and (alert.previous.period, alert.previous.rank) == (LAST_MONTH, 53)
    assert alert.current is not None and (alert.current.rank, alert.current.of) == (71, 75)
    assert alert.message.en == "SC Post-matric Scholarship: rank 53 to 71 of 75, down 18 places"
    assert alert.provisional is False


def test_a_live_ranking_at_ninety_percent_coverage_raises_a_provisional_drop() -> None:
    before = ranking({"kanpur-nagar": 53}, period=LAST_MONTH)
    live = ranking({"kanpur-nagar": 71}, final=False, coverage=0.9)
    (alert,) = on_scheme_ranked(live, before, scheme(), now=NOW)
    assert alert.provisional is True
    assert alert.alert_id == "rank_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:provisional"
    assert alert.message.en.endswith("(provisional)") and alert.message.hi.endswith("(अनंतिम)")


def test_a_live_ranking_below_ninety_percent_coverage_raises_nothing() -> None:
    before = ranking({"kanpur-nagar": 53}, period=LAST_MONTH)
    live = ranking({"kanpur-nagar": 71}, final=False, coverage=round(67 / 75, 4))
    assert on_scheme_ranked(live, before, scheme(), now=NOW) == []


def test_the_final_and_the_provisional_alert_have_different_ids() -> None:
    before = ranking({"kanpur-nagar": 53}, period=LAST_MONTH)
    live_ranking = ranking({"kanpur-nagar": 71}, final=False, coverage=0.96)
    (live,) = on_scheme_ranked(live_ranking, before, scheme(), now=NOW)
    (final,) = on_scheme_ranked(ranking({"kanpur-nagar": 71}), before, scheme(), now=NOW)
    assert live.alert_id != final.alert_id


def test_without_last_months_final_ranking_nothing_is_compared() -> None:
    now = ranking({"kanpur-nagar": 71})
    assert on_scheme_ranked(now, None, scheme(), now=NOW) == []
    live_before = ranking({"kanpur-nagar": 1}, period=LAST_MONTH, final=False)
    assert on_scheme_ranked(now, live_before, scheme(), now=NOW) == []
    two_months_ago = ranking({"kanpur-nagar": 1}, period="2026-01")
    assert on_scheme_ranked(now, two_months_ago, scheme(), now=NOW) == []


def test_a_district_new_to_the_ranking_has_not_fallen() -> None:
    before = ranking({"agra": 1}, period=LAST_MONTH)
    assert on_scheme_ranked(ranking({"kanpur-nagar": 75, "agra": 2}), before, scheme(), now=NOW) == []


def test_a_ranking_of_another_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="jsy"):
        on_scheme_ranked(ranking({"kanpur-nagar": 1}), None, scheme("jsy"), now=NOW)


def test_a_composite_fall_of_ten_places_at_freeze_is_a_composite_rank_drop() -> None:
    before = composite({"kanpur-nagar": 35}, period=LAST_MONTH)
    (alert,) = on_composite_final(composite({"kanpur-nagar": 59}), before, {}, now=NOW)
    assert alert.alert_id == "composite_rank_drop:kanpur-nagar:-:2026-03:final"
    assert (alert.severity, alert.scheme, alert.department, alert.officer) == ("critical", None, None, None)
    assert alert.message.en == "Composite rank 35 to 59 of 75, down 24 places"


def test_a_live_composite_raises_nothing() -> None:
    before = composite({"kanpur-nagar": 35}, period=LAST_MONTH)
    live = composite({"kanpur-nagar": 70}, final=False)
    assert on_composite_final(live, before, {"kanpur-nagar": 5}, now=NOW) == []


@pytest.mark.parametrize(("rank", "inside"), [(66, True), (75, True), (65, False), (1, False)])
def test_the_bottom_ten_are_the_ten_worst_positions(rank: int, inside: bool) -> None:
    assert in_bottom_ten(rank, 75) is inside


def test_the_third_bottom_ten_place_of_the_year_raises_bottom_ten_repeat() -> None:
    (alert,) = on_composite_final(composite({"kanpur-nagar": 68}), None, {"kanpur-nagar": 2}, now=NOW)
    assert alert.alert_id == "bottom_ten_repeat:kanpur-nagar:-:2026-03:3"
    assert alert.severity == "critical"
    assert alert.message.en == "Composite rank 68 of 75: in the bottom ten for the 3rd time in FY 2025-26"


def test_the_second_bottom_ten_place_or_a_third_outside_it_raises_nothing() -> None:
    assert on_composite_final(composite({"kanpur-nagar": 68}), None, {"kanpur-nagar": 1}, now=NOW) == []
    assert on_composite_final(composite({"kanpur-nagar": 60}), None, {"kanpur-nagar": 2}, now=NOW) == []


def test_the_fourth_bottom_ten_place_is_a_new_alert() -> None:
    (alert,) = on_composite_final(composite({"kanpur-nagar": 75}), None, {"kanpur-nagar": 3}, now=NOW)
    assert alert.alert_id.endswith(":4")


def test_bottom_ten_counts_only_earlier_finals_of_the_same_financial_year_once_each() -> None:
    finals = [
        composite({"kanpur-nagar": 70}, period="2025-03"),  # the year before
        composite({"kanpur-nagar": 70}, period="2025-04"),
        composite({"kanpur-nagar": 70}, period="2025-04"),  # the same freeze read twice
        composite({"kanpur-nagar": 70}, period="2025-05", final=False),
        composite({"kanpur-nagar": 20}, period="2025-06"),
        composite({"kanpur-nagar": 66}, period="2025-11"),
        composite({"kanpur-nagar": 70}, period="2026-03"),  # the period being frozen
    ]
    assert bottom_ten_counts(finals, "2026-03") == {"kanpur-nagar": 2}


def test_a_replayed_freeze_raises_the_same_bottom_ten_alert() -> None:
    earlier = [composite({"kanpur-nagar": 70}, period=p) for p in ("2025-04", "2025-11")]
    march = composite({"kanpur-nagar": 68})
    first = on_composite_final(march, None, bottom_ten_counts(earlier, "2026-03"), now=NOW)
    replay = on_composite_final(march, None, bottom_ten_counts([*earlier, march], "2026-03"), now=NOW)
    assert [a.alert_id for a in first] == [a.alert_id for a in replay]
    assert [a.alert_id for a in first] == ["bottom_ten_repeat:kanpur-nagar:-:2026-03:3"]
