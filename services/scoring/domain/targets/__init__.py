"""The path up: the smallest change in a district's own figures that lifts a scheme's marks to
the next grade, or above the district ranked just above (issue 21, DESIGN.md §3).

Each KPI is considered alone: the answer names, per KPI, the input field(s) to move, from
what to what, or why that KPI cannot get there this month. Counts move in whole units,
amounts and percentages in hundredths (`Scheme.unit`). Structured data only; the wording
lives in the templates.
"""

from .goals import band_hundredths, marks_above, next_grade_target, overtake_target
from .levers import Lever, lever_for, moved
from .model import Answer, Direction, FieldChange, Goal, Obstacle, Option, Target
from .search import first_true, option_for

__all__ = [
    "Answer", "Direction", "FieldChange", "Goal", "Lever", "Obstacle", "Option", "Target",
    "band_hundredths", "first_true", "lever_for", "marks_above", "moved", "next_grade_target",
    "option_for", "overtake_target",
]
