"""Calendar arithmetic of works: month ends, whole months late, shifts of periods."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.works.domain.months import (
    add_months,
    months_elapsed,
    months_late,
    period_end,
    period_start,
    periods_between,
    shift_period,
)

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_a_period_runs_from_its_first_to_its_last_day() -> None:
    assert period_start("2026-02") == date(2026, 2, 1)
    assert period_end("2026-02") == date(2026, 2, 28) and period_end("2024-02") == date(2024, 2, 29)


def test_periods_shift_across_years() -> None:
    assert shift_period("2026-01", -1) == "2025-12" and shift_period("2025-11", 14) == "2027-01"
    assert periods_between("2025-04", "2026-03") == 11 and periods_between("2026-03", "2025-04") == -11


def test_a_month_end_stays_a_month_end_and_other_days_are_clamped() -> None:
    assert add_months(date(2026, 2, 28), 1) == date(2026, 3, 31)
    assert add_months(date(2026, 1, 30), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_a_part_month_late_counts_as_a_whole_month() -> None:
    assert months_late(date(2026, 3, 31), date(2026, 4, 2)) == 1
    assert months_late(date(2026, 3, 31), date(2026, 4, 30)) == 1
    assert months_late(date(2026, 3, 31), date(2026, 5, 1)) == 2


def test_month_ends_match_month_ends() -> None:
    assert months_late(date(2026, 2, 28), date(2026, 3, 31)) == 1
    assert months_late(date(2025, 3, 31), date(2026, 3, 31)) == 12


def test_finishing_on_or_before_the_day_is_never_late() -> None:
    assert months_late(date(2026, 3, 31), date(2026, 3, 31)) == 0
    assert months_late(date(2026, 3, 31), date(2025, 1, 1)) == 0


@given(DAYS, DAYS)
def test_months_late_is_the_fewest_whole_months_that_cover_the_delay(due: date, actual: date) -> None:
    late = months_late(due, actual)
    assert late >= 0
    assert add_months(due, late) >= actual
    if late > 0:
        assert add_months(due, late - 1) < actual


@given(DAYS, st.integers(min_value=1, max_value=400))
def test_a_day_later_is_never_fewer_months_late(due: date, days: int) -> None:
    actual = due + timedelta(days=days)
    assert months_late(due, actual) <= months_late(due, actual + timedelta(days=1))


def test_elapsed_months_are_average_months() -> None:
    assert months_elapsed(date(2024, 3, 31), date(2028, 3, 31)) == 48.0  # four years, a leap day among them
    assert months_elapsed(date(2026, 3, 31), date(2026, 3, 1)) < 0
