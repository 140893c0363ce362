"""Overdue in India's time, carried forward from meeting to meeting with a counter that never
decreases, and a closed directive never reopened."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.reports.domain.directives.carry import is_overdue, next_meeting_after, overdue_notices, roll
from services.reports.domain.directives.compliance import DirectiveRefused, record
from shared.events.directives import Directive
from tests.unit.directives.directives_builders import MEETING_DAY, directive, ist


def test_a_directive_is_overdue_once_its_due_day_has_ended_in_india() -> None:
    d = directive()  # due 16.05.2026
    assert not is_overdue(d, ist(2026, 5, 16, 23, 59), MEETING_DAY)
    assert not is_overdue(d, datetime(2026, 5, 16, 18, 29, tzinfo=UTC), MEETING_DAY)
    assert is_overdue(d, datetime(2026, 5, 16, 18, 30, tzinfo=UTC), MEETING_DAY)  # midnight in India


def test_a_missed_due_date_carries_the_directive_to_the_next_meeting() -> None:
    d = roll(directive(), ist(2026, 5, 17), MEETING_DAY)
    assert (d.misses, d.due, d.first_due, d.version) == (1, date(2026, 6, 16), date(2026, 5, 16), 2)
    later = roll(d, ist(2026, 6, 17), MEETING_DAY)
    assert (later.misses, later.due) == (2, date(2026, 7, 16))


def test_rolling_is_idempotent_and_never_goes_back() -> None:
    d = roll(directive(), ist(2026, 6, 17), MEETING_DAY)
    assert roll(d, ist(2026, 6, 17), MEETING_DAY) is d
    assert roll(d, ist(2026, 5, 1), MEETING_DAY) is d


def test_an_early_due_date_is_carried_to_the_next_meeting_after_it() -> None:
    d = roll(directive(due=date(2026, 4, 17)), ist(2026, 4, 18), MEETING_DAY)
    assert (d.misses, d.due) == (1, date(2026, 5, 16))


def test_the_next_meeting_after_a_day_across_the_year() -> None:
    assert next_meeting_after(date(2026, 5, 15), 16) == date(2026, 5, 16)
    assert next_meeting_after(date(2026, 5, 16), 16) == date(2026, 6, 16)
    assert next_meeting_after(date(2026, 12, 20), 16) == date(2027, 1, 16)


def test_a_complied_directive_is_not_overdue_nor_carried() -> None:
    done = record(directive(), "complied", "नोटिस जारी।", "cdo", ist(2026, 5, 2), MEETING_DAY)
    assert not is_overdue(done, ist(2027, 1, 1), MEETING_DAY) and roll(done, ist(2027, 1, 1), MEETING_DAY) is done


def test_partly_complied_is_still_overdue() -> None:
    partly = record(directive(), "partly", "आधा कार्य हुआ।", "cdo", ist(2026, 5, 2), MEETING_DAY)
    assert is_overdue(partly, ist(2026, 5, 17), MEETING_DAY)


def test_each_miss_is_one_notice_and_a_publisher_back_late_notices_the_latest() -> None:
    jsy, jjm = directive("jsy"), directive("jal-jeevan-mission")
    done = record(jjm, "complied", "सत्यापन पूर्ण।", "xen", ist(2026, 5, 10), MEETING_DAY)
    [notice] = overdue_notices([jsy, done], ist(2026, 5, 17), MEETING_DAY)
    assert (notice.miss, notice.to_state, notice.directive.directive_id) == (1, "scheme:jsy:1", jsy.directive_id)
    [later] = overdue_notices([jsy], ist(2026, 7, 1), MEETING_DAY)
    assert later.miss == 2 and later.to_state == "scheme:jsy:2"
    assert overdue_notices([jsy], ist(2026, 5, 16, 12), MEETING_DAY) == []


actions = st.lists(st.tuples(st.timedeltas(timedelta(0), timedelta(days=70)),
                             st.sampled_from(["roll", "partly", "complied", "not_complied", "open"])), max_size=12)


@given(actions, st.sampled_from([date(2026, 4, 17), None]))
def test_counters_never_decrease_and_a_closed_directive_is_never_reopened(
        steps: list[tuple[timedelta, str]], due: date | None) -> None:
    d: Directive = directive(due=due)
    now = ist(2026, 4, 16, 12)
    for gap, action in steps:
        now += gap
        before = d
        try:
            d = roll(d, now, MEETING_DAY) if action == "roll" else record(d, action, "टिप्पणी", "dm", now, MEETING_DAY)
        except DirectiveRefused as refusal:
            assert refusal.status in (409, 422)
            assert (refusal.status == 409) == before.closed or action == "open"
        assert d.misses >= before.misses and d.version >= before.version and len(d.notes) >= len(before.notes)
        assert d.notes[: len(before.notes)] == before.notes
        if before.closed:
            assert d == before
        assert d.version == 1 + d.misses + len(d.notes)
        assert d.status == (d.notes[-1].status if d.notes else "open")
