"""The body of `PUT /v1/minutes/{district}/{period}/meeting`: what the meeting recorded for the
final copy — letter number, issue date, officers present and absent."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from shared.http import error
from shared.suggest import UnknownId, check_known

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Officer(BaseModel):
    """An officer as the meeting recorded them."""

    model_config = ConfigDict(extra="forbid")
    officer: Text = Field(description="designation, e.g. जिला समाज कल्याण अधिकारी (a catalogue officer's "
                          "designation is printed in each language's own words)")
    name: Text | None = None
    department: str | None = Field(default=None, max_length=80, description="the department (catalogue id) "
                                   "they answer for: its section of the minutes mentions them")
    on_leave: bool = Field(default=False, description="absent with leave sanctioned (absent officers only)")


class MeetingRequest(BaseModel):
    """The meeting's record for the final copy; each PUT replaces the previous one."""

    model_config = ConfigDict(extra="forbid")
    letter_number: Text | None = Field(default=None, description="पत्रांक, e.g. 102 / मा0मु0मं0समी0बै0कार्य / 2026-27")
    issue_date: date | None = Field(default=None, description="the date the minutes are issued (YYYY-MM-DD)")
    present: list[Officer] = Field(default=[], max_length=200)
    absent: list[Officer] = Field(default=[], max_length=200)

    @field_validator("present")
    @classmethod
    def _present_are_not_on_leave(cls, people: list[Officer]) -> list[Officer]:
        if any(p.on_leave for p in people):
            raise ValueError("on_leave is for absent officers")
        return people


def unknown_departments(body: MeetingRequest, departments: Collection[str]) -> list[dict[str, str]]:
    """An error, naming the field and the nearest ids, for each department the catalogue lacks."""
    problems = []
    for key, people in (("present", body.present), ("absent", body.absent)):
        for i, person in enumerate(people):
            try:
                check_known("department", [person.department] if person.department else [], departments)
            except UnknownId as exc:
                problems.append(error(f"{key}.{i}.department", "unknown_department", str(exc)))
    return problems
