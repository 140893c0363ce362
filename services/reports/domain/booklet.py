"""The district monitoring booklet (जिला अनुश्रवण पुस्तिका): every scheme, by department."""

from __future__ import annotations

from typing import Any

from services.reports.domain.figures import describe
from services.reports.domain.inputs import MinutesInput, SchemeStanding
from services.reports.domain.minutes import header
from services.reports.domain.summary import group_by_department, summarise
from shared.movement import movement

# `movement` is the one rule of rankings, booklets and the CLI (shared/movement.py).
__all__ = ["assemble_booklet", "movement"]


def assemble_booklet(inp: MinutesInput) -> dict[str, Any]:
    """Every scheme's figures, marks, grade, rank, movement and officer, grouped by department.

    Departments and schemes keep the order of `inp.standings` (the catalogue's order), so
    the booklet reads the same way every month.
    """
    groups = group_by_department(inp.standings)
    return {
        "district": inp.district.id,
        "period": inp.period,
        "header": header(inp),
        "summary": summarise(inp),
        "departments": [
            {"department": dept, "name": members[0].scheme.department.name.model_dump(),
             "schemes": [_entry(s) for s in members]}
            for dept, members in groups.items()
        ],
    }


def _entry(standing: SchemeStanding) -> dict[str, Any]:
    scheme = standing.scheme
    return {
        "scheme": scheme.id,
        "name": scheme.name.model_dump(),
        "status": standing.status,
        "graded": scheme.graded,
        "figures": dict(standing.figures),
        "facts": [f.as_dict() for f in describe(scheme, standing.figures)],
        "marks": standing.marks,
        "grade": standing.grade,
        "rank": standing.rank,
        "of": standing.of,
        "previous_marks": standing.previous_marks,
        "previous_grade": standing.previous_grade,
        "previous_rank": standing.previous_rank,
        "movement": movement(standing.rank, standing.previous_rank),
        "officer": scheme.officer.model_dump(),
    }
