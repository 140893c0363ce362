import json
from datetime import date
from typing import Any

from services.reports.domain.boilerplate import DEFAULT_INSTRUCTIONS
from services.reports.domain.inputs import (
    AlertFact,
    CategoryPoint,
    CompositePoint,
    District,
    PriorItem,
    Signature,
)
from services.reports.domain.minutes import assemble
from shared.catalog import Names
from tests.unit.reports.reports_builders import kpi, minutes_input, scheme, standing

WELFARE_B = standing(scheme("welfare-b", "welfare"), "B", 40)
WELFARE_D = standing(scheme("welfare-d", "welfare"), "D", 70)
HEALTH_D = standing(scheme("health-d", "health"), "D", 60)
HEALTH_C1 = standing(scheme("health-c1", "health"), "C", 50)
HEALTH_C2 = standing(scheme("health-c2", "health"), "C", 65)
WATER_C = standing(scheme("water-c", "water"), "C", 30)
FARMS_A = standing(scheme("farms-a", "farms"), "A", 2)


def _sections(*standings: object) -> list[tuple[str, list[str]]]:
    doc = assemble(minutes_input(*standings))  # type: ignore[arg-type]
    return [(s["department"], [i["scheme"] for i in s["items"]]) for s in doc["sections"]]


def test_only_schemes_in_grade_b_c_or_d_are_discussed() -> None:
    assert _sections(FARMS_A, WELFARE_B) == [("welfare", ["welfare-b"])]


def test_departments_go_worst_grade_first_then_by_how_many_schemes_need_review() -> None:
    order = _sections(WATER_C, WELFARE_B, WELFARE_D, HEALTH_D, HEALTH_C1, FARMS_A)
    # welfare and health both hold a D and two B/C/D schemes: the id breaks the tie.
    assert [dept for dept, _ in order] == ["health", "welfare", "water"]


def test_items_go_worst_grade_first_then_lowest_rank_first() -> None:
    order = dict(_sections(HEALTH_C1, HEALTH_D, HEALTH_C2))
    assert order["health"] == ["health-d", "health-c2", "health-c1"]


def test_sections_are_numbered_from_one() -> None:
    doc = assemble(minutes_input(WELFARE_D, HEALTH_C1))
    assert [s["number"] for s in doc["sections"]] == [1, 2]


def test_an_item_carries_ranks_grades_figures_officer_and_a_stable_id() -> None:
    drop = standing(scheme("s1", "d1"), "D", 71, previous_grade="B", previous_rank=53, previous_of=75,
                    marks=1.57, previous_marks=6.88, figures={"done": 3, "due": 20})
    [item] = assemble(minutes_input(drop))["sections"][0]["items"]
    assert item["item_id"] == "2026-03:s1"
    assert (item["grade"], item["previous_grade"], item["rank"], item["previous_rank"], item["of"]) == (
        "D", "B", 71, 53, 75)
    assert item["figures"] == {"done": 3, "due": 20}
    assert item["facts"][0]["en"].startswith("3 ")
    assert item["officer"] == {"hi": "जिला अधिकारी", "en": "District Officer"}
    assert (item["directive"], item["previous_directive"], item["meetings"]) == (None, None, 1)


def test_a_directive_given_for_the_draft_is_placed_on_its_item_and_blank_ones_stay_empty() -> None:
    doc = assemble(minutes_input(WELFARE_D, HEALTH_D, directives={
        "2026-03:welfare-d": "  Issue a show-cause notice. ", "2026-03:health-d": "   "}))
    items = {i["scheme"]: i for s in doc["sections"] for i in s["items"]}
    assert items["welfare-d"]["directive"] == "Issue a show-cause notice."
    assert items["health-d"]["directive"] is None


def test_a_scheme_discussed_last_time_counts_one_more_meeting_and_shows_the_open_directive() -> None:
    prior = PriorItem("welfare-d", "2026-02:welfare-d", "Clear the backlog.", meetings=2)
    [item] = assemble(minutes_input(WELFARE_D, prior_items=(prior,)))["sections"][0]["items"]
    assert (item["meetings"], item["previous_directive"], item["directive"]) == (3, "Clear the backlog.", None)


