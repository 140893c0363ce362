"""A period's calendar in India's time: deadlines in the period's month, the freeze and the
meeting in the next, across month boundaries, February and the financial year's turn."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.calendar.rules import CalendarRules, deadline_date, freeze_date, meeting_date
from shared.calendar.schedule import SchemeDay, period_calendar, scheme_days
from shared.calendar.zone import aware, day_ends, day_starts, india_date, month_day
from shared.periods import financial_year
from tests.unit.calendar.calendar_builders import IST, RULES, SCHEMES, calendar_of, ist, utc
from tests.unit.reports.reports_builders import scheme


def test_march_is_due_by_the_25th_frozen_on_15_april_and_reviewed_on_16_april() -> None:
    cal = calendar_of("2026-03")
    assert cal.deadline_at == ist(2026, 3, 26)  # the 25th ends at midnight in India
    assert cal.freeze_at == ist(2026, 4, 15)  # the freeze day begins at midnight
    assert cal.meeting_on == date(2026, 4, 16)
    assert cal.deadline_at == utc(2026, 3, 25, 18, 30)  # the same instant on a server's UTC clock


def test_each_scheme_keeps_its_own_day_and_the_period_deadline_is_the_latest() -> None:
    cal = calendar_of("2026-03")
    by_scheme = {d.scheme: d.at for d in cal.deadlines}
    assert by_scheme == {"scholarship": ist(2026, 3, 26), "pension": ist(2026, 3, 21), "jsy": ist(2026, 3, 26)}
    assert cal.deadline_at == max(by_scheme.values())


def test_the_catalogue_gives_the_deadline_days_and_an_empty_catalogue_the_default() -> None:
    days = scheme_days([scheme("jsy", "medical-health", deadline_day=20), scheme("nsap", "social-welfare")])
    assert days == (SchemeDay("jsy", "medical-health", 20), SchemeDay("nsap", "social-welfare", 25))
    assert period_calendar("2026-03", (), RULES).deadline_at == ist(2026, 3, 26)


def test_december_freezes_and_meets_in_january_of_the_next_year() -> None:
    cal = calendar_of("2025-12")
    assert (cal.deadline_at, cal.freeze_at, cal.meeting_on) == (ist(2025, 12, 26), ist(2026, 1, 15), date(2026, 1, 16))


def test_march_closes_one_financial_year_and_is_reviewed_in_the_next() -> None:
    cal = calendar_of("2026-03")
    assert financial_year("2026-03") == "2025-26" and financial_year("2026-04") == "2026-27"
    assert india_date(cal.freeze_at or cal.deadline_at).month == 4


@pytest.mark.parametrize(("period", "day", "last"), [
    ("2026-02", 30, date(2026, 2, 28)), ("2028-02", 31, date(2028, 2, 29)), ("2026-04", 31, date(2026, 4, 30)),
    ("2026-01", 31, date(2026, 1, 31)), ("2026-02", 25, date(2026, 2, 25)),
])
def test_a_deadline_day_beyond_the_month_is_its_last_day(period: str, day: int, last: date) -> None:
    assert deadline_date(period, day) == last
    cal = period_calendar(period, (SchemeDay("s", "d", day),), RULES)
    assert cal.deadline_at == day_ends(last)


def test_a_day_of_the_month_starts_at_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        month_day(2026, 2, 0)


def test_a_meeting_on_the_first_freezes_on_the_periods_last_day() -> None:
    rules = CalendarRules(meeting_day=1)
    assert freeze_date("2026-02", rules) == date(2026, 2, 28)
    assert freeze_date("2026-03", CalendarRules(meeting_day=20, freeze_day=10)) == date(2026, 4, 10)


@pytest.mark.parametrize(("fields", "message"), [
    ({"meeting_day": 30}, "meeting_day must be between 1 and 28"),
    ({"meeting_day": 16, "freeze_day": 16}, "freeze_day .16. must come before meeting_day"),
    ({"reminder_days": (3, 3)}, "must not repeat"),
    ({"reminder_days": (0,)}, "reminder_days must be between 1 and 27"),
    ({"default_deadline_day": 32}, "default_deadline_day must be between 1 and 31"),
])
def test_rules_that_cannot_work_are_refused_naming_the_setting(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CalendarRules(**fields)  # type: ignore[arg-type]


def test_a_naive_instant_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="now must be a timezone-aware datetime"):
        aware(ist(2026, 3, 1).replace(tzinfo=None))


@given(st.integers(2000, 2100), st.integers(1, 12), st.integers(1, 31), st.integers(1, 28))
def test_deadline_comes_before_freeze_before_meeting_at_midnight_in_india(
        year: int, month: int, deadline: int, meeting: int) -> None:
    period = f"{year:04d}-{month:02d}"
    cal = period_calendar(period, (SchemeDay("s", "d", deadline),), CalendarRules(meeting_day=meeting))
    assert cal.freeze_at is not None
    assert cal.deadline_at <= cal.freeze_at < day_starts(cal.meeting_on)
    assert cal.meeting_on == meeting_date(period, meeting)
    assert day_starts(cal.meeting_on) - cal.freeze_at == timedelta(days=1)
    for instant in (cal.deadline_at, cal.freeze_at):
        local = instant.astimezone(IST)
        assert (local.hour, local.minute) == (0, 0)
    assert india_date(cal.deadline_at - timedelta(seconds=1)).month == month


def test_the_rules_default_to_the_minutes_meeting_day_and_reminders_3_and_1() -> None:
    rules = (RULES.meeting_day, RULES.freeze_day, RULES.reminder_days, RULES.default_deadline_day)
    assert rules == (16, None, (3, 1), 25)
    assert [s.day for s in SCHEMES] == [25, 20, 25]
