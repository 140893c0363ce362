"""The two goals a district is shown: the next grade, and the district ranked just above."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, Decimal

from services.scoring.domain.marks import grade, score_submission
from services.scoring.domain.plausibility import implausible
from services.scoring.domain.rounding import hundredths
from shared.catalog import GRADES, Scheme

from .model import Answer, Goal, Obstacle, Option, Target
from .search import option_for

MAXIMUM = 1000  # 10.00 marks, in hundredths


def next_grade_target(scheme: Scheme, values: Mapping[str, float]) -> Target:
    """What lifts the scheme's marks to the next grade's minimum (C to B: from 5.20 to 6.00).

    `values` are the figures of the district's accepted submission (validated: every input
    field present, finite and ≥ 0). An A needs nothing; an ungraded scheme has no next grade.
    """
    if implausible(scheme, values):
        return Target(goal="next_grade", answer="quarantined")
    if not scheme.graded:
        return Target(goal="next_grade", answer="ungraded", marks=score_submission(scheme, values).marks)
    marks = score_submission(scheme, values).marks
    current = grade(marks, scheme)
    if current is None or current == GRADES[0]:
        return Target(goal="next_grade", answer="none_needed", marks=marks, grade=current)
    wanted = GRADES[GRADES.index(current) - 1]
    return _target("next_grade", scheme, values, band_hundredths(scheme.grade_bands[wanted]), wanted)


def overtake_target(scheme: Scheme, values: Mapping[str, float], above: float | None) -> Target:
    """What gives the district strictly more marks than `above`, the two-decimal marks of the
    district ranked just above it (`marks_above`); None when no district is above."""
    if implausible(scheme, values):
        return Target(goal="overtake", answer="quarantined")
    if above is None:
        return Target(goal="overtake", answer="none_needed", marks=score_submission(scheme, values).marks)
    return _target("overtake", scheme, values, hundredths(above) + 1, None)


def marks_above(standings: Iterable[tuple[str, float, int]], district: str) -> float | None:
    """The marks of the district ranked just above `district`: the lowest marks strictly higher
    than its own, as rows (district, marks, rank) of `Ranking.standings()`. None if it is first
    (alone or tied) or not ranked."""
    rows = list(standings)
    own = next((hundredths(marks) for unit, marks, _ in rows if unit == district), None)
    if own is None:
        return None
    higher = [hundredths(marks) for _, marks, _ in rows if hundredths(marks) > own]
    return min(higher) / 100 if higher else None


def band_hundredths(minimum: float) -> int:
    """The smallest two-decimal marks (in hundredths) that reach a band's minimum."""
    return int((Decimal(repr(minimum)) * 100).to_integral_value(rounding=ROUND_CEILING))


def _target(goal: Goal, scheme: Scheme, values: Mapping[str, float], wanted: int, letter: str | None) -> Target:
    marks = score_submission(scheme, values).marks

    def answer(kind: Answer, options: tuple[Option, ...] = (), obstacle: Obstacle | None = None) -> Target:
        return Target(goal=goal, answer=kind, marks=marks, goal_marks=wanted / 100, grade=letter,
                      options=options, obstacle=obstacle)

    if hundredths(marks) >= wanted:
        return answer("none_needed")
    if wanted > MAXIMUM:
        return answer("unreachable", obstacle="beyond_maximum")
    options = [option_for(scheme, kpi, values, wanted) for kpi in scheme.kpis]
    ordered = sorted((o for o in options if o.reachable), key=_relative_move)
    ordered += [o for o in options if not o.reachable]
    return answer("change" if ordered[0].reachable else "unreachable", tuple(ordered))


def _relative_move(option: Option) -> float:
    """The move relative to the KPI's own scale: the change in its raw value."""
    return abs((option.raw_after or 0.0) - option.raw_before)
