"""`work.progress.v1` on `works.progress` (key: work id): an executing agency's monthly report
of one work, idempotent by its `report_id`; a higher `revision` for the same work and period
corrects the earlier one."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from shared.events.base import Payload
from shared.events.works.values import IsoDate, Lakh, Percent, Period, PositiveLakh, Slug

WORK_PROGRESS = "work.progress.v1"
ProgressStatus = Literal["in_progress", "completed", "stalled"]


class WorkProgress(Payload):
    """Where a work stood at the end of one month, as its agency reports it."""

    report_id: str = Field(min_length=1, max_length=200,
                           description="idempotency key chosen by the client: the same id twice is one report")
    work: Slug = Field(description="the work's id, as registered")
    period: Period = Field(description="the month reported, YYYY-MM")
    revision: int = Field(default=1, ge=1, le=1_000_000,
                          description="a higher revision for the same work and period replaces the lower")
    physical_percent: Percent = Field(description="physical progress, % of the work done")
    expenditure_lakh: Lakh = Field(description="cumulative expenditure since the sanction, ₹ lakh")
    status: ProgressStatus = Field(description="in_progress, completed (with completion_date) or stalled (with "
                                               "stall_reason)")
    completion_date: IsoDate | None = Field(
        default=None, validate_default=True, description="when the work was completed; required when completed")
    stall_reason: str | None = Field(
        default=None, max_length=500, validate_default=True,
        description="why the work stands still (land, funds, contractor…); required when stalled")
    milestone: str | None = Field(default=None, max_length=200, description="the milestone the work is at")
    revised_cost_lakh: PositiveLakh | None = Field(
        default=None, description="the cost the agency now expects, ₹ lakh, when revised")
    anticipated_completion_date: IsoDate | None = Field(
        default=None, description="the completion date the agency now expects, when revised")
    reported_by: str | None = Field(default=None, max_length=200, description="who reported it (designation)")

    @field_validator("completion_date")
    @classmethod
    def _completion_goes_with_completed(cls, value: object, info: ValidationInfo) -> object:
        status = info.data.get("status")
        if status == "completed" and value is None:
            raise PydanticCustomError("missing_completion_date", "required when status is completed")
        if status is not None and status != "completed" and value is not None:
            raise PydanticCustomError("unexpected_completion_date", "only a completed work has a completion date")
        return value

    @field_validator("stall_reason")
    @classmethod
    def _reason_goes_with_stalled(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("status") == "stalled" and not (value and value.strip()):
            raise PydanticCustomError("missing_stall_reason", "required when status is stalled")
        return value
