"""Each work's history of cost and date revisions."""

from __future__ import annotations

from datetime import date

from services.works.domain.revisions import cost_revisions, date_revisions
from shared.events.works import CostRevision, DateRevision
from tests.unit.works.works_builders import a_report, a_work


def test_a_work_never_revised_has_no_history() -> None:
    assert cost_revisions(a_work(), [a_report("2026-01", 40, 700)]) == []
    assert date_revisions(a_work(), [a_report("2026-01", 40, 700)]) == []


def test_the_registry_revision_comes_first_then_each_report_that_changes_the_value() -> None:
    reports = [a_report("2025-12", 40, 700, revised_cost_lakh=2100.0),
               a_report("2026-01", 45, 800, revised_cost_lakh=2100.0),
               a_report("2026-02", 50, 900),
               a_report("2026-03", 55, 1000, revised_cost_lakh=2300.0)]
    assert cost_revisions(a_work(revised_cost_lakh=1950.0), reports) == [
        CostRevision(period=None, from_lakh=1850.0, to_lakh=1950.0),
        CostRevision(period="2025-12", from_lakh=1950.0, to_lakh=2100.0),
        CostRevision(period="2026-03", from_lakh=2100.0, to_lakh=2300.0),
    ]


def test_each_postponement_of_the_completion_is_kept() -> None:
    reports = [a_report("2026-01", 45, 800, anticipated_completion_date=date(2026, 6, 30)),
               a_report("2026-03", 55, 1000, anticipated_completion_date=date(2026, 9, 30))]
    assert date_revisions(a_work(), reports) == [
        DateRevision(period="2026-01", from_date=date(2026, 3, 31), to_date=date(2026, 6, 30)),
        DateRevision(period="2026-03", from_date=date(2026, 6, 30), to_date=date(2026, 9, 30)),
    ]


def test_a_report_that_states_the_scheduled_date_revises_nothing() -> None:
    assert date_revisions(a_work(), [a_report("2026-01", 45, 800, anticipated_completion_date=date(2026, 3, 31))]) == []
