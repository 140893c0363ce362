"""`works.standing.v1` on `works.standing` (key: period): how districts and executing agencies
stand on their works in one period, ranked (docs/works.md, standings)."""

from __future__ import annotations

from pydantic import Field

from shared.catalog import Department, Names
from shared.events.base import Payload
from shared.events.works.values import Lakh, Period, Slug

WORKS_STANDING = "works.standing.v1"


class Tally(Payload):
    count: int = Field(ge=0, description="how many works")
    value_lakh: Lakh = Field(description="their current cost together, ₹ lakh")


class Colours(Payload):
    red: int = Field(ge=0, description="works lagging")
    yellow: int = Field(ge=0, description="works behind but recoverable")
    green: int = Field(ge=0, description="works on schedule")


class StandingEntry(Payload):
    """One district's (or agency's) works, and its rank by the share on schedule."""

    id: Slug = Field(description="the district's or agency's id")
    works: int = Field(ge=1, description="works counted (ongoing, or completed this financial year)")
    on_schedule: int = Field(ge=0, description="works on schedule (green)")
    share_on_schedule: float = Field(ge=0, le=1, description="on_schedule / works, four decimals")
    colours: Colours = Field(description="works by status colour")
    delayed: Tally = Field(description="works with a time overrun")
    stalled: Tally = Field(description="works stalled")
    over_cost: Tally = Field(description="works with a cost overrun")
    rank: int = Field(ge=1, description="competition rank (1, 2, 2, 4) by share on schedule, highest first")


class AgencyStanding(StandingEntry):
    name: Names = Field(description="the agency's name")
    districts: int = Field(ge=1, description="districts in which the agency has works counted")
    districts_with_delays: int = Field(ge=0, description="of them, districts where it has a delayed or stalled "
                                                         "work: late everywhere, or in one place?")


class DistrictRanking(Payload):
    of: int = Field(ge=0, description="districts ranked")
    ranks: list[StandingEntry] = Field(description="best first, ties by id")


class AgencyRanking(Payload):
    of: int = Field(ge=0, description="agencies ranked")
    ranks: list[AgencyStanding] = Field(description="best first, ties by id")


class DepartmentStanding(Payload):
    department: Department = Field(description="the department")
    of: int = Field(ge=1, description="districts ranked in it")
    ranks: list[StandingEntry] = Field(description="the department's works per district, best first")


class WorksStanding(Payload):
    period: Period = Field(description="the month, YYYY-MM")
    final: bool = Field(description="true once the period is frozen")
    districts: DistrictRanking = Field(description="districts ranked across the state")
    agencies: AgencyRanking = Field(description="executing agencies ranked across the state")
    departments: list[DepartmentStanding] = Field(description="districts ranked within each department, "
                                                              "departments by id")
