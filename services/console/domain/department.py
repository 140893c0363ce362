"""A department's desk (pure): for each of its schemes in a period, which districts have
submitted and which have not, the days left to the deadline (India's calendar:
shared/calendar), quarantined figures, revisions after the deadline and the districts in
grade D. Submissions are scoring's rows (`GET /v1/departments/{department}/{period}/submissions`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from shared.calendar.rules import deadline_date
from shared.calendar.zone import day_ends
from shared.catalog import Scheme

State = Literal["scored", "quarantined", "missing"]


@dataclass(frozen=True)
class Cell:
    """One district's figures for one scheme in the period."""

    district: str
    state: State
    grade: str | None = None
    marks: float | None = None
    revision: int | None = None
    submitted_at: str | None = None
    submitted_by: str | None = None
    reasons: tuple[str, ...] = ()
    late: bool = False  # the figures that count arrived after the deadline, as a revision


@dataclass(frozen=True)
class SchemeDesk:
    scheme: Scheme
    deadline: date
    days_left: int  # negative: the deadline passed that many days ago
    cells: tuple[Cell, ...]  # one per district, in the order given

    def of(self, state: State) -> list[Cell]:
        return [c for c in self.cells if c.state == state]

    @property
    def submitted(self) -> int:
        return sum(1 for c in self.cells if c.state != "missing")

    @property
    def late(self) -> list[Cell]:
        return [c for c in self.cells if c.late]

    @property
    def grade_d(self) -> list[Cell]:
        return [c for c in self.cells if c.state == "scored" and c.grade == "D"]


def days_left(deadline: date, today: date) -> int:
    """Whole days from `today` (in India) to the deadline day: 0 on the day itself."""
    return (deadline - today).days


def after_deadline(submitted_at: str | None, deadline: date) -> bool:
    """Whether an instant (ISO 8601, with its offset) falls after the deadline day ended in India."""
    if not submitted_at:
        return False
    moment = datetime.fromisoformat(submitted_at.replace("Z", "+00:00"))
    return moment.tzinfo is not None and moment >= day_ends(deadline)


def cell_of(district: str, row: Mapping[str, Any] | None, deadline: date) -> Cell:
    if row is None:
        return Cell(district, "missing")
    state: State = "quarantined" if row.get("status") == "quarantined" else "scored"
    revision = int(row.get("revision") or 1)
    reasons = tuple(str(r.get("message") or r.get("code") or "") for r in row.get("reasons") or [])
    return Cell(district, state, row.get("grade"), row.get("marks"), revision, row.get("submitted_at"),
                row.get("submitted_by"), reasons, revision > 1 and after_deadline(row.get("submitted_at"), deadline))


def desk(schemes: Sequence[Scheme], districts: Sequence[str], rows: Iterable[Mapping[str, Any]],
         period: str, today: date) -> list[SchemeDesk]:
    """Each scheme's desk for `period`: every district's cell (missing where no row came)."""
    by_pair = {(r["scheme"], r["district"]): r for r in rows}
    out = []
    for scheme in schemes:
        deadline = deadline_date(period, scheme.deadline_day)
        cells = tuple(cell_of(d, by_pair.get((scheme.id, d)), deadline) for d in districts)
        out.append(SchemeDesk(scheme, deadline, days_left(deadline, today), cells))
    return out
