"""Schemes and standings for the reports domain's tests, with every field but the one a test is about."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.reports.domain.inputs import District, MinutesInput, SchemeStanding
from shared.catalog import Kpi, Names, Scheme

GRADE_MARKS = {"A": 9.5, "B": 7.0, "C": 4.5, "D": 1.5}
KANPUR = District(id="kanpur-nagar", name=Names(hi="कानपुर नगर", en="Kanpur Nagar"))


def names(hi: str = "नाम", en: str = "name") -> dict[str, str]:
    return {"hi": hi, "en": en}


def kpi(kpi_id: str = "k", kind: str = "ratio", **fields: Any) -> Kpi:
    """A KPI; a ratio of `done` over `due` unless told otherwise."""
    if kind == "percent":
        fields.setdefault("value", "progress")
    else:
        fields.setdefault("numerator", "done")
        fields.setdefault("denominator", "due")
    fields.setdefault("name", names(f"संकेतक {kpi_id}", f"KPI {kpi_id}"))
    return Kpi.model_validate({"id": kpi_id, "kind": kind, **fields})


def scheme(
    scheme_id: str = "s",
    department: str = "dept",
    kpis: list[Kpi] | None = None,
    **fields: Any,
) -> Scheme:
    """A graded development scheme with one ratio KPI unless told otherwise."""
    fields.setdefault("name", names(f"योजना {scheme_id}", f"Scheme {scheme_id}"))
    fields.setdefault("officer", names("जिला अधिकारी", "District Officer"))
    dept_name = fields.pop("department_name", names(f"विभाग {department}", f"Department {department}"))
    return Scheme.model_validate(
        {
            "id": scheme_id,
            "department": {"id": department, "name": dept_name},
            "sector": "sector",
            "category": "development",
            "kpis": [k.model_dump() for k in (kpis or [kpi()])],
            **fields,
        }
    )


def standing(
    of_scheme: Scheme | None = None, grade: str | None = "A", rank: int | None = 1, **fields: Any
) -> SchemeStanding:
    """A scored standing of `of_scheme` out of 75, with marks typical of its grade."""
    fields.setdefault("marks", GRADE_MARKS.get(grade or ""))
    fields.setdefault("of", 75 if rank is not None else None)
    return SchemeStanding(scheme=of_scheme or scheme(), grade=grade, rank=rank, **fields)


def minutes_input(*standings: SchemeStanding, **fields: Any) -> MinutesInput:
    """Minutes of Kanpur Nagar for March 2026, meeting on 16 April 2026, unless told otherwise."""
    fields.setdefault("district", KANPUR)
    fields.setdefault("period", "2026-03")
    fields.setdefault("meeting_date", date(2026, 4, 16))
    return MinutesInput(standings=tuple(standings), **fields)
