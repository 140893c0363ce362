"""The thresholds of the works rules refuse values that would make a rule absurd."""

from __future__ import annotations

import pytest

from services.works.domain.thresholds import Thresholds


def test_the_defaults_are_those_documented() -> None:
    t = Thresholds()
    assert (t.stalled_months, t.financial_lead_points, t.due_soon_days, t.due_soon_physical_below) == (2, 20, 60, 80)
    assert (t.green_lag_points, t.red_lag_points, t.pace_window_months, t.implausible_pace_factor) == (10, 25, 3, 2)
    assert (t.expenditure_cost_factor, t.major_work_lakh, t.cost_overrun_percent, t.time_overrun_months) == (
        1.5, 100, 10, 1)


@pytest.mark.parametrize(("change", "message"), [
    ({"stalled_months": 0}, "stalled_months: must be greater than 0"),
    ({"pace_window_months": 0}, "pace_window_months: must be greater than 0"),
    ({"time_overrun_months": 0}, "time_overrun_months: must be greater than 0"),
    ({"due_soon_days": -1}, "due_soon_days: must be a number ≥ 0, got -1"),
    ({"financial_lead_points": float("nan")}, "financial_lead_points: must be a number ≥ 0, got nan"),
    ({"green_lag_points": 30.0}, "red_lag_points: must be at least green_lag_points"),
    ({"stalled_months": True}, "stalled_months: must be a number ≥ 0, got True"),
])
def test_an_absurd_threshold_is_refused_naming_it(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Thresholds(**change)  # type: ignore[arg-type]
