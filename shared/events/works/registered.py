"""`work.registered.v1` on the compacted `works.registry` (key: work id; a null value retires
the work): one construction work as its department registers it, and re-registers it when
the cost or the completion date is revised officially."""

from __future__ import annotations

from datetime import date

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from shared.catalog import Department, Names
from shared.events.base import Payload
from shared.events.works.values import Agency, IsoDate, PositiveLakh, Slug

WORK_REGISTERED = "work.registered.v1"


class WorkRegistered(Payload):
    """A work (परियोजना / निर्माण कार्य): what was sanctioned, for when, and who builds it."""

    id: Slug = Field(description="the work's id, a lower-case slug; the Kafka key")
    name: Names = Field(description="the work's name in Hindi and English")
    district: Slug = Field(description="the district the work is in")
    department: Department = Field(description="the department whose work it is (id and names)")
    agency: Agency = Field(description="the executing agency (कार्यदायी संस्था)")
    officer: Names | None = Field(
        default=None, description="the district officer who answers for the work at the review (कार्यवाही)")
    sanctioned_cost_lakh: PositiveLakh = Field(description="the originally sanctioned cost, ₹ lakh")
    sanction_date: IsoDate = Field(description="the date of the sanction, YYYY-MM-DD")
    scheduled_completion_date: IsoDate = Field(description="the originally scheduled completion, YYYY-MM-DD")
    revised_cost_lakh: PositiveLakh | None = Field(
        default=None, description="the officially revised cost, ₹ lakh, when the sanction was revised")
    anticipated_completion_date: IsoDate | None = Field(
        default=None, description="the completion date now anticipated, when one was reported")

    @field_validator("scheduled_completion_date", "anticipated_completion_date")
    @classmethod
    def _after_sanction(cls, value: date | None, info: ValidationInfo) -> date | None:
        sanctioned = info.data.get("sanction_date")
        if value is not None and isinstance(sanctioned, date) and value <= sanctioned:
            raise PydanticCustomError("before_sanction", "must be after the sanction date {sanctioned}",
                                      {"sanctioned": sanctioned.isoformat()})
        return value
