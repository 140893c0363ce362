"""`deadline_approaching`: each department reminded 3 and 1 days before its deadline of the
districts that have not submitted, once each, and resolved as figures arrive."""

from __future__ import annotations

from datetime import UTC

from shared.calendar.reminders import missing_figures, outstanding, reminder_id, reminders_due
from shared.calendar.rules import CalendarRules
from tests.unit.calendar.calendar_builders import DISTRICTS, RULES, calendar_of, ist, on, override

NONE_SENT: frozenset[str] = frozenset()
ALL = {(s, d) for s in ("scholarship", "pension", "jsy") for d in DISTRICTS}


def due_at(now_day: int, submitted: set[tuple[str, str]] | None = None, sent: frozenset[str] = NONE_SENT,
           rules: CalendarRules = RULES, hour: int = 0) -> list[tuple[str, int]]:
    found = reminders_due(calendar_of("2026-03"), rules, DISTRICTS, submitted or set(), sent,
                          ist(2026, 3, now_day, hour))
    return [(r.department, r.days_before) for r in found]


def test_three_days_before_the_25th_every_department_with_figures_missing_is_reminded() -> None:
    assert due_at(22, hour=23) == []  # pension (the 20th) is past: missed_deadline's business now
    assert due_at(23) == [("medical-health", 3), ("social-welfare", 3)]


def test_the_reminder_names_each_scheme_and_the_districts_still_to_submit() -> None:
    [jsy, welfare] = reminders_due(calendar_of("2026-03"), RULES, DISTRICTS, {("jsy", "agra"), ("scholarship", "agra")},
                                   NONE_SENT, ist(2026, 3, 23, 9))
    assert jsy.missing == (("jsy", ("kanpur-nagar", "lucknow")),)
    assert welfare.missing == (("scholarship", ("kanpur-nagar", "lucknow")),)
    assert (welfare.deadline_at, welfare.at) == (ist(2026, 3, 26), ist(2026, 3, 23))
    assert welfare.id == "deadline_approaching:social-welfare:2026-03:2026-03-25:3"


def test_a_department_that_has_everything_in_is_not_reminded() -> None:
    assert due_at(23, submitted=ALL - {("jsy", "agra")}) == [("medical-health", 3)]


def test_each_reminder_is_sent_once_and_one_day_before_comes_the_second() -> None:
    sent = frozenset({reminder_id("medical-health", "2026-03", ist(2026, 3, 26), 3),
                      reminder_id("social-welfare", "2026-03", ist(2026, 3, 26), 3)})
    assert due_at(24, sent=sent) == []
    assert due_at(25, sent=sent) == [("medical-health", 1), ("social-welfare", 1)]


def test_a_publisher_back_late_sends_the_nearest_reminder_only_and_none_after_the_deadline() -> None:
    assert due_at(25, hour=8) == [("medical-health", 1), ("social-welfare", 1)]
    assert due_at(26) == []


def test_the_earlier_scheme_deadline_has_its_own_reminders() -> None:
    [pension] = reminders_due(calendar_of("2026-03"), RULES, DISTRICTS, set(), NONE_SENT, ist(2026, 3, 18))
    assert (pension.department, pension.deadline_at, pension.missing[0][0]) == (
        "social-welfare", ist(2026, 3, 21), "pension")


def test_reminder_days_are_configurable() -> None:
    week = reminders_due(calendar_of("2026-03"), CalendarRules(reminder_days=(7,)), DISTRICTS, set(), NONE_SENT,
                         ist(2026, 3, 19))
    assert [(r.department, r.days_before, r.deadline_at.day) for r in week] == [
        ("medical-health", 7, 26), ("social-welfare", 7, 21), ("social-welfare", 7, 26)]


def test_an_extended_deadline_is_reminded_anew_before_its_new_day() -> None:
    cal = calendar_of("2026-03", override("deadline", on=on(2026, 3, 31)))
    [r1, r2] = reminders_due(cal, RULES, DISTRICTS, set(), NONE_SENT, ist(2026, 3, 31, 10))
    assert {r1.days_before, r2.days_before} == {1} and r1.id.endswith(":2026-03-31:1")


def test_as_figures_arrive_the_reminder_shrinks_and_resolves() -> None:
    [jsy, _] = reminders_due(calendar_of("2026-03"), RULES, DISTRICTS, set(), NONE_SENT, ist(2026, 3, 23))
    partly = outstanding(jsy, {("jsy", "agra")})
    assert partly.missing == (("jsy", ("kanpur-nagar", "lucknow")),) and not partly.resolved
    assert outstanding(partly, {("jsy", "kanpur-nagar"), ("jsy", "lucknow")}).resolved


def test_missing_figures_per_scheme_for_the_console() -> None:
    cal = calendar_of("2026-03")
    assert missing_figures(cal.deadlines, DISTRICTS, ALL - {("pension", "lucknow")}) == (("pension", ("lucknow",)),)
    assert missing_figures(cal.deadlines, DISTRICTS, ALL) == ()


def test_a_reminder_id_names_the_last_day_to_submit_in_india_whatever_zone_the_deadline_is_in() -> None:
    deadline = ist(2026, 3, 26)
    assert reminder_id("d", "2026-03", deadline.astimezone(UTC), 3) == "deadline_approaching:d:2026-03:2026-03-25:3"
