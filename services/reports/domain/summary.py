"""The opening summary of the minutes: the year's best and worst composite rank, this
month's composite, the grade census and the department holding most B/C/D schemes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from services.reports.domain.inputs import CompositePoint, MinutesInput, SchemeStanding
from shared.extremes import extreme_month
from shared.periods import financial_year, fy_periods

# How bad a grade is; sections and census put the worst first.
SEVERITY: dict[str, int] = {"A": 0, "B": 1, "C": 2, "D": 3}
NEEDS_REVIEW = ("B", "C", "D")


def is_graded(standing: SchemeStanding) -> bool:
    """Scored this period with a grade (ungraded, missing and quarantined schemes are not)."""
    return standing.scheme.graded and standing.status == "scored" and standing.grade in SEVERITY


def needs_review(standing: SchemeStanding) -> bool:
    """A scheme the meeting goes through: graded B, C or D this period."""
    return is_graded(standing) and standing.grade in NEEDS_REVIEW


def summarise(inp: MinutesInput) -> dict[str, Any]:
    """The `summary` block of the minutes (CONTRACT §3)."""
    history = _year_so_far(inp.composite_history, inp.period)
    return {
        "financial_year": financial_year(inp.period),
        "best": _extreme(history, best=True),
        "worst": _extreme(history, best=False),
        "composite": _composite(history, inp.period),
        "categories": _categories(history, inp.period),
        "schemes": len(inp.standings),
        "grades": grade_census(inp.standings),
        "unreported": _unreported(inp.standings),
        "most_bcd": most_bcd(inp.standings),
    }


def _year_so_far(history: Iterable[CompositePoint], period: str) -> list[CompositePoint]:
    months = set(fy_periods(period))
    return sorted((p for p in history if p.period in months), key=lambda p: p.period)


def _extreme(history: list[CompositePoint], *, best: bool) -> dict[str, Any] | None:
    """Best (lowest) or worst (highest) composite rank of the year so far.

    The rule is shared with the console's chart (`shared/extremes.py`).
    """
    found = extreme_month(((p.period, p.rank) for p in history), best=best)
    if found is None:
        return None
    point = next(p for p in history if p.period == found[0])
    return {"rank": point.rank, "of": point.of, "period": point.period}


def _this_month(history: list[CompositePoint], period: str) -> CompositePoint | None:
    return next((p for p in history if p.period == period), None)


def _composite(history: list[CompositePoint], period: str) -> dict[str, Any] | None:
    point = _this_month(history, period)
    return None if point is None else {"rank": point.rank, "of": point.of, "marks": point.marks}


def _categories(history: list[CompositePoint], period: str) -> dict[str, dict[str, Any]]:
    point = _this_month(history, period)
    if point is None:
        return {}
    return {c: {"rank": rank, "marks": marks} for c, (rank, marks) in sorted(point.categories.items())}


def grade_census(standings: Iterable[SchemeStanding]) -> dict[str, int]:
    """How many schemes stand in each grade; ungraded schemes are counted apart."""
    listed = list(standings)
    counts = Counter(s.grade for s in listed if is_graded(s))
    census = {g: counts.get(g, 0) for g in SEVERITY}
    census["ungraded"] = sum(1 for s in listed if not s.scheme.graded)
    return census


def _unreported(standings: Iterable[SchemeStanding]) -> dict[str, Any]:
    """Graded schemes without a grade this period: nothing submitted, or quarantined."""
    missing = [s for s in standings if s.scheme.graded and not is_graded(s)]
    return {
        "count": len(missing),
        "schemes": [
            {"scheme": s.scheme.id, "name": s.scheme.name.model_dump(), "status": s.status}
            for s in missing
        ],
    }


def most_bcd(standings: Iterable[SchemeStanding]) -> dict[str, Any] | None:
    """The department with most schemes in B, C or D (ties: the worse grade, then the id)."""
    groups = group_by_department(s for s in standings if needs_review(s))
    if not groups:
        return None
    dept, members = min(groups.items(), key=lambda kv: (-len(kv[1]), -worst(kv[1]), kv[0]))
    return {"department": dept, "name": members[0].scheme.department.name.model_dump(),
            "count": len(members)}


def group_by_department(standings: Iterable[SchemeStanding]) -> dict[str, list[SchemeStanding]]:
    """Standings by department id, each list in input order."""
    groups: dict[str, list[SchemeStanding]] = {}
    for s in standings:
        groups.setdefault(s.scheme.department.id, []).append(s)
    return groups


def worst(standings: Iterable[SchemeStanding]) -> int:
    """The severity of the worst grade among graded standings (-1 when none is graded)."""
    return max((SEVERITY.get(s.grade or "", -1) for s in standings), default=-1)
