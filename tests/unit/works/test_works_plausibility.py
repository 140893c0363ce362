"""Reports that cannot be right are quarantined, with a reason naming the field — and exactly those."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.works.domain.admission import refusals
from services.works.domain.months import period_end
from services.works.domain.plausibility import implausible
from shared.events.works import WorkProgress
from tests.unit.works.works_builders import a_report, a_work

WORK = a_work()  # sanctioned 1 April 2024 at ₹1,850 lakh


def _fields(report: WorkProgress, previous: float | None = None, **work: Any) -> list[str]:
    return [reason.field for reason in implausible(report, work=a_work(**work), previous_physical=previous)]


def test_a_plausible_report_has_no_reasons() -> None:
    assert implausible(a_report("2026-03", 62, 1300), work=WORK, previous_physical=60.0) == []


def test_physical_progress_of_130_percent_is_quarantined() -> None:
    [reason] = implausible(a_report("2026-03", 130, 1300), work=WORK, previous_physical=None)
    assert (reason.field, reason.code, reason.message) == (
        "physical_percent", "implausible", "physical progress 130 % is above 100 %")


def test_physical_progress_falling_from_the_last_accepted_report_is_quarantined() -> None:
    [reason] = implausible(a_report("2026-03", 55, 1300), work=WORK, previous_physical=60.0)
    assert reason.message == "physical progress 55 % fell from 60 % in the last accepted report"


def test_spending_more_than_one_and_a_half_times_the_approved_cost_is_quarantined() -> None:
    assert _fields(a_report("2026-03", 62, 2776)) == ["expenditure_lakh"]
    assert _fields(a_report("2026-03", 62, 2775)) == []


def test_an_officially_revised_cost_raises_the_bound() -> None:
    assert _fields(a_report("2026-03", 62, 2776), revised_cost_lakh=2000.0) == []


def test_completion_before_the_sanction_is_quarantined() -> None:
    report = a_report("2026-03", 100, 1800, status="completed", completion_date=date(2024, 3, 1))
    assert _fields(report) == ["completion_date"]


def test_a_work_reported_completed_at_ninety_percent_is_quarantined() -> None:
    report = a_report("2026-03", 90, 1800, status="completed", completion_date=date(2026, 3, 20))
    assert _fields(report) == ["status"]


def test_a_report_for_a_month_before_the_sanction_is_quarantined() -> None:
    assert _fields(a_report("2024-03", 0, 0)) == ["period"]
    assert _fields(a_report("2024-04", 0, 0)) == []


def test_every_implausible_figure_is_reported_at_once() -> None:
    report = a_report("2026-03", 130, 5000)
    assert _fields(report, previous=140.0) == ["physical_percent", "physical_percent", "expenditure_lakh"]


@given(physical=st.floats(min_value=0, max_value=200), previous=st.none() | st.floats(min_value=0, max_value=100),
       spent=st.floats(min_value=0, max_value=6000), completed=st.booleans(),
       done=st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 3, 31)),
       month=st.sampled_from(["2024-02", "2024-03", "2024-04", "2025-09", "2026-03"]))
def test_plausibility_quarantines_exactly_the_documented_cases(
        physical: float, previous: float | None, spent: float, completed: bool, done: date, month: str) -> None:
    status: dict[str, Any] = {"status": "completed", "completion_date": done} if completed else {}
    report = a_report(month, physical, spent, **status)
    documented = [
        ("period", period_end(month) < WORK.sanction_date),
        ("physical_percent", physical > 100),
        ("physical_percent", previous is not None and physical < previous),
        ("status", completed and physical < 100),
        ("expenditure_lakh", spent > 1.5 * WORK.sanctioned_cost_lakh),
        ("completion_date", completed and done < WORK.sanction_date),
    ]
    assert _fields(report, previous) == [field for field, holds in documented if holds]


def test_a_report_for_an_unknown_work_is_refused() -> None:
    [reason] = refusals(None, a_report("2026-03", 62, 1300), today_period="2026-04", frozen=False)
    assert (reason.field, reason.code) == ("work", "unknown_work")


def test_a_report_for_a_month_not_begun_or_frozen_is_refused() -> None:
    codes = [r.code for r in refusals(WORK, a_report("2026-05", 62, 1300), today_period="2026-04", frozen=True)]
    assert codes == ["period_in_future", "period_frozen"]


def test_a_report_for_a_known_work_and_an_open_month_is_admitted() -> None:
    assert refusals(WORK, a_report("2026-03", 62, 1300), today_period="2026-04", frozen=False) == []
