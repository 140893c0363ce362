"""The minutes workflow's forms (pure): what the directives form and the meeting form send the
reports API, read from the fields a browser posts, and what they show again from a version of
the minutes. Bad input raises FormProblem naming the field and the reason."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

MAX_DIRECTIVE = 4000
MAX_GENERAL = 20  # the reports API's `<period>:general:<n>`, n from 1 to 20
MAX_ROWS = 200
BLANK_ROWS = 4  # empty attendance rows offered below the recorded ones
_PARAGRAPHS = re.compile(r"\n\s*\n")
Attendance = Literal["present", "absent", "leave"]


class FormProblem(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason = field, reason


def items_of(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for s in doc.get("sections", []) for i in s.get("items", [])]


def general_texts(doc: Mapping[str, Any]) -> str:
    """The meeting's general directives as the form shows them: one paragraph each."""
    return "\n\n".join(g["text"] for g in doc.get("general_directives", []))


def directives_body(form: Mapping[str, str], doc: Mapping[str, Any]) -> dict[str, str]:
    """`PUT …/directives`: every item's directive as typed (empty clears it), and the general
    directives, one per paragraph (those no longer typed are cleared)."""
    body: dict[str, str] = {}
    for item in items_of(doc):
        text = form.get(f"item:{item['item_id']}")
        if text is not None:
            body[item["item_id"]] = _text(f"item:{item['item_id']}", text)
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(form.get("general", "").replace("\r\n", "\n")) if p.strip()]
    if len(paragraphs) > MAX_GENERAL:
        raise FormProblem("general", f"at most {MAX_GENERAL} paragraphs")
    period = doc["period"]
    before = len(doc.get("general_directives", []))
    for n in range(1, max(len(paragraphs), before) + 1):
        body[f"{period}:general:{n}"] = _text("general", paragraphs[n - 1]) if n <= len(paragraphs) else ""
    return body


def _text(field: str, text: str) -> str:
    text = text.strip()
    if len(text) > MAX_DIRECTIVE:
        raise FormProblem(field, f"at most {MAX_DIRECTIVE} characters")
    return text


@dataclass(frozen=True)
class Row:
    """One officer on the meeting form."""

    officer: str = ""
    name: str = ""
    department: str = ""
    attendance: Attendance = "present"


def recorded_rows(doc: Mapping[str, Any], lang: str) -> list[Row]:
    """The attendance recorded in a version (after the summary and in the sections), as rows;
    a catalogue officer's designation in the page's language."""
    meeting = doc.get("meeting") or {}
    people = [*meeting.get("general", []), *(a for s in doc.get("sections", []) for a in s.get("attendance", []))]
    rows = []
    for a in people:
        officer = a.get("officer") or {}
        designation = officer.get(lang) if not officer.get("recorded_in") else officer.get("hi")
        attendance: Attendance = "present" if a.get("present", True) else ("leave" if a.get("on_leave") else "absent")
        rows.append(Row(designation or "", a.get("name") or "", a.get("department") or "", attendance))
    return rows


def meeting_body(form: Mapping[str, str], departments: Sequence[str]) -> dict[str, Any]:
    """`PUT …/meeting` from the meeting form: the letter number, the issue date and every row
    with a designation (a row with only a name or a department is refused, naming it)."""
    issue = form.get("issue_date", "").strip()
    if issue:
        try:
            date.fromisoformat(issue)
        except ValueError:
            raise FormProblem("issue_date", "a date such as 2026-04-23") from None
    present: list[dict[str, Any]] = []
    absent: list[dict[str, Any]] = []
    for i in range(MAX_ROWS):
        officer, name = form.get(f"officer_{i}", "").strip(), form.get(f"name_{i}", "").strip()
        department, attendance = form.get(f"department_{i}", "").strip(), form.get(f"attendance_{i}", "present")
        if not officer:
            if name or department:
                raise FormProblem(f"officer_{i}", "the designation is required on a row with a name or department")
            continue
        if department and department not in departments:
            raise FormProblem(f"department_{i}", f"unknown department {department!r}")
        if attendance not in ("present", "absent", "leave"):
            raise FormProblem(f"attendance_{i}", "present, absent or on leave")
        for field, value in ((f"officer_{i}", officer), (f"name_{i}", name)):
            if len(value) > 200:
                raise FormProblem(field, "at most 200 characters")
        person: dict[str, Any] = {"officer": officer, "name": name or None, "department": department or None}
        if attendance == "present":
            present.append(person)
        else:
            absent.append({**person, "on_leave": attendance == "leave"})
    letter = form.get("letter_number", "").strip()
    if len(letter) > 200:
        raise FormProblem("letter_number", "at most 200 characters")
    return {"letter_number": letter or None, "issue_date": issue or None, "present": present, "absent": absent}


def missing(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What the final copy would lack, for the confirmation: the letter number, the issue date,
    any attendance, and the items without a directive."""
    meeting = doc.get("meeting") or {}
    attendance = bool(meeting.get("general")) or any(s.get("attendance") for s in doc.get("sections", []))
    return {"letter_number": not meeting.get("letter_number"), "issue_date": not meeting.get("issue_date"),
            "attendance": not attendance, "items": [i for i in items_of(doc) if not i.get("directive")]}
