"""Hypothesis strategies for works and their monthly reports (a plain module)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from services.works.domain.months import shift_period
from shared.events.works import WorkProgress, WorkRegistered
from tests.unit.works.works_builders import a_work

DISTRICTS = ("kanpur-nagar", "kanpur-dehat", "banda")
AGENCIES = ("uprnn", "uppwd", "up-jal-nigam")
DEPARTMENTS = ("pwd", "medical-health")
FIRST = "2025-04"


@st.composite
def works_with_reports(draw: st.DrawFn, index: int) -> tuple[WorkRegistered, list[WorkProgress]]:
    """A work sanctioned in 2024-25 and up to twelve reports of FY 2025-26, some implausible,
    some corrected by a higher revision."""
    sanction = draw(st.dates(min_value=date(2024, 4, 1), max_value=date(2025, 6, 30)))
    work = a_work(
        id=f"work-{index}", district=draw(st.sampled_from(DISTRICTS)),
        agency={"id": draw(st.sampled_from(AGENCIES)), "name": {"hi": "संस्था", "en": "Agency"}},
        department={"id": draw(st.sampled_from(DEPARTMENTS)), "name": {"hi": "विभाग", "en": "Department"}},
        sanctioned_cost_lakh=draw(st.floats(min_value=20, max_value=5000)), sanction_date=sanction,
        scheduled_completion_date=sanction + timedelta(days=draw(st.integers(min_value=300, max_value=1100))),
    )
    reports: list[WorkProgress] = []
    physical = 0.0
    first, last = sorted(draw(st.lists(st.integers(min_value=0, max_value=11), min_size=2, max_size=2)))
    skipped = draw(st.sets(st.integers(min_value=0, max_value=11), max_size=2))  # months without a report
    for month in (m for m in range(first, last + 1) if m not in skipped):
        # Mostly forward, sometimes backwards (quarantined), now and then beyond 100 %.
        backwards = draw(st.integers(min_value=0, max_value=7)) == 0
        step = draw(st.floats(min_value=-5, max_value=0) if backwards else st.floats(min_value=0, max_value=30))
        physical = max(min(physical + step, draw(st.sampled_from([100.0, 100.0, 100.0, 120.0]))), 0.0)
        reports.extend(_reports(draw, work, shift_period(FIRST, month), physical))
    return work, reports


def _reports(draw: st.DrawFn, work: WorkRegistered, period: str, physical: float) -> list[WorkProgress]:
    # Money mostly in step with the work, sometimes far ahead of it or beyond the bound.
    spent = draw(st.one_of(st.floats(min_value=0.6, max_value=1.3).map(lambda f: f * physical / 100),
                           st.floats(min_value=0, max_value=1.8)))
    extra: dict[str, Any] = {"status": "in_progress"}
    if physical >= 100 and draw(st.integers(min_value=0, max_value=3)) > 0:
        extra = {"status": "completed", "completion_date": date.fromisoformat(f"{period}-10")}
    elif draw(st.integers(min_value=0, max_value=9)) == 0:
        extra = {"status": "stalled", "stall_reason": "land dispute"}
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        extra["anticipated_completion_date"] = work.scheduled_completion_date + timedelta(
            days=draw(st.integers(min_value=-60, max_value=400)))
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        extra["revised_cost_lakh"] = round(work.sanctioned_cost_lakh * draw(st.floats(min_value=0.9, max_value=1.5)), 2)
    revisions = draw(st.integers(min_value=1, max_value=2))
    return [WorkProgress(report_id=f"{work.id}-{period}-r{revision}", work=work.id, period=period, revision=revision,
                         physical_percent=round(physical, 2),
                         expenditure_lakh=round(spent * work.sanctioned_cost_lakh, 2), **extra)
            for revision in range(1, revisions + 1)]


def portfolios(max_works: int = 6) -> st.SearchStrategy[list[tuple[WorkRegistered, list[WorkProgress]]]]:
    """Several works with their reports, ids distinct."""
    return st.integers(min_value=1, max_value=max_works).flatmap(
        lambda n: st.tuples(*(works_with_reports(i) for i in range(n))).map(list))
