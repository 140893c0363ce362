"""Whether a month has ended: the operator CLI refuses deadlines and freezes of months that have not."""

from __future__ import annotations

import calendar
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from shared.periods import has_ended

MONTHS = st.tuples(st.integers(2000, 2100), st.integers(1, 12))


def test_a_month_ends_when_the_next_one_begins() -> None:
    assert not has_ended("2026-03", date(2026, 3, 31))
    assert has_ended("2026-03", date(2026, 4, 1))
    assert has_ended("2025-12", date(2026, 1, 1))
    assert not has_ended("2030-01", date(2026, 12, 4))


@given(MONTHS)
def test_no_day_of_a_month_ends_it_and_the_first_day_after_does(month: tuple[int, int]) -> None:
    year, number = month
    period = f"{year:04d}-{number:02d}"
    last = calendar.monthrange(year, number)[1]
    assert not any(has_ended(period, date(year, number, d)) for d in (1, 15, last))
    after = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    assert has_ended(period, after)
