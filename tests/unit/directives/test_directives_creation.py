"""Final minutes turn each directive into a tracked action, once."""

from __future__ import annotations

from datetime import date

import pytest

from services.reports.domain.boilerplate import GENERAL_OFFICER
from services.reports.domain.directives.creation import directives_of, given_in_minutes, new_directives
from shared.events.directives import Directive, event_id
from tests.unit.directives.directives_builders import (
    CMO,
    MEETING_DAY,
    directive,
    kanpur_directives,
    kanpur_final_minutes,
)


def test_minutes_finalised_with_three_directives_give_three_tracked_actions() -> None:
    made = {d.item.ref: d for d in kanpur_directives()}
    assert sorted(made) == ["jal-jeevan-mission", "jsy", "sc-postmatric-scholarship"]
    jsy = made["jsy"]
    assert jsy.directive_id == "kanpur-nagar:2026-03:scheme:jsy"
    assert (jsy.district, jsy.period) == ("kanpur-nagar", "2026-03")
    assert (jsy.item.kind, jsy.item.item_id) == ("scheme", "2026-03:jsy")
    assert jsy.text == "मुख्य चिकित्सा अधिकारी को कारण बताओ नोटिस जारी किया जाये।"
    assert (jsy.officer, jsy.department) == (CMO, "medical-health")  # the catalogue's officer, via the item
    assert (jsy.given_on, jsy.first_due, jsy.due) == (date(2026, 4, 16), date(2026, 5, 16), date(2026, 5, 16))
    assert (jsy.status, jsy.misses, jsy.notes, jsy.version) == ("open", 0, (), 1)


def test_finalising_twice_creates_nothing_new_and_keeps_what_was_recorded() -> None:
    first, again = kanpur_directives(), kanpur_directives()
    assert first == again and [event_id(d) for d in first] == [event_id(d) for d in again]
    assert new_directives({d.directive_id for d in first}, again) == []
    assert [d.item.ref for d in new_directives({first[0].directive_id}, again)] == [d.item.ref for d in first[1:]]


def test_items_without_a_directive_are_not_tracked() -> None:
    doc = kanpur_final_minutes({"2026-03:jsy": "   "})
    assert directives_of(doc, MEETING_DAY) == []


def test_a_draft_gives_no_tracked_directives() -> None:
    with pytest.raises(ValueError, match="not final"):
        directives_of(kanpur_final_minutes(status="draft"), MEETING_DAY)


def test_the_meeting_date_comes_from_the_minutes_header_and_else_from_the_rule() -> None:
    doc = kanpur_final_minutes()
    moved = {**doc, "header": {**doc["header"], "meeting_date": "2026-04-18"}}
    assert {d.given_on for d in directives_of(moved, MEETING_DAY)} == {date(2026, 4, 18)}
    bare = {k: v for k, v in doc.items() if k != "header"}
    assert {d.given_on for d in directives_of(bare, 20)} == {date(2026, 4, 20)}
    assert {d.first_due for d in directives_of(bare, 20)} == {date(2026, 5, 20)}


def test_works_and_general_directives_are_tracked_with_their_officers() -> None:
    doc = {"district": "kanpur-nagar", "period": "2026-03", "status": "final",
           "sections": [{"department": "pwd", "items": [
               {"item_id": "2026-03:work:w-17", "work": "w-17", "directive": "कार्य 30 जून तक पूर्ण करें।",
                "officer": {"hi": "अधिशासी अभियन्ता, लो.नि.वि.", "en": "Executive Engineer, PWD"}}]}],
           "general_directives": [{"key": "1", "text": "अभिनव कार्यों की सूचना दें।",
                                   "officer": {"hi": "जिला अर्थ एवं संख्याधिकारी", "en": "District Statistics Officer"}},
                                  {"key": "2", "text": "समस्त अधिकारी समय पर उपस्थित हों।"}, {"key": "3", "text": ""}]}
    work, statistics, everyone = directives_of(doc, MEETING_DAY)
    assert (work.item.kind, work.item.ref, work.department) == ("work", "w-17", "pwd")
    assert work.directive_id == "kanpur-nagar:2026-03:work:w-17"
    assert (statistics.item.kind, statistics.item.item_id) == ("general", "2026-03:general:1")
    assert statistics.officer.en == "District Statistics Officer" and everyone.officer == GENERAL_OFFICER
    assert len(given_in_minutes(doc)) == 3


def test_an_explicit_due_date_stands_but_not_one_before_the_meeting() -> None:
    assert directive(due=date(2026, 4, 17)).due == date(2026, 4, 17)  # "by the forenoon of 17.04.2026"
    with pytest.raises(ValueError, match="before the meeting"):
        directive(due=date(2026, 4, 15))


def test_a_stored_record_reads_back_the_same() -> None:
    made = kanpur_directives()[0]
    stored = made.model_dump(mode="json")
    assert stored["status"] == "open" and stored["version"] == 1
    assert Directive.read(stored) == made
