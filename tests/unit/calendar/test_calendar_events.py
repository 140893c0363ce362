"""The calendar's records and events: strict on what we emit, described for the AsyncAPI document."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.calendar.reminders import reminders_due
from shared.events.calendar import PeriodCalendarView, PeriodOverride, Reminder, ScheduledInstant
from tests.unit.calendar.calendar_builders import DISTRICTS, RULES, calendar_of, ist, override


def reminder_from_calendar() -> Reminder:
    [due, _] = reminders_due(calendar_of("2026-03"), RULES, DISTRICTS, set(), set(), ist(2026, 3, 23))
    return Reminder(
        reminder_id=due.id, status="open", department=due.department, period=due.period,
        deadline=due.deadline_at, days_before=due.days_before,
        missing=[{"scheme": s, "name": {"hi": s, "en": s}, "districts": list(ds)} for s, ds in due.missing],
        message={"hi": "3 दिन शेष", "en": "3 days left"}, raised_at=due.at)


def test_a_reminder_payload_from_a_due_reminder() -> None:
    data = reminder_from_calendar().model_dump(mode="json")
    assert data["type"] == "deadline_approaching" and data["deadline"] == "2026-03-26T00:00:00+05:30"
    assert data["missing"][0]["districts"] == list(DISTRICTS)
    assert Reminder.read(data | {"extra": 1}) == reminder_from_calendar()


def test_a_reminder_refuses_a_bad_department_or_day_count() -> None:
    data = reminder_from_calendar().model_dump(mode="json")
    for bad in ({"department": "Medical Health"}, {"days_before": 0}, {"status": "acknowledged"}):
        with pytest.raises(ValidationError):
            Reminder.read(data | bad)


def test_the_console_view_of_a_period_with_its_audit_trail() -> None:
    hold = override("hold")
    cal = calendar_of("2026-03", hold)
    view = PeriodCalendarView(
        period=cal.period, held=cal.held, meeting=cal.meeting_on,
        deadline=ScheduledInstant(at=cal.deadline_at, scheduled=cal.scheduled_deadline_at, published=True),
        freeze=ScheduledInstant(at=cal.freeze_at, scheduled=cal.scheduled_freeze_at, published=False),
        scheme_deadlines={d.scheme: d.at for d in cal.deadlines}, missing={"jsy": ["agra"]}, overrides=[hold])
    data = view.model_dump(mode="json")
    assert data["freeze"] == {"at": None, "scheduled": "2026-04-15T00:00:00+05:30", "published": False}
    assert data["overrides"][0]["reason"] == "portal outage" and data["held"] is True


def test_every_override_field_is_described() -> None:
    schema = PeriodOverride.model_json_schema()
    assert all("description" in prop for prop in schema["properties"].values())
