import pytest

from services.alerts.domain.driver import kpi_that_moved_most
from services.alerts.domain.identity import alert_id
from services.alerts.domain.severity import grade_drop_severity, rank_fall_severity, severity_order
from shared.events.alerts import Driver, Severity
from shared.events.scoring import Grade
from shared.periods import financial_year, previous_period


@pytest.mark.parametrize(
    ("before", "after", "severity"),
    [("A", "B", "warning"), ("B", "C", "warning"), ("B", "D", "critical"), ("A", "C", "critical"),
     ("C", "D", "critical")],
)
def test_a_drop_of_two_grades_or_into_d_is_critical_and_one_grade_a_warning(
    before: Grade, after: Grade, severity: Severity
) -> None:
    assert grade_drop_severity(before, after) == severity


def test_a_fall_of_twenty_places_is_critical_and_nineteen_a_warning() -> None:
    assert rank_fall_severity(20) == "critical"
    assert rank_fall_severity(19) == "warning"


def test_critical_sorts_before_warning_before_info() -> None:
    given: list[Severity] = ["info", "critical", "warning"]
    assert sorted(given, key=severity_order) == ["critical", "warning", "info"]


def test_the_driver_is_the_kpi_whose_score_changed_most_either_way() -> None:
    before = {"disposal": 0.6875, "coverage": 0.9, "timeliness": 0.2}
    after = {"disposal": 0.1566, "coverage": 0.95, "timeliness": 0.9}
    assert kpi_that_moved_most(before, after) == Driver(kpi="timeliness", before=0.2, after=0.9)


def test_without_a_previous_period_the_driver_is_the_lowest_scoring_kpi() -> None:
    after = {"disposal": 0.1566, "coverage": 0.95}
    assert kpi_that_moved_most(None, after) == Driver(kpi="disposal", before=None, after=0.1566)


def test_equal_changes_name_the_kpi_first_in_alphabetical_order() -> None:
    driver = kpi_that_moved_most({"b": 0.5, "ab": 0.5, "a": 0.5}, {"b": 0.1, "ab": 0.1, "a": 0.1})
    assert driver is not None and driver.kpi == "a"


def test_a_quarantined_score_without_kpis_has_no_driver() -> None:
    assert kpi_that_moved_most({"disposal": 0.5}, {}) is None


def test_kpis_that_did_not_exist_last_month_are_not_compared() -> None:
    driver = kpi_that_moved_most({"old": 0.9}, {"new": 0.3, "other": 0.8})
    assert driver == Driver(kpi="new", before=None, after=0.3)


def test_the_alert_id_joins_type_district_scheme_period_and_to_state() -> None:
    assert alert_id("grade_drop", "kanpur-nagar", "sc-postmatric-scholarship", "2026-03", "D") == (
        "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
    )
    assert alert_id("composite_rank_drop", "kanpur-nagar", None, "2026-03", "final") == (
        "composite_rank_drop:kanpur-nagar:-:2026-03:final"
    )


@pytest.mark.parametrize(
    ("period", "fy"),
    [("2025-04", "2025-26"), ("2026-03", "2025-26"), ("2025-03", "2024-25"), ("1999-12", "1999-00")],
)
def test_the_financial_year_runs_april_to_march(period: str, fy: str) -> None:
    assert financial_year(period) == fy


def test_the_period_before_january_is_december_of_the_year_before() -> None:
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-03") == "2026-02"


@pytest.mark.parametrize("bad", ["2026-13", "2026-3", "26-03", "2026-00", ""])
def test_a_malformed_period_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        previous_period(bad)
