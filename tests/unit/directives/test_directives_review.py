"""The next minutes open with the compliance of the last meeting's directives: Kanpur Nagar's
three directives of 16 April 2026 followed through May and June."""

from __future__ import annotations

from typing import Any

import pytest

from services.reports.domain.directives.compliance import record
from services.reports.domain.directives.review import compliance_section, taken_up
from shared.events.directives import Directive
from shared.numbers import nth_time
from tests.unit.directives.directives_builders import MEETING_DAY, directive, ist, kanpur_directives


def followed_up() -> list[Directive]:
    """Social welfare complies, the CMO reports partial progress, Jal Nigam reports nothing."""
    made = {d.item.ref: d for d in kanpur_directives()}
    welfare = record(made["sc-postmatric-scholarship"], "complied", "1658 आवेदन निस्तारित।", "dswo",
                     ist(2026, 5, 5, 14), MEETING_DAY)
    cmo = record(made["jsy"], "partly", "नोटिस जारी, उत्तर प्रतीक्षित।", "cmo", ist(2026, 5, 8, 10), MEETING_DAY)
    return [welfare, cmo, made["jal-jeevan-mission"]]


def section_of(period: str, when: tuple[int, ...], directives: list[Directive] | None = None) -> dict[str, Any]:
    return compliance_section(followed_up() if directives is None else directives, period, ist(*when), MEETING_DAY)


def by_ref(section: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["item"]["ref"]: e for e in section["entries"]}


def test_aprils_minutes_show_all_three_of_marchs_directives_with_their_status_and_note() -> None:
    section = section_of("2026-04", (2026, 5, 10))
    entries = by_ref(section)
    assert list(entries) == ["jal-jeevan-mission", "jsy", "sc-postmatric-scholarship"]  # open, partly, complied
    assert section["last_meeting"] == "2026-04-16"
    assert section["counts"] == {"not_complied": 0, "open": 1, "partly": 1, "complied": 1}
    jsy = entries["jsy"]
    assert (jsy["status"], jsy["times"], jsy["times_text"], jsy["overdue"]) == ("partly", 1, None, False)
    assert jsy["note"] == {"status": "partly", "text": "नोटिस जारी, उत्तर प्रतीक्षित।", "by": "cmo",
                           "at": "2026-05-08T10:00:00+05:30"}
    assert (jsy["due"], jsy["officer"]["en"]) == ("2026-05-16", "Chief Medical Officer")
    assert entries["sc-postmatric-scholarship"]["carried_forward"] is False
    assert entries["jal-jeevan-mission"]["carried_forward"] is True


def test_mays_minutes_carry_the_two_not_complied_with_for_the_second_time() -> None:
    entries = by_ref(section_of("2026-05", (2026, 6, 5)))
    assert list(entries) == ["jal-jeevan-mission", "jsy"]  # the complied one is done with
    jjm = entries["jal-jeevan-mission"]
    assert (jjm["times"], jjm["misses"], jjm["overdue"], jjm["due"]) == (2, 1, True, "2026-06-16")
    assert jjm["times_text"] == {"hi": "दूसरी बार", "en": "second time"}


def test_junes_minutes_carry_them_again_with_the_counter_grown() -> None:
    section = section_of("2026-06", (2026, 7, 1))
    jjm = by_ref(section)["jal-jeevan-mission"]
    assert (jjm["times"], jjm["misses"], jjm["times_text"]["hi"]) == (3, 2, "तीसरी बार")
    officers = {o["officer"]["en"]: o for o in section["officers"]}
    assert officers["Executive Engineer, Jal Nigam (Rural)"]["misses"] == 2
    assert officers["Chief Medical Officer"] == {"officer": officers["Chief Medical Officer"]["officer"],
                                                 "department": "medical-health", "misses": 2, "overdue": 1}


def test_a_directive_complied_with_after_the_last_meeting_is_shown_complied_once_more() -> None:
    late = record(directive(), "complied", "पूर्ण।", "cmo", ist(2026, 5, 20), MEETING_DAY)  # after 16 May
    assert by_ref(section_of("2026-05", (2026, 6, 5), [late]))["jsy"]["status"] == "complied"
    assert section_of("2026-06", (2026, 7, 5), [late])["entries"] == []


def test_only_earlier_meetings_directives_are_taken_up() -> None:
    d = directive(period="2026-03")
    assert not taken_up(d, "2026-03", MEETING_DAY) and not taken_up(d, "2026-02", MEETING_DAY)
    assert taken_up(d, "2026-04", MEETING_DAY) and taken_up(d, "2027-01", MEETING_DAY)


def test_a_months_first_directives_have_no_section_entries_before_them() -> None:
    assert section_of("2026-03", (2026, 4, 1))["entries"] == []


def test_the_nth_time_is_worded_in_words_to_ten_then_in_figures() -> None:
    assert [nth_time(n, "hi") for n in (1, 2, 3, 5, 10, 11, 21)] == [
        "पहली बार", "दूसरी बार", "तीसरी बार", "पाँचवीं बार", "दसवीं बार", "11वीं बार", "21वीं बार"]
    assert [nth_time(n, "en") for n in (2, 4, 11, 22)] == ["second time", "fourth time", "11th time", "22nd time"]
    with pytest.raises(ValueError, match="starts at 1"):
        nth_time(0, "hi")
