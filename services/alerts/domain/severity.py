"""How serious an alert is (DESIGN.md §3, Alerts).

`critical` for a drop of two or more grades, entry into grade D, or a fall of 20+ places;
otherwise `warning`. A recovery is only `info`.
"""

from __future__ import annotations

from collections.abc import Mapping

from shared.events.alerts import AlertType, Severity
from shared.events.scoring import Grade

GRADE_STEPS: Mapping[Grade, int] = {"A": 0, "B": 1, "C": 2, "D": 3}
CRITICAL_GRADE_STEPS = 2
CRITICAL_RANK_FALL = 20
SEVERITY_ORDER: tuple[Severity, ...] = ("critical", "warning", "info")

# Alerts whose severity does not depend on how far something moved.
FIXED_SEVERITY: Mapping[AlertType, Severity] = {
    "entered_grade_d": "critical",
    "implausible_data": "warning",
    "missed_deadline": "warning",
    "recovered": "info",
    "persistent_grade_d": "critical",
    "bottom_ten_repeat": "critical",
}


def grade_steps_fallen(before: Grade, after: Grade) -> int:
    """How many grades worse `after` is than `before` (negative when it is better)."""
    return GRADE_STEPS[after] - GRADE_STEPS[before]


def is_worse(after: Grade, before: Grade) -> bool:
    """True when `after` is a worse grade than `before`."""
    return grade_steps_fallen(before, after) > 0


def grade_drop_severity(before: Grade, after: Grade) -> Severity:
    """`critical` for a drop of two or more grades or a drop into D, else `warning`."""
    if after == "D" or grade_steps_fallen(before, after) >= CRITICAL_GRADE_STEPS:
        return "critical"
    return "warning"


def rank_fall_severity(places: int, critical_at: int = CRITICAL_RANK_FALL) -> Severity:
    """`critical` for a fall of `critical_at` (20) places or more, else `warning`."""
    return "critical" if places >= critical_at else "warning"


def severity_order(severity: Severity) -> int:
    """Sort key putting the worst severity first."""
    return SEVERITY_ORDER.index(severity)
