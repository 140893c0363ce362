"""Calendar arithmetic on periods: the previous month and the financial year (April to March)."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.periods import earlier_periods_of_financial_year, financial_year, fy_periods, period_of, previous_period


def test_the_previous_period_of_january_is_december_of_the_year_before() -> None:
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-03") == "2026-02"


@pytest.mark.parametrize(("period", "year"), [("2025-04", "2025-26"), ("2026-03", "2025-26"),
                                              ("2026-04", "2026-27"), ("1999-12", "1999-00")])
def test_the_financial_year_runs_from_april_to_march(period: str, year: str) -> None:
    assert financial_year(period) == year


def test_a_day_falls_in_its_month() -> None:
    assert period_of(date(2026, 3, 24)) == "2026-03"


def test_a_malformed_period_is_refused() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        previous_period("2026-13")


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12))
def test_a_financial_year_runs_april_to_march_and_its_months_come_in_order(year: int, month: int) -> None:
    period = f"{year:04d}-{month:02d}"
    months = fy_periods(period)
    assert months[0].endswith("-04") and months[-1] == period and len(months) == (month - 4) % 12 + 1
    assert all(financial_year(m) == financial_year(period) for m in months)
    assert all(previous_period(b) == a for a, b in itertools.pairwise(months))
    assert earlier_periods_of_financial_year(period) == months[:-1]
