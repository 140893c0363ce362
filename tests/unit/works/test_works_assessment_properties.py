"""What holds of every assessment, whatever the reports (random works, corrections, implausible
figures, months without reports)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.works.domain.assessment import assess, sanctioned_by
from services.works.domain.months import period_end
from shared.events.works import WorkAssessed, WorkProgress, WorkRegistered
from tests.unit.works.works_builders import a_report, a_work
from tests.unit.works.works_strategies import portfolios

Portfolio = list[tuple[WorkRegistered, list[WorkProgress]]]
PERIODS = st.sampled_from(["2025-04", "2025-09", "2025-12", "2026-03", "2026-07"])


def _assessments(works: Portfolio, period: str) -> list[WorkAssessed]:
    return [assess(work, reports, period) for work, reports in works if sanctioned_by(work, period)]


@settings(max_examples=80, deadline=None)
@given(portfolios(), PERIODS)
def test_overruns_are_never_negative(works: Portfolio, period: str) -> None:
    for assessed in _assessments(works, period):
        assert assessed.time_overrun_months >= 0 and assessed.cost_overrun_percent >= 0
        assert assessed.previous is None or assessed.previous.time_overrun_months >= 0


@settings(max_examples=80, deadline=None)
@given(portfolios(), PERIODS)
def test_an_unfinished_work_is_never_forecast_before_its_last_report(works: Portfolio, period: str) -> None:
    for a in _assessments(works, period):
        if a.physical_percent < 100 and a.forecast_completion_date is not None:
            assert a.forecast_completion_date > period_end(period)
            assert a.reported_period is None or a.forecast_completion_date > period_end(a.reported_period)


@settings(max_examples=80, deadline=None)
@given(portfolios(), PERIODS)
def test_a_green_work_is_neither_late_nor_stalled(works: Portfolio, period: str) -> None:
    for a in _assessments(works, period):
        if a.colour == "green":
            assert not a.flags.time_overrun and not a.flags.stalled
        if a.completion_date is not None:
            assert not a.flags.stalled and not a.flags.due_soon


@settings(max_examples=80, deadline=None)
@given(portfolios(), PERIODS)
def test_the_figures_are_always_those_of_an_accepted_report(works: Portfolio, period: str) -> None:
    for a in _assessments(works, period):
        assert a.physical_percent <= 100 and (a.status == "quarantined") == bool(a.reasons)
        assert a.current_cost_lakh >= max(a.expenditure_lakh, 0.0)


Case = tuple[WorkRegistered, list[WorkProgress], str]
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
MONTHS = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1900, 2199), st.integers(1, 12))


@st.composite
def extreme_reports(draw: st.DrawFn) -> Case:
    sanction = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2150, 1, 1)))
    work = a_work(sanction_date=sanction, scheduled_completion_date=sanction + timedelta(days=draw(
        st.integers(1, 15000))), sanctioned_cost_lakh=draw(st.floats(min_value=0.01, max_value=1e7)),
        revised_cost_lakh=draw(st.none() | st.floats(min_value=0.01, max_value=1e7)))
    reports = []
    for i, period in enumerate(draw(st.lists(MONTHS, max_size=6))):
        completed = draw(st.booleans())
        reports.append(a_report(
            period, draw(st.floats(min_value=0, max_value=1000)), draw(st.floats(min_value=0, max_value=1e7)),
            report_id=f"r{i}", revision=draw(st.integers(1, 3)),
            status="completed" if completed else "in_progress", completion_date=draw(DATES) if completed else None,
            revised_cost_lakh=draw(st.none() | st.floats(min_value=0.01, max_value=1e7)),
            anticipated_completion_date=draw(st.none() | DATES)))
    return work, reports, draw(MONTHS.filter(lambda p: period_end(p) >= sanction))


@settings(max_examples=150, deadline=None)
@given(extreme_reports())
def test_no_figures_the_events_accept_can_break_an_assessment(case: Case) -> None:
    work, reports, period = case
    assessed = assess(work, reports, period)
    assert assessed.time_overrun_months >= 0 and assessed.cost_overrun_percent >= 0
    assert 0 <= assessed.expenditure_percent <= 100 and assessed.physical_percent <= 100
