"""Delay buckets of the national monitoring reports, and the delay added since last month."""

from __future__ import annotations

import pytest

from services.works.domain.delay import delay_bucket, extra_delay_months


@pytest.mark.parametrize(("months", "bucket"), [
    (0, None), (1, "1-12"), (12, "1-12"), (13, "13-24"), (24, "13-24"), (25, "25-60"), (60, "25-60"),
    (61, "over-60"), (156, "over-60"),
])
def test_each_delay_falls_in_its_national_bucket(months: int, bucket: str | None) -> None:
    assert delay_bucket(months) == bucket


def test_the_delay_added_since_last_month_is_the_difference() -> None:
    assert extra_delay_months(5, 3) == 2


def test_a_work_that_made_up_time_shows_a_negative_addition() -> None:
    assert extra_delay_months(2, 3) == -1


def test_a_first_month_adds_no_delay() -> None:
    assert extra_delay_months(7, None) == 0
