"""Recording compliance: open → partly / not_complied → complied, closed for good; refusals with
the HTTP status, field and reason."""

from __future__ import annotations

from datetime import date

import pytest

from services.reports.domain.directives.compliance import DirectiveRefused, find, record
from shared.events.directives import Directive, event_id
from tests.unit.directives.directives_builders import MEETING_DAY, directive, ist


def report(d: Directive, status: str, text: str = "कार्यवाही की गयी।", by: str = "dm-kanpur-nagar",
           when: tuple[int, ...] = (2026, 4, 20, 11)) -> Directive:
    return record(d, status, text, by, ist(*when), MEETING_DAY)


def refused(d: Directive, status: str, text: str = "कार्यवाही की गयी।", by: str = "dm",
            when: tuple[int, ...] = (2026, 4, 20)) -> DirectiveRefused:
    with pytest.raises(DirectiveRefused) as caught:
        report(d, status, text, by, when)
    return caught.value


def test_a_note_says_who_when_and_what_and_sets_the_status() -> None:
    d = report(directive(), "partly", " 40 में से 25 आवेदन निस्तारित। ", by=" cdo ")
    [note] = d.notes
    assert (d.status, note.text, note.by, note.at) == ("partly", "40 में से 25 आवेदन निस्तारित।", "cdo",
                                                       ist(2026, 4, 20, 11))
    assert d.version == 2 and event_id(d) != event_id(directive())


def test_partly_then_complied_closes_the_directive() -> None:
    d = report(report(directive(), "partly"), "complied", when=(2026, 5, 2))
    assert d.status == "complied" and d.closed and [n.status for n in d.notes] == ["partly", "complied"]


def test_not_complied_may_be_followed_by_progress_and_compliance() -> None:
    d = report(directive(), "not_complied", "सत्यापन नहीं किया गया।")
    d = report(report(d, "partly", when=(2026, 4, 25)), "complied", when=(2026, 4, 28))
    assert d.status == "complied"


def test_closed_is_closed() -> None:
    done = report(directive(), "complied", by="cmo-office", when=(2026, 4, 30, 2))  # 29 April in UTC
    for status in ("complied", "partly", "not_complied", "open"):
        refusal = refused(done, status, when=(2026, 5, 1))
        assert (refusal.status, refusal.code, refusal.field) == (409, "closed", "status")
    assert "complied with on 2026-04-30 (recorded by cmo-office)" in refusal.message


def test_a_directive_cannot_be_reported_open_again() -> None:
    refusal = refused(report(directive(), "partly"), "open")
    assert (refusal.status, refusal.field, refusal.code) == (422, "status", "invalid_status")
    assert refused(directive(), "done").code == "invalid_status"


@pytest.mark.parametrize(("text", "by", "field", "code"), [
    ("   ", "dm", "text", "blank"), ("x" * 2001, "dm", "text", "too_long"), ("ok", " ", "by", "invalid"),
    ("ok", "d" * 201, "by", "invalid"),
])
def test_a_note_needs_a_text_and_an_author(text: str, by: str, field: str, code: str) -> None:
    refusal = refused(directive(), "partly", text, by)
    assert (refusal.status, refusal.field, refusal.code) == (422, field, code)


def test_a_note_before_the_meeting_that_gave_the_directive_is_refused() -> None:
    refusal = refused(directive(), "partly", when=(2026, 4, 15, 23))
    assert (refusal.status, refusal.field, refusal.code) == (422, "at", "before_directive")


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="at must be a timezone-aware"):
        record(directive(), "partly", "x", "dm", ist(2026, 4, 20).replace(tzinfo=None), MEETING_DAY)


def test_compliance_on_an_unknown_directive_is_404() -> None:
    known = {directive().directive_id: directive()}
    assert find(known, "kanpur-nagar:2026-03:scheme:jsy") == directive()
    with pytest.raises(DirectiveRefused) as caught:
        find(known, "kanpur-nagar:2026-03:scheme:nope")
    assert (caught.value.status, caught.value.code, caught.value.field) == (404, "unknown_directive", "directive_id")


def test_a_late_compliance_counts_the_due_dates_missed_before_it() -> None:
    d = report(directive(), "complied", when=(2026, 6, 20))  # due 16.05, carried to 16.06, both missed
    assert (d.misses, d.due, d.first_due, d.version) == (2, date(2026, 7, 16), date(2026, 5, 16), 4)
