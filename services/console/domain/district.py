"""A district's page as data: its schemes by department with grade, rank, movement, marks and
the officer who must act, and its composite over the financial year with the best and worst
month. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.catalog import Department, Scheme
from shared.extremes import extreme_month


@dataclass(frozen=True)
class SchemeRow:
    scheme: Scheme
    status: str  # scored | quarantined | "" (nothing reported)
    grade: str | None
    marks: float | None
    rank: int | None
    of: int | None
    previous_rank: int | None

    @property
    def move(self) -> int | None:
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass(frozen=True)
class Section:
    department: Department
    rows: tuple[SchemeRow, ...]


def sections(schemes: Sequence[Scheme], scores: Mapping[str, Any] | None, previous: Mapping[str, Any] | None,
             departments: frozenset[str] | None) -> list[Section]:
    """The catalogue's schemes grouped by department in catalogue order, narrowed to
    `departments` when given (a department user's view)."""
    now = {s["scheme"]: s for s in (scores or {}).get("schemes", [])}
    before = {s["scheme"]: s.get("rank") for s in (previous or {}).get("schemes", [])}
    grouped: dict[str, list[SchemeRow]] = {}
    owners: dict[str, Department] = {}
    for scheme in schemes:
        if departments is not None and scheme.department.id not in departments:
            continue
        score = now.get(scheme.id, {})
        owners.setdefault(scheme.department.id, scheme.department)
        grouped.setdefault(scheme.department.id, []).append(SchemeRow(
            scheme, score.get("status", ""), score.get("grade"), score.get("marks"), score.get("rank"),
            score.get("of"), before.get(scheme.id)))
    return [Section(owners[d], tuple(rows)) for d, rows in grouped.items()]


@dataclass(frozen=True)
class Month:
    period: str
    rank: int
    of: int
    marks: float
    final: bool


def months(history: Mapping[str, Any] | None) -> list[Month]:
    return [Month(m["period"], int(m["rank"]), int(m["of"]), float(m["marks"]), bool(m.get("final")))
            for m in (history or {}).get("months", [])]


def best_and_worst(history: Iterable[Month]) -> tuple[str | None, str | None]:
    """The periods of the year's best and worst composite rank, as the minutes state them."""
    points = [(m.period, m.rank) for m in history]
    best, worst = extreme_month(points, best=True), extreme_month(points, best=False)
    return (best[0] if best else None), (worst[0] if worst else None)
