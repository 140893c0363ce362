"""A department's desk (`/departments/{department}`): its schemes across the districts in a
period — who has submitted and who has not, with the days left to the deadline; quarantined
figures and refused submissions with their reasons; revisions after the deadline; the districts
in grade D — and the same as CSV."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from services.console.domain import department as dd
from services.console.domain.csv_export import csv_text
from services.console.reads import Reads
from services.console.rejections import Rejections
from services.console.texts import Texts
from services.console.web import PageError
from shared.catalog import Department, Scheme
from shared.districts import load_districts

CSV_HEADER = ("scheme", "scheme_name", "district", "district_name", "state", "grade", "marks", "revision",
              "submitted_at", "submitted_by", "revised_after_deadline", "deadline", "reasons")


def known_department(schemes: Sequence[Scheme], department: str) -> tuple[Department, list[Scheme]]:
    own = [s for s in schemes if s.department.id == department]
    if not own:
        raise PageError(404, "unknown_department", id=department[:80])
    return own[0].department, sorted(own, key=lambda s: s.id)


async def department_view(reads: Reads, rejections: Rejections, schemes: Sequence[Scheme], department: str,
                          period: str, today: date, lang: str) -> dict[str, Any]:
    dept, own = known_department(schemes, department)
    answer = await reads.department_submissions(department, period) or {"submissions": []}
    units = sorted(load_districts(), key=lambda d: getattr(d.name, lang))
    desks = dd.desk(own, [d.id for d in units], answer["submissions"], period, today)
    return {"department": dept, "desks": desks, "units": units, "names": {d.id: d.name for d in units},
            "rejected": await rejections.of(department, period), "today": today}


def desk_csv(desks: Sequence[dd.SchemeDesk], t: Texts) -> str:
    names = {d.id: getattr(d.name, t.lang) for d in load_districts()}
    rows = [[desk.scheme.id, getattr(desk.scheme.name, t.lang), c.district, names.get(c.district, ""), c.state,
             c.grade, c.marks, c.revision, c.submitted_at, c.submitted_by, "yes" if c.late else "",
             desk.deadline.isoformat(), "; ".join(c.reasons)]
            for desk in desks for c in desk.cells]
    return csv_text(CSV_HEADER, rows)