def test_a_resolved_directive_is_not_carried_but_the_meetings_still_count() -> None:
    prior = PriorItem("welfare-d", "2026-02:welfare-d", "Done.", meetings=1, resolved=True)
    [item] = assemble(minutes_input(WELFARE_D, prior_items=(prior,)))["sections"][0]["items"]
    assert (item["meetings"], item["previous_directive"]) == (2, None)


TWO_KPIS = scheme("two", "d", [kpi("speed", numerator="a", denominator="b"),
                               kpi("quality", numerator="c", denominator="d")])


def _driver(**fields: Any) -> Any:
    alerts = fields.pop("alerts", ())
    s = standing(fields.pop("of_scheme", TWO_KPIS), "C", 50, **fields)
    return assemble(minutes_input(s, alerts=alerts))["sections"][0]["items"][0]["driver"]


def test_the_driver_is_the_kpi_that_moved_most_since_last_period() -> None:
    driver = _driver(kpis={"speed": 0.5, "quality": 0.2}, previous_kpis={"speed": 0.9, "quality": 0.3})
    assert driver == {"kpi": "speed", "name": {"hi": "संकेतक speed", "en": "KPI speed"},
                      "before": 0.9, "after": 0.5, "value_before": None, "value_after": None,
                      "source": "computed"}


def test_an_alerts_driver_is_preferred_to_the_computed_one() -> None:
    alert = AlertFact("grade_drop:x", "grade_drop", "two", "critical", "quality", 0.8, 0.1)
    other = AlertFact("rank_drop:x", "rank_drop", "two", "warning", "speed", 0.9, 0.5)
    driver = _driver(kpis={"speed": 0.5, "quality": 0.1}, previous_kpis={"speed": 0.9, "quality": 0.8},
                     alerts=(other, alert))
    assert (driver["kpi"], driver["before"], driver["after"], driver["source"]) == (
        "quality", 0.8, 0.1, "alert")


def test_without_last_periods_scores_the_driver_is_the_weakest_kpi() -> None:
    driver = _driver(kpis={"speed": 0.5, "quality": 0.2})
    assert (driver["kpi"], driver["before"], driver["after"]) == ("quality", None, 0.2)


def test_a_lone_kpi_without_last_periods_score_names_no_driver() -> None:
    assert _driver(of_scheme=scheme("one", "d"), kpis={"k": 0.4}) is None


def _history(*ranks: tuple[str, int]) -> tuple[CompositePoint, ...]:
    return tuple(CompositePoint(period, rank, 75, 8.0) for period, rank in ranks)


def test_the_summary_gives_the_years_best_and_worst_composite_rank_and_this_months() -> None:
    history = (*_history(("2025-04", 10), ("2025-11", 59), ("2025-03", 1), ("2024-11", 75)),
               CompositePoint("2026-03", 45, 75, 8.91, {"development": CategoryPoint(40, 8.5)}))
    summary = assemble(minutes_input(FARMS_A, composite_history=history))["summary"]
    assert summary["financial_year"] == "2025-26"
    assert summary["best"] == {"rank": 10, "of": 75, "period": "2025-04"}
    assert summary["worst"] == {"rank": 59, "of": 75, "period": "2025-11"}
    assert summary["composite"] == {"rank": 45, "of": 75, "marks": 8.91}
    assert summary["categories"] == {"development": {"rank": 40, "marks": 8.5}}


def test_a_best_or_worst_rank_reached_twice_is_dated_to_its_earliest_month() -> None:
    history = _history(("2025-09", 12), ("2025-05", 12), ("2025-12", 30), ("2025-07", 30))
    summary = assemble(minutes_input(FARMS_A, period="2026-01", composite_history=history))["summary"]
    assert (summary["best"]["period"], summary["worst"]["period"]) == ("2025-05", "2025-07")


def test_without_composite_history_the_summary_says_nothing_about_ranks() -> None:
    summary = assemble(minutes_input(FARMS_A))["summary"]
    assert (summary["best"], summary["worst"], summary["composite"], summary["categories"]) == (
        None, None, None, {})


