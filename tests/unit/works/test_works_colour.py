"""Status colours: red lagging, yellow behind but recoverable, green on schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from services.works.domain.colour import Position, colour, expected_physical

DUE = date(2026, 3, 31)
ON_TRACK = Position(scheduled=DUE, as_of=date(2025, 12, 31), completed_on=None, stalled=False, lag_points=5.0,
                    forecast=date(2026, 3, 1), time_overrun_months=0)


def test_half_the_scheduled_time_gone_means_half_the_work_expected() -> None:
    assert expected_physical(sanctioned_on=date(2025, 3, 31), scheduled=DUE, as_of=date(2025, 9, 30)) == 50.14


def test_the_expected_share_stays_between_nothing_and_everything() -> None:
    assert expected_physical(sanctioned_on=date(2025, 3, 31), scheduled=DUE, as_of=date(2024, 1, 31)) == 0.0
    assert expected_physical(sanctioned_on=date(2025, 3, 31), scheduled=DUE, as_of=date(2027, 1, 31)) == 100.0


def test_a_work_on_track_is_green() -> None:
    assert colour(ON_TRACK) == "green"


def test_a_work_ten_points_behind_is_still_green_and_eleven_is_yellow() -> None:
    assert colour(replace(ON_TRACK, lag_points=10.0)) == "green"
    assert colour(replace(ON_TRACK, lag_points=11.0)) == "yellow"


def test_a_work_whose_pace_finishes_late_is_yellow_even_when_not_far_behind() -> None:
    assert colour(replace(ON_TRACK, forecast=date(2026, 5, 15))) == "yellow"


def test_a_work_whose_agency_anticipates_a_delay_is_yellow_before_its_deadline() -> None:
    assert colour(replace(ON_TRACK, time_overrun_months=2)) == "yellow"


def test_a_work_far_behind_and_not_finishing_on_time_is_red() -> None:
    assert colour(replace(ON_TRACK, lag_points=30.0, forecast=date(2026, 9, 1))) == "red"
    assert colour(replace(ON_TRACK, lag_points=30.0, forecast=None)) == "red"


def test_a_work_far_behind_whose_pace_still_finishes_on_time_is_recoverable() -> None:
    assert colour(replace(ON_TRACK, lag_points=30.0, forecast=date(2026, 3, 20))) == "yellow"


def test_a_stalled_work_is_red() -> None:
    assert colour(replace(ON_TRACK, stalled=True)) == "red"


def test_a_work_open_after_its_deadline_is_red() -> None:
    assert colour(replace(ON_TRACK, as_of=date(2026, 4, 30), lag_points=0.0)) == "red"


def test_a_work_completed_on_time_is_green_and_late_is_yellow() -> None:
    assert colour(replace(ON_TRACK, completed_on=date(2026, 3, 31), stalled=True)) == "green"
    assert colour(replace(ON_TRACK, completed_on=date(2026, 4, 1))) == "yellow"
