"""What the minutes are assembled from: plain, frozen facts that the service layer loads.

Nothing here reads a database or a clock; the meeting date, the directives typed so far and
the configurable texts all come in as values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from services.reports.domain.meeting_record import MeetingRecord
from shared.catalog import Names, Scheme

StandingStatus = Literal["scored", "quarantined", "missing"]


@dataclass(frozen=True)
class District:
    """The unit the minutes are for."""

    id: str
    name: Names


@dataclass(frozen=True)
class SchemeStanding:
    """One scheme's result for the district this period, beside last period's final one.

    `kpis` and `previous_kpis` are KPI scores in [0, 1]; `figures` and `previous_figures` are
    the submitted input values of this and last period's counted versions. A `quarantined` or
    `missing` standing has no marks, grade or rank.
    """

    scheme: Scheme
    status: StandingStatus = "scored"
    marks: float | None = None
    grade: str | None = None
    rank: int | None = None
    of: int | None = None
    kpis: Mapping[str, float] = field(default_factory=dict)
    figures: Mapping[str, float] = field(default_factory=dict)
    previous_marks: float | None = None
    previous_grade: str | None = None
    previous_rank: int | None = None
    previous_of: int | None = None
    previous_kpis: Mapping[str, float] = field(default_factory=dict)
    previous_figures: Mapping[str, float] = field(default_factory=dict)


class CategoryPoint(NamedTuple):
    """The district's rank and marks in one category (development, revenue); a plain
    `(rank, marks)` tuple is accepted wherever one is expected."""

    rank: int
    marks: float


@dataclass(frozen=True)
class CompositePoint:
    """The district's composite result in one period of the financial year."""

    period: str
    rank: int
    of: int
    marks: float
    categories: Mapping[str, tuple[int, float]] = field(default_factory=dict)  # (rank, marks)


@dataclass(frozen=True)
class AlertFact:
    """An alert raised for the district this period, reduced to what the minutes cite."""

    alert_id: str
    type: str
    scheme: str | None
    severity: str
    driver_kpi: str | None = None
    driver_before: float | None = None
    driver_after: float | None = None


@dataclass(frozen=True)
class PriorItem:
    """An item of the previous period's final minutes.

    `resolved` means the last meeting closed the matter: its directive is not carried over.
    """

    scheme: str
    item_id: str
    directive: str | None
    meetings: int
    resolved: bool = False


@dataclass(frozen=True)
class Signature:
    """Who signs the minutes and to whom copies go; "{district}" in a copy line is replaced."""

    designation: Names
    copy_to: tuple[Names, ...] = ()


@dataclass(frozen=True)
class MinutesInput:
    """Everything `assemble` and `assemble_booklet` need for one district and period.

    `instructions` and `signature` left as None take the defaults of `boilerplate.py`;
    an empty tuple of instructions means the district wants none.
    """

    district: District
    period: str
    meeting_date: date
    standings: tuple[SchemeStanding, ...]
    composite_history: tuple[CompositePoint, ...] = ()
    alerts: tuple[AlertFact, ...] = ()
    prior_items: tuple[PriorItem, ...] = ()
    directives: Mapping[str, str] = field(default_factory=dict)
    instructions: tuple[Names, ...] | None = None
    signature: Signature | None = None
    record: MeetingRecord | None = None  # letter number, issue date and attendance, as recorded
