"""What the district records of its meeting for the final copy: the letter number (पत्रांक)
and issue date of the minutes, and who attended and who was absent.

The real minutes (Kanpur Nagar, March 2026) place them so: an officer's absence, or who came
from a department in the officer's stead, is said in that department's section; the letter
number and date follow the signature, above the copy list. Attendance that belongs to no
section of the minutes is stated once after the summary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.reports.domain.language import language_of
from shared.catalog import Scheme
from shared.numbers import long_date_text


@dataclass(frozen=True)
class Attendee:
    """One officer as recorded: designation, optionally a name and the department they speak for."""

    officer: str
    name: str | None = None
    department: str | None = None
    present: bool = True
    on_leave: bool = False  # absent with leave sanctioned


@dataclass(frozen=True)
class MeetingRecord:
    letter_number: str | None = None
    issue_date: date | None = None
    attendees: tuple[Attendee, ...] = ()


def officer_names(officer: str, schemes: Iterable[Scheme]) -> dict[str, str | None]:
    """The designation in both languages when it is a catalogue officer's (as typed in either
    language); otherwise as recorded, in both places, with the language it was written in."""
    wanted = officer.strip().casefold()
    for scheme in schemes:
        names = scheme.officer
        if wanted in (names.hi.strip().casefold(), names.en.strip().casefold()):
            return {"hi": names.hi, "en": names.en, "recorded_in": None}
    return {"hi": officer, "en": officer, "recorded_in": language_of(officer)}


def attendee(entry: Attendee, schemes: Sequence[Scheme]) -> dict[str, Any]:
    return {"officer": officer_names(entry.officer, schemes), "name": entry.name,
            "name_lang": language_of(entry.name), "department": entry.department,
            "present": entry.present, "on_leave": entry.on_leave}


def meeting(record: MeetingRecord | None, schemes: Sequence[Scheme], sectioned: set[str]) -> dict[str, Any]:
    """The meeting block of the minutes: letter number and issue date, and the attendance
    that no department section carries (`general`)."""
    record = record or MeetingRecord()
    day = record.issue_date
    return {
        "letter_number": record.letter_number,
        "letter_number_lang": language_of(record.letter_number),
        "issue_date": day.isoformat() if day else None,
        "issue_date_text": {"hi": long_date_text(day, "hi"), "en": long_date_text(day, "en")} if day else None,
        "general": [attendee(a, schemes) for a in record.attendees if a.department not in sectioned],
    }


def section_attendance(record: MeetingRecord | None, department: str,
                       schemes: Sequence[Scheme]) -> list[dict[str, Any]]:
    """The attendance recorded for one department, for its section."""
    return [attendee(a, schemes) for a in (record.attendees if record else ()) if a.department == department]


def record_from(doc: Mapping[str, Any] | None) -> MeetingRecord | None:
    """The stored record (reports_meetings) as the domain reads it."""
    if not doc:
        return None
    issue = doc.get("issue_date")
    people = [Attendee(officer=a["officer"], name=a.get("name"), department=a.get("department"),
                       present=present, on_leave=bool(a.get("on_leave")))
              for present, key in ((True, "present"), (False, "absent")) for a in doc.get(key) or ()]
    return MeetingRecord(letter_number=doc.get("letter_number"),
                         issue_date=date.fromisoformat(issue) if issue else None, attendees=tuple(people))
