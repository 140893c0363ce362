"""The structured answer to "what must change?": data only, the wording lives in templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from shared.catalog import FieldUnit, KpiKind

Goal = Literal["next_grade", "overtake"]
# change: at least one KPI can reach the goal alone; none_needed: the goal is reached already
# (or there is no higher grade, or no district above); unreachable: no KPI can alone;
# ungraded: a scheme without grades has no next grade; quarantined: the figures cannot be
# right, so the first change is a corrected revision.
Answer = Literal["change", "none_needed", "unreachable", "ungraded", "quarantined"]
Direction = Literal["raise", "reduce"]
# Why one KPI cannot reach the goal alone this month:
#   kpi_at_cap          the KPI already scores 1 (its raw value at or past its target)
#   beyond_kpi          even a perfect score on this KPI leaves the marks short of the goal
#   plausibility_bound  the figure needed would cross `max_ratio` (or 100 %) and be quarantined
#   no_denominator      a ratio over a zero denominator: no numerator can count
#   no_lever            its input fields also feed another KPI the opposite way
#   beyond_maximum      the goal lies above 10 marks (the district above has 10.00)
Obstacle = Literal[
    "kpi_at_cap", "beyond_kpi", "plausibility_bound", "no_denominator", "no_lever", "beyond_maximum"
]


def _number(value: float, unit: FieldUnit) -> int | float:
    """Counts as int (26466, not 26466.0) when they are whole."""
    return int(value) if unit == "count" and value == int(value) else value


@dataclass(frozen=True)
class FieldChange:
    """One input field moved: from `before` to `after` (in the field's own unit)."""

    field: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        """`after - before`: negative when pending applications are disposed of."""
        return self.after - self.before

    def to_dict(self, unit: FieldUnit) -> dict[str, Any]:
        return {"field": self.field, "from": _number(self.before, unit), "to": _number(self.after, unit),
                "delta": _number(round(self.delta, 2), unit)}


@dataclass(frozen=True)
class Option:
    """The smallest change acting on one KPI's inputs that reaches the goal, or why none does.

    `amount` is the total move in the field's unit (1,240 applications disposed of; 7.00
    percentage points), `raw_before`/`raw_after` the KPI's raw value (0.61 → 0.68: "coverage
    from 61 % to 68 %"), `marks_after` the scheme's marks once the change is made.
    """

    kpi: str
    kind: KpiKind
    direction: Direction
    unit: FieldUnit
    raw_before: float
    changes: tuple[FieldChange, ...] = ()
    amount: float = 0.0
    raw_after: float | None = None
    marks_after: float | None = None
    obstacle: Obstacle | None = None

    @property
    def reachable(self) -> bool:
        return self.obstacle is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi, "kind": self.kind, "direction": self.direction, "unit": self.unit,
            "answer": "change" if self.reachable else "unreachable", "obstacle": self.obstacle,
            "changes": [c.to_dict(self.unit) for c in self.changes],
            "amount": _number(round(self.amount, 2), self.unit),
            "raw_before": round(self.raw_before, 4),
            "raw_after": None if self.raw_after is None else round(self.raw_after, 4),
            "marks_after": self.marks_after,
        }


@dataclass(frozen=True)
class Target:
    """One goal for one district and scheme: the marks to reach and each KPI's option.

    `goal_marks` is the two-decimal mark to reach (the next band's minimum, or 0.01 above the
    district ranked just above); `grade` the grade aimed at (next_grade only). Options list
    the reachable KPIs first, smallest move relative to the KPI's own scale first (the change
    in its raw value), then the unreachable ones in catalogue order.
    """

    goal: Goal
    answer: Answer
    marks: float | None = None
    goal_marks: float | None = None
    grade: str | None = None
    options: tuple[Option, ...] = ()
    obstacle: Obstacle | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "goal": self.goal, "answer": self.answer, "marks": self.marks, "goal_marks": self.goal_marks,
            "grade": self.grade, "obstacle": self.obstacle, "options": [o.to_dict() for o in self.options],
        }
