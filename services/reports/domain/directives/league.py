"""Who keeps missing directives: counters per officer and department, and the state's view of
them ranked.

An officer is a designation in a district (the District Social Welfare Officer of Kanpur
Nagar), as the minutes name them. Their counter of repeated non-compliance is the sum of their
directives' misses: it never decreases. The state view ranks by directives overdue now, then
by misses, with shared ranks for equal counts (1, 2, 2, 4), as the project ranks districts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from services.reports.domain.directives.carry import roll
from shared.catalog import Names
from shared.events.directives import Directive


@dataclass(frozen=True)
class Tally:
    """One officer's or department's directives: how many are overdue now, their misses, and
    how many there are; `rank` in the view it belongs to."""

    key: tuple[str, ...]
    officer: Names | None
    district: str | None
    department: str | None
    overdue: int
    misses: int
    directives: int
    rank: int = 0


Key = Callable[[Directive], tuple[str, ...]]


def officer_key(d: Directive) -> tuple[str, ...]:
    return (d.district, d.officer.en)


def department_key(d: Directive) -> tuple[str, ...]:
    return (d.department or "-",)


def tallies(directives: Iterable[Directive], key: Key, now: datetime, meeting_day: int) -> list[Tally]:
    """Counters per `key` (`officer_key` or `department_key`) at `now`, in key order."""
    found: dict[tuple[str, ...], list[Directive]] = {}
    for d in directives:
        found.setdefault(key(d), []).append(roll(d, now, meeting_day))
    return [_tally(k, ds, key is officer_key) for k, ds in sorted(found.items())]


def _tally(key: tuple[str, ...], ds: list[Directive], per_officer: bool) -> Tally:
    first = ds[0]
    return Tally(
        key=key, officer=first.officer if per_officer else None, district=first.district if per_officer else None,
        department=first.department, overdue=sum(1 for d in ds if not d.closed and d.misses > 0),
        misses=sum(d.misses for d in ds), directives=len(ds))


def ranked(rows: Iterable[Tally]) -> list[Tally]:
    """Rows with anything overdue or missed, most overdue first, then most misses; equal counts
    share a rank."""
    order = sorted((r for r in rows if r.overdue or r.misses), key=lambda r: (-r.overdue, -r.misses, r.key))
    out: list[Tally] = []
    for i, row in enumerate(order):
        tied = bool(out) and (out[-1].overdue, out[-1].misses) == (row.overdue, row.misses)
        out.append(replace(row, rank=out[-1].rank if tied else i + 1))
    return out


def state_view(directives: Iterable[Directive], now: datetime, meeting_day: int,
               limit: int = 10) -> dict[str, list[Tally]]:
    """The officers and the departments with the most overdue directives across the state."""
    every = [roll(d, now, meeting_day) for d in directives]  # once: rolling again changes nothing
    return {
        "officers": ranked(tallies(every, officer_key, now, meeting_day))[:limit],
        "departments": ranked(tallies(every, department_key, now, meeting_day))[:limit],
    }
