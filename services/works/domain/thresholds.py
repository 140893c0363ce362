"""Every threshold of the works rules, with its default and why (docs/works.md lists them).

One frozen value passed to every rule, so that a service reads its settings once and a test
states exactly the thresholds it means.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    """The works rules' thresholds; construction refuses a value that would make a rule absurd."""

    # Stalled: this many consecutive months without any physical progress.
    stalled_months: int = 2
    # Financial ahead of physical: expenditure share more than this many points ahead.
    financial_lead_points: float = 20.0
    # Due soon: scheduled completion within this many days, physical progress below this share.
    due_soon_days: int = 60
    due_soon_physical_below: float = 80.0
    # A cost overrun is flagged from this many percent: below it a revision is usually the
    # contingency and price variation that an estimate already provides for.
    cost_overrun_percent: float = 10.0
    # A time overrun is flagged from this many months late.
    time_overrun_months: int = 1
    # Status colour: behind the time-elapsed share by more than `green_lag_points` is no longer
    # green; by more than `red_lag_points` (without a pace that finishes on time) it is red.
    green_lag_points: float = 10.0
    red_lag_points: float = 25.0
    # Forecast: the pace of physical progress is measured over this many months.
    pace_window_months: int = 3
    # A reported anticipated date is implausible when it needs more than this many times the pace.
    implausible_pace_factor: float = 2.0
    # Plausibility: cumulative expenditure above this multiple of the approved cost.
    expenditure_cost_factor: float = 1.5
    # Works sanctioned above this cost (₹ lakh; 100 = ₹1 crore) are "major": the state portal
    # classes them by colour.
    major_work_lakh: float = 100.0

    def __post_init__(self) -> None:
        for spec in fields(self):
            value = getattr(self, spec.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(f"{spec.name}: must be a number ≥ 0, got {value!r}")
        for name in ("stalled_months", "pace_window_months", "time_overrun_months", "implausible_pace_factor",
                     "expenditure_cost_factor"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name}: must be greater than 0")
        if self.red_lag_points < self.green_lag_points:
            raise ValueError("red_lag_points: must be at least green_lag_points")


DEFAULT_THRESHOLDS = Thresholds()
