"""Time and cost overruns, against the original sanction, never negative."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.works.domain.overrun import cost_overrun_percent, current_cost, expected_completion, time_overrun_months

DUE = date(2026, 3, 31)
AMOUNTS = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_a_work_completed_three_months_late_has_three_months_of_overrun() -> None:
    done = expected_completion(scheduled=DUE, anticipated=None, completed_on=date(2026, 6, 20), as_of=date(2026, 6, 30))
    assert time_overrun_months(DUE, done) == 3


def test_an_anticipated_date_after_the_scheduled_one_is_an_overrun_before_the_deadline() -> None:
    expected = expected_completion(scheduled=DUE, anticipated=date(2026, 9, 30), completed_on=None,
                                   as_of=date(2025, 12, 31))
    assert time_overrun_months(DUE, expected) == 6


def test_a_work_still_open_after_its_deadline_is_late_by_the_months_since() -> None:
    expected = expected_completion(scheduled=DUE, anticipated=None, completed_on=None, as_of=date(2026, 8, 31))
    assert expected == date(2026, 8, 31) and time_overrun_months(DUE, expected) == 5


def test_an_anticipated_date_that_passed_without_completion_is_no_longer_believed() -> None:
    expected = expected_completion(scheduled=DUE, anticipated=date(2026, 5, 31), completed_on=None,
                                   as_of=date(2026, 7, 31))
    assert time_overrun_months(DUE, expected) == 4


def test_finishing_early_is_no_overrun_at_all() -> None:
    early = expected_completion(scheduled=DUE, anticipated=None, completed_on=date(2025, 11, 15),
                                as_of=date(2025, 11, 30))
    assert time_overrun_months(DUE, early) == 0


def test_the_cost_is_the_latest_revision_else_the_sanction_but_never_below_the_money_spent() -> None:
    assert current_cost(1850.0, None, 900.0) == 1850.0
    assert current_cost(1850.0, 2100.0, 900.0) == 2100.0
    assert current_cost(100.0, None, 130.0) == 130.0


def test_a_cost_revised_from_1850_to_2100_lakh_is_a_13_51_percent_overrun() -> None:
    assert cost_overrun_percent(1850.0, 2100.0) == 13.51


def test_a_cheaper_work_has_no_negative_overrun() -> None:
    assert cost_overrun_percent(1850.0, 1500.0) == 0.0


def test_a_cost_overrun_needs_a_sanctioned_cost() -> None:
    with pytest.raises(ValueError, match="sanctioned cost"):
        cost_overrun_percent(0.0, 10.0)


@given(AMOUNTS, st.none() | AMOUNTS, st.floats(min_value=0, max_value=1e7))
def test_a_cost_overrun_is_never_negative(sanctioned: float, revised: float | None, spent: float) -> None:
    assert cost_overrun_percent(sanctioned, current_cost(sanctioned, revised, spent)) >= 0


@given(DAYS, st.none() | DAYS, st.none() | DAYS, DAYS)
def test_a_time_overrun_is_never_negative(scheduled: date, anticipated: date | None, done: date | None,
                                          as_of: date) -> None:
    expected = expected_completion(scheduled=scheduled, anticipated=anticipated, completed_on=done, as_of=as_of)
    assert time_overrun_months(scheduled, expected) >= 0
