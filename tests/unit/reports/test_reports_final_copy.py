"""The final copy a CDO signs: no blank directive lines, the letter number and issue date after
the signature, attendance where the district's minutes put it, KPIs in their own terms, and
free text in the other language marked as such."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any

import pytest

from services.reports.domain.language import language_of
from services.reports.domain.meeting_record import Attendee, MeetingRecord, record_from
from services.reports.domain.minutes import assemble
from services.reports.rendering import render_minutes
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

RECORD = MeetingRecord(
    letter_number="102 / मा0मु0मं0समी0बै0कार्य / 2026-27", issue_date=date(2026, 4, 23),
    attendees=(Attendee("जिला समाज कल्याण अधिकारी", department="social-welfare", present=False),
               Attendee("अधीक्षक, समाज कल्याण", name="श्री ज्ञानेन्द्र", department="social-welfare"),
               Attendee("Chief Medical Officer", department="medical-health", present=False, on_leave=True),
               Attendee("जिला सूचना अधिकारी")))
DIRECTIVES = {"2026-03:sc-postmatric-scholarship": "कारण बताओ नोटिस जारी किया जाये।",
              "2026-03:jsy": "Issue a show-cause notice to the CMO."}


# February's counted figures of the post-matric scholarship: 95.5 % of applications disposed of.
FEBRUARY = {"applications_received": 25000, "pending_institution": 500, "pending_pfms": 600, "pending_university": 25}


def doc(status: str = "final", record: MeetingRecord | None = RECORD) -> dict[str, Any]:
    inp = kanpur_march_2026()
    standings = tuple(dataclasses.replace(s, previous_figures=FEBRUARY) if s.scheme.id == "sc-postmatric-scholarship"
                      else s for s in inp.standings)
    assembled = assemble(dataclasses.replace(inp, standings=standings, record=record, directives=DIRECTIVES))
    return {**assembled, "status": status, "version": 4}


def text(document: dict[str, Any], lang: str, fmt: str) -> str:
    return render_minutes(document, lang, fmt).decode("utf-8")  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_final_minutes_print_no_directive_line_under_an_item_without_one(lang: str) -> None:
    label = {"hi": "निर्देश", "en": "Directive"}[lang]
    final, draft = text(doc(), lang, "md"), text(doc("draft"), lang, "md")
    assert "……" not in final
    assert len(re.findall(rf"^{label}[^\n]*:", final, re.M)) == len(DIRECTIVES)
    assert len(re.findall(rf"^{label}[^\n]*: …", draft, re.M)) == 8  # a draft keeps the blanks to fill in
    html = text(doc(), lang, "html")
    assert 'class="blank"' not in html and html.count('class="directive"') == len(DIRECTIVES)


def test_the_letter_number_and_issue_date_follow_the_signature_above_the_copy_list() -> None:
    hindi = text(doc(), "hi", "md")
    signature = hindi.index("मुख्य विकास अधिकारी,  \nकानपुर नगर।")
    letter = hindi.index("पत्रांक 102 / मा0मु0मं0समी0बै0कार्य / 2026-27")
    assert signature < hindi.index("कार्यालय मुख्य विकास अधिकारी, कानपुर नगर") < letter
    assert letter < hindi.index("दिनांक: 23 अप्रैल, 2026") < hindi.index("प्रतिलिपि निम्नलिखित को")
    english = text(doc(), "en", "md")
    assert "Letter No. 102 / मा0मु0मं0समी0बै0कार्य / 2026-27 (in Hindi)" in english
    assert "Date: 23 April 2026" in english


def test_a_final_copy_without_a_recorded_letter_number_prints_no_blank_for_it() -> None:
    final, draft = text(doc(record=None), "hi", "md"), text(doc("draft", record=None), "hi", "md")
    assert "पत्रांक" not in final and "पत्रांक ……" in draft


def test_attendance_is_said_in_the_department_section_and_the_rest_after_the_summary() -> None:
    hindi = text(doc(), "hi", "md")
    social = hindi.index("## 01- समाज कल्याण विभाग -")
    absent = hindi.index("जिला समाज कल्याण अधिकारी बिना अवकाश स्वीकृत कराये अनुपस्थित पाये गये।")
    assert social < absent < hindi.index("**अनुसूचित जाति दशमोत्तर छात्रवृत्ति**")
    assert "उपस्थित: अधीक्षक, समाज कल्याण, श्री ज्ञानेन्द्र।" in hindi
    # Recorded in English, a catalogue officer prints in the document's own words.
    assert "मुख्य चिकित्सा अधिकारी अवकाश पर होने के कारण अनुपस्थित पाये गये।" in hindi
    general = hindi.index("बैठक में उपस्थित अन्य अधिकारी: जिला सूचना अधिकारी।")
    assert general < social
    english = text(doc(), "en", "md")
    assert "District Social Welfare Officer was absent without leave." in english
    assert "Also present: जिला सूचना अधिकारी (in Hindi)." in english


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_a_kpi_moves_in_its_own_terms_never_as_a_bare_score(lang: str) -> None:
    rendered = text(doc(), lang, "md") + text(doc(), lang, "html")
    assert not re.search(r"स्कोर|score", rendered, re.I)
    assert not re.search(r"\b0\.\d\d\b", rendered.split("##")[1])  # no 0–1 numbers in the items
    moved = {"hi": "आवेदनों का निस्तारण 95.5% से 91.25%", "en": "Applications disposed of, 95.5% → 91.25%"}[lang]
    assert moved in rendered


def test_a_directive_in_the_other_language_is_marked_as_such() -> None:
    english, hindi = text(doc(), "en", "md"), text(doc(), "hi", "md")
    assert "Directive (in Hindi): कारण बताओ नोटिस जारी किया जाये।" in english
    assert "Directive: Issue a show-cause notice to the CMO." in english
    assert "निर्देश (अंग्रेज़ी में): Issue a show-cause notice to the CMO." in hindi
    assert "निर्देश: कारण बताओ नोटिस जारी किया जाये।" in hindi
    assert "Last meeting's directive (in Hindi): नोडल अधिकारी से वार्ता कर प्रगति सुधारें।" in english


def test_a_version_stored_before_the_meeting_record_still_renders() -> None:
    old = doc()
    del old["meeting"]
    for section in old["sections"]:
        del section["attendance"]
        for item in section["items"]:
            del item["directive_lang"], item["previous_directive_lang"]
    assert "Directive (in Hindi): कारण बताओ" in text(old, "en", "md")


def test_the_language_of_free_text() -> None:
    assert language_of("कारण बताओ नोटिस") == "hi"
    assert language_of("Issue a notice") == "en"
    assert language_of("102 / 2026-27") is None and language_of(None) is None


def test_the_stored_record_reads_back_as_recorded() -> None:
    stored = {"letter_number": "7", "issue_date": "2026-04-23",
              "present": [{"officer": "CDO"}], "absent": [{"officer": "DSWO", "department": "social-welfare",
                                                         "on_leave": True}]}
    record = record_from(stored)
    assert record is not None and record.issue_date == date(2026, 4, 23)
    assert [(a.officer, a.present, a.on_leave) for a in record.attendees] == [("CDO", True, False),
                                                                              ("DSWO", False, True)]
    assert record_from(None) is None
