"""The completion the pace implies, and anticipated dates the pace belies."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from services.works.domain.forecast import anticipated_implausible, forecast_completion, pace
from services.works.domain.months import period_end, period_start, shift_period

SANCTION = date(2024, 4, 1)
MARCH = date(2026, 3, 31)


def test_the_pace_is_measured_from_the_report_three_months_back() -> None:
    series = [("2025-10", 30.0), ("2025-12", 36.0), ("2026-01", 40.0), ("2026-02", 44.0), ("2026-03", 48.0)]
    # 12 points in the 90 days from 31 December to 31 March (2.96 average months).
    assert pace(series, period="2026-03", sanctioned_on=SANCTION) == 4.06


def test_without_an_older_report_the_pace_runs_from_the_sanction_at_nothing_done() -> None:
    # 30 points in the 90 days since the sanction on 31 December.
    assert pace([("2026-02", 20.0), ("2026-03", 30.0)], period="2026-03", sanctioned_on=date(2025, 12, 31)) == 10.15


def test_months_without_reports_slow_the_pace() -> None:
    assert pace([("2025-12", 36.0)], period="2026-03", sanctioned_on=SANCTION) == 0.0


def test_no_reports_give_no_pace() -> None:
    assert pace([], period="2026-03", sanctioned_on=SANCTION) is None


def test_the_forecast_extrapolates_the_pace_to_completion() -> None:
    # 40 points at 4 a month: ten average months, 305 days after 31 March.
    assert forecast_completion(60.0, 4.0, MARCH) == date(2027, 1, 30)


def test_a_physically_complete_work_is_forecast_complete_today() -> None:
    assert forecast_completion(100.0, None, MARCH) == MARCH


def test_a_work_without_pace_has_no_forecast() -> None:
    assert forecast_completion(60.0, 0.0, MARCH) is None and forecast_completion(60.0, None, MARCH) is None


def test_a_forecast_beyond_a_century_says_only_not_at_this_pace() -> None:
    assert forecast_completion(0.0, 0.05, MARCH) is None


def test_a_forecast_past_the_end_of_the_calendar_is_no_forecast() -> None:
    assert forecast_completion(10.0, 1.0, date(9999, 12, 31)) is None


@given(st.floats(min_value=0, max_value=99.99), st.floats(min_value=0.01, max_value=100),
       st.sampled_from([f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]))
def test_a_forecast_is_never_earlier_than_the_last_reported_month(physical: float, speed: float, period: str) -> None:
    forecast = forecast_completion(physical, speed, period_end(period))
    assert forecast is None or forecast > period_end(period) >= period_start(period)


@given(st.lists(st.floats(min_value=0, max_value=99.99), min_size=1, max_size=12))
def test_a_forecast_from_any_series_of_reports_comes_after_the_last_one(physicals: list[float]) -> None:
    ordered = sorted(physicals)
    periods = [shift_period("2025-04", i) for i in range(len(ordered))]
    last = periods[-1]
    speed = pace(list(zip(periods, ordered, strict=True)), period=last, sanctioned_on=date(2025, 1, 1))
    forecast = forecast_completion(ordered[-1], speed, period_end(last))
    assert forecast is None or forecast > period_end(last)


def test_a_date_that_needs_more_than_twice_the_pace_is_implausible() -> None:
    # 40 points left in 3 months needs 13.3 a month; the work makes 4.
    assert anticipated_implausible(physical=60.0, anticipated=date(2026, 6, 30), as_of=MARCH, monthly_pace=4.0)


def test_a_date_within_twice_the_pace_is_believed() -> None:
    # 40 points in 6 months needs 6.6 a month: within twice 4.
    assert not anticipated_implausible(physical=60.0, anticipated=date(2026, 9, 30), as_of=MARCH, monthly_pace=4.0)


def test_any_date_is_implausible_for_a_work_that_does_not_move() -> None:
    assert anticipated_implausible(physical=60.0, anticipated=date(2027, 3, 31), as_of=MARCH, monthly_pace=0.0)


def test_a_date_already_passed_is_implausible() -> None:
    assert anticipated_implausible(physical=90.0, anticipated=date(2026, 2, 28), as_of=MARCH, monthly_pace=10.0)


def test_without_a_reported_date_or_with_the_work_done_nothing_is_implausible() -> None:
    assert not anticipated_implausible(physical=60.0, anticipated=None, as_of=MARCH, monthly_pace=0.0)
    assert not anticipated_implausible(physical=100.0, anticipated=date(2026, 2, 28), as_of=MARCH, monthly_pace=0.0)
