"""`work.assessed.v1` on `works.assessed` (key: district): one work's assessment for one period,
carrying every figure and flag that alerts and the minutes need (docs/works.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from shared.catalog import Department, Names
from shared.events.base import Payload
from shared.events.ingest import Reason
from shared.events.works.progress import ProgressStatus
from shared.events.works.values import Agency, IsoDate, Lakh, Percent, Period, Slug

WORK_ASSESSED = "work.assessed.v1"
AssessmentStatus = Literal["assessed", "quarantined", "unreported"]
Colour = Literal["red", "yellow", "green"]
DelayBucket = Literal["1-12", "13-24", "25-60", "over-60"]


class Flags(Payload):
    """The conditions alerts raise (`work_<flag>`) and resolve when they clear."""

    time_overrun: bool = Field(description="completion (actual, anticipated or overdue) later than scheduled")
    cost_overrun: bool = Field(description="current cost above the sanctioned cost by the threshold or more")
    stalled: bool = Field(description="reported stalled, or no physical progress for the threshold's months")
    financial_ahead_of_physical: bool = Field(description="expenditure share ahead of physical progress")
    due_soon: bool = Field(description="scheduled completion near and physical progress still low")
    anticipated_date_implausible: bool = Field(description="the reported anticipated date needs a pace the "
                                                           "work has not shown")


class CostRevision(Payload):
    period: str | None = Field(description="the month of the report that revised it; null: the registry")
    from_lakh: Lakh = Field(description="the cost before, ₹ lakh")
    to_lakh: Lakh = Field(description="the cost after, ₹ lakh")


class DateRevision(Payload):
    period: str | None = Field(description="the month of the report that revised it; null: the registry")
    from_date: IsoDate = Field(description="the completion date before")
    to_date: IsoDate = Field(description="the completion date after")


class PreviousAssessment(Payload):
    """The same work's assessment a month earlier, for the movement."""

    period: Period = Field(description="the previous month, YYYY-MM")
    physical_percent: Percent = Field(description="physical progress then, %")
    time_overrun_months: int = Field(ge=0, description="time overrun then, months")
    cost_overrun_percent: float = Field(ge=0, description="cost overrun then, %")
    colour: Colour = Field(description="status colour then")
    flags: Flags = Field(description="the flags then")


class WorkAssessed(Payload):
    """A work as it stands at the end of a period (docs/works.md: every rule and threshold)."""

    work: Slug = Field(description="the work's id")
    name: Names = Field(description="the work's name")
    district: Slug = Field(description="the district; the Kafka key")
    department: Department = Field(description="the department whose work it is")
    agency: Agency = Field(description="the executing agency")
    officer: Names | None = Field(description="the district officer who answers for it, if registered")
    period: Period = Field(description="the month assessed, YYYY-MM")
    status: AssessmentStatus = Field(description="assessed: this month's report counts; quarantined: it is "
                                                 "implausible (reasons); unreported: none came")
    reasons: list[Reason] = Field(description="why this month's report was quarantined; empty otherwise")
    report_id: str | None = Field(description="the report the figures come from; null before any report")
    reported_period: str | None = Field(description="the month of that report (earlier when carried forward)")
    state: ProgressStatus = Field(description="the status the agency reported (in_progress before any report)")
    physical_percent: Percent = Field(description="physical progress, %")
    expenditure_lakh: Lakh = Field(description="cumulative expenditure, ₹ lakh")
    expenditure_percent: float = Field(ge=0, description="expenditure as a share of the current cost, %")
    expected_physical_percent: Percent = Field(description="the share of the scheduled time elapsed, %")
    sanctioned_cost_lakh: Lakh = Field(description="the originally sanctioned cost, ₹ lakh")
    current_cost_lakh: Lakh = Field(description="latest revised cost (else sanctioned), never below expenditure")
    cost_overrun_percent: float = Field(ge=0, description="current over sanctioned cost, %; never negative")
    sanction_date: IsoDate = Field(description="the sanction date")
    scheduled_completion_date: IsoDate = Field(description="the originally scheduled completion")
    anticipated_completion_date: IsoDate | None = Field(description="the latest reported anticipated completion")
    completion_date: IsoDate | None = Field(description="the actual completion, once completed")
    forecast_completion_date: IsoDate | None = Field(description="the completion the recent pace implies; null "
                                                                 "without progress to extrapolate")
    pace_percent_per_month: float | None = Field(description="physical points a month over the pace window")
    time_overrun_months: int = Field(ge=0, description="months of delay against the original schedule")
    delay_bucket: DelayBucket | None = Field(description="1-12, 13-24, 25-60 or over-60 months; null if on time")
    extra_delay_months: int = Field(description="delay added since last month (negative: time made up)")
    months_without_progress: int = Field(ge=0, description="consecutive months without physical progress")
    stall_reason: str | None = Field(description="the reported reason, when stalled")
    milestone: str | None = Field(description="the milestone last reported")
    colour: Colour = Field(description="red (lagging), yellow (behind, recoverable), green (on schedule)")
    major: bool = Field(description="sanctioned above the major-work threshold (₹1 crore): the works the state "
                                    "portal classes by colour")
    flags: Flags = Field(description="the alert conditions")
    cost_revisions: list[CostRevision] = Field(description="every change of the expected cost, oldest first")
    date_revisions: list[DateRevision] = Field(description="every change of the expected completion, oldest first")
    previous: PreviousAssessment | None = Field(description="last month's assessment; null before the sanction")
