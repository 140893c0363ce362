"""Records and events of the period calendar (docs/calendar.md): the audit record of an
operator's override, and the `deadline_approaching` reminder to a department.

A reminder is addressed to a department and lists districts, so it is not an `alert.raised.v1`
(one district each): it has events of its own, `reminder.raised.v1` / `reminder.resolved.v1`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import AwareDatetime, Field, field_validator, model_validator

from shared.catalog import Names
from shared.events.base import Payload
from shared.events.ingest import PERIOD, SLUG

REMINDER_RAISED = "reminder.raised.v1"
REMINDER_RESOLVED = "reminder.resolved.v1"
OverrideAction = Literal["hold", "reopen", "deadline", "freeze"]


class PeriodOverride(Payload):
    """An operator's override of a period's calendar, kept as the audit trail (who, why, when)."""

    period: str = Field(pattern=PERIOD, description="the period overridden, YYYY-MM")
    action: OverrideAction = Field(
        description="hold: not frozen by the clock; reopen: the hold lifted; deadline / freeze: "
                    "the deadline passes or the period freezes now, or on the day given in `on`")
    by: str = Field(min_length=1, max_length=200, description="who: the operator's user or key id")
    reason: str = Field(min_length=1, max_length=1000, description="why, as given with --reason")
    at: AwareDatetime = Field(description="when the override was made")
    on: date | None = Field(default=None, description="deadline or freeze only: the day it moves to")
    force: bool = Field(default=False, description="confirms an override that cuts time short or "
                                                   "freezes a held period")

    @field_validator("by", "reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    @model_validator(mode="after")
    def _on_only_for_moves(self) -> Self:
        if self.on is not None and self.action not in ("deadline", "freeze"):
            raise ValueError(f"'on' moves a deadline or a freeze; a {self.action} takes none")
        return self


class MissingFigures(Payload):
    """One scheme of a reminder and the districts whose figures have not arrived."""

    scheme: str = Field(pattern=SLUG)
    name: Names = Field(description="the scheme's name in Hindi and English")
    districts: list[str] = Field(description="district ids without accepted figures, sorted")


class Reminder(Payload):
    """`deadline_approaching`: a department's figures due soon, and who has not sent them.

    Raised once per department, deadline and reminder day; resolved when every listed district
    has submitted (or the deadline has passed, when `missed_deadline` takes over)."""

    reminder_id: str = Field(description="deadline_approaching:<department>:<period>:<deadline day>:<days>")
    type: Literal["deadline_approaching"] = "deadline_approaching"
    status: Literal["open", "resolved"]
    department: str = Field(pattern=SLUG)
    period: str = Field(pattern=PERIOD)
    deadline: AwareDatetime = Field(description="when the deadline passes (midnight in India)")
    days_before: int = Field(ge=1, description="how many days before the deadline it was raised")
    missing: list[MissingFigures] = Field(description="per scheme, the districts still to submit")
    message: Names
    raised_at: AwareDatetime


class ScheduledInstant(Payload):
    """When a calendar event is due and whether it has been published."""

    at: AwareDatetime | None = Field(description="null while the period is held (freeze only)")
    scheduled: AwareDatetime = Field(description="what the clock alone would say")
    published: bool


class PeriodCalendarView(Payload):
    """A period's calendar as the console shows it (`GET /v1/calendar/{period}`)."""

    period: str = Field(pattern=PERIOD)
    deadline: ScheduledInstant
    freeze: ScheduledInstant
    meeting: date
    held: bool
    scheme_deadlines: dict[str, AwareDatetime] = Field(description="scheme id -> its deadline")
    missing: dict[str, list[str]] = Field(description="scheme id -> districts without accepted figures")
    overrides: list[PeriodOverride] = Field(description="the audit trail, oldest first")
