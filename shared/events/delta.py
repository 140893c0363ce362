"""`composite.delta_ranked.v1`: districts ranked by the change in their composite marks
(issue 21). Published beside `composite.ranked.v1` for the same period by the scoring service."""

from __future__ import annotations

from pydantic import Field

from shared.events.base import Payload

COMPOSITE_DELTA_RANKED = "composite.delta_ranked.v1"


class DeltaEntry(Payload):
    district: str
    marks: float = Field(description="composite marks in the period")
    base_marks: float = Field(description="composite marks in the base period")
    delta: float = Field(description="marks - base_marks, two decimals")
    rank: int = Field(description="1 = most improved; equal deltas share a rank (1, 2, 2, 4)")


class DeltaRanking(Payload):
    base_period: str = Field(description="the period compared against")
    of: int = Field(description="districts ranked: those with a composite in both periods")
    ranks: list[DeltaEntry] = Field(description="most improved first, ties by district id")
    top_ten: list[str] = Field(description="the most improved: rank ≤ 10")
    bottom_ten: list[str] = Field(description="the least improved: fewer than ten below, least first")
    unranked: list[str] = Field(default_factory=list,
                                description="districts with a composite now but none in the base period")


class CompositeDeltaRanked(Payload):
    period: str
    final: bool
    previous_month: DeltaRanking | None = Field(description="against the month before (None if no composite then)")
    since_fy_start: DeltaRanking | None = Field(
        description="against April of the financial year; None in April itself")