def test_the_grade_census_counts_graded_schemes_and_keeps_the_rest_apart() -> None:
    ungraded = standing(scheme("u", "d", graded=False), None, 5, marks=6.0)
    missing = standing(scheme("m", "d"), None, None, status="missing")
    quarantined = standing(scheme("q", "d"), None, None, status="quarantined")
    summary = assemble(minutes_input(FARMS_A, WELFARE_D, HEALTH_D, WATER_C, ungraded, missing,
                                     quarantined))["summary"]
    assert summary["grades"] == {"A": 1, "B": 0, "C": 1, "D": 2, "ungraded": 1}
    assert summary["schemes"] == 7
    assert summary["unreported"]["count"] == 2
    assert [u["status"] for u in summary["unreported"]["schemes"]] == ["missing", "quarantined"]


def test_the_department_with_most_bcd_schemes_is_named() -> None:
    summary = assemble(minutes_input(WELFARE_B, HEALTH_D, HEALTH_C1, WATER_C))["summary"]
    assert summary["most_bcd"] == {"department": "health", "count": 2,
                                   "name": {"hi": "विभाग health", "en": "Department health"}}


def test_with_every_scheme_in_grade_a_there_are_no_sections_and_no_most_bcd() -> None:
    doc = assemble(minutes_input(FARMS_A))
    assert (doc["sections"], doc["summary"]["most_bcd"]) == ([], None)


def test_default_instructions_apply_unless_the_district_gives_its_own_even_none() -> None:
    own = (Names(hi="समय से आयें।", en="Come on time."),)
    assert len(assemble(minutes_input(FARMS_A))["instructions"]) == len(DEFAULT_INSTRUCTIONS)
    assert assemble(minutes_input(FARMS_A, instructions=own))["instructions"] == [
        {"hi": "समय से आयें।", "en": "Come on time."}]
    assert assemble(minutes_input(FARMS_A, instructions=()))["instructions"] == []


def test_the_copy_list_names_the_district() -> None:
    sig = Signature(Names(hi="मुख्य विकास अधिकारी", en="Chief Development Officer"),
                    (Names(hi="जिलाधिकारी, {district}", en="District Magistrate, {district}"),))
    district = District("banda", Names(hi="बाँदा", en="Banda"))
    signature = assemble(minutes_input(FARMS_A, district=district, signature=sig))["signature"]
    assert signature["copy_to"] == [{"hi": "जिलाधिकारी, बाँदा", "en": "District Magistrate, Banda"}]
    assert signature["district"] == {"hi": "बाँदा", "en": "Banda"}


def test_the_document_has_the_contract_shape_and_survives_json() -> None:
    doc = assemble(minutes_input(WELFARE_D, meeting_date=date(2026, 4, 16)))
    assert {"district", "period", "status", "summary", "sections", "instructions"} <= doc.keys()
    assert "version" not in doc
    assert (doc["district"], doc["period"], doc["status"]) == ("kanpur-nagar", "2026-03", "draft")
    assert doc["header"]["meeting_date"] == "2026-04-16"
    assert {"financial_year", "best", "worst", "composite", "grades", "most_bcd"} <= doc["summary"].keys()
    item = doc["sections"][0]["items"][0]
    assert {"item_id", "scheme", "grade", "previous_grade", "rank", "previous_rank", "of", "figures",
            "driver", "meetings", "directive", "officer"} <= item.keys()
    assert json.loads(json.dumps(doc)) == doc


def test_category_results_may_come_as_plain_rank_and_marks_pairs() -> None:
    history = (CompositePoint("2026-03", 45, 75, 8.91, {"revenue": (31, 9.12)}),)
    summary = assemble(minutes_input(FARMS_A, composite_history=history))["summary"]
    assert summary["categories"] == {"revenue": {"rank": 31, "marks": 9.12}}


def test_a_graded_scheme_scored_without_a_grade_counts_as_unreported_not_as_a_grade() -> None:
    odd = standing(scheme("odd", "d"), None, 3)
    summary = assemble(minutes_input(FARMS_A, odd))["summary"]
    assert summary["grades"] == {"A": 1, "B": 0, "C": 0, "D": 0, "ungraded": 0}
    assert summary["unreported"]["count"] == 1
