"""Events produced by the scoring service (CONTRACT §3)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.events.base import Payload, Period

SCHEME_SCORED = "scheme.scored.v1"
SCHEME_RANKED = "scheme.ranked.v1"
COMPOSITE_RANKED = "composite.ranked.v1"
Grade = Literal["A", "B", "C", "D"]


class PreviousResult(Payload):
    period: Period
    marks: float | None = None
    grade: Grade | None = None
    rank: int | None = None
    of: int | None = None


class SchemeScored(Payload):
    scheme: str
    department: str
    district: str
    period: Period
    marks: float | None
    grade: Grade | None
    rank: int | None
    of: int | None
    kpis: dict[str, float] = Field(description="each KPI's score in [0, 1]")
    previous: PreviousResult | None = None
    status: Literal["scored", "quarantined"]
    submission_id: str
    revision: int


class RankEntry(Payload):
    district: str
    marks: float
    grade: Grade | None = None
    rank: int


class SchemeRanked(Payload):
    scheme: str
    period: Period
    final: bool
    of: int
    coverage: float
    ranks: list[RankEntry]


class CategoryResult(Payload):
    marks: float
    rank: int


class CompositeEntry(Payload):
    district: str
    marks: float
    rank: int
    categories: dict[str, CategoryResult] = Field(default_factory=dict)


class CompositeRanked(Payload):
    period: Period
    final: bool
    of: int
    ranks: list[CompositeEntry]
