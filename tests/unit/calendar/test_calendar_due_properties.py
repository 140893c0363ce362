"""Properties of the due-events function over any period, trail of overrides and instants:
monotone in time, idempotent given what is published, and blind to the server's time zone."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from shared.calendar.due import DeadlineCheck, DueEvent, due_events, early_deadlines, period_event_id, watched_periods
from shared.calendar.reminders import reminders_due
from shared.calendar.schedule import PeriodCalendar
from shared.events.calendar import PeriodOverride
from shared.events.periods import DEADLINE_PASSED, FROZEN
from tests.unit.calendar.calendar_builders import DISTRICTS, IST, RULES, calendar_of

START, END = datetime(2025, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC)
ZONES = [ZoneInfo(z) for z in ("UTC", "Asia/Kolkata", "America/Los_Angeles", "Pacific/Kiritimati")]
instants = st.datetimes(START.replace(tzinfo=None), END.replace(tzinfo=None), timezones=st.just(UTC))
periods = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2025, 2026), st.integers(1, 12))


@st.composite
def overrides(draw: st.DrawFn, period: str) -> PeriodOverride:
    action = draw(st.sampled_from(["hold", "reopen", "deadline", "freeze"]))
    moves = action in ("deadline", "freeze") and draw(st.booleans())
    day = draw(st.dates(date(2025, 1, 1), date(2027, 12, 31))) if moves else None
    return PeriodOverride(period=period, action=action, by="op", reason="why", at=draw(instants), on=day,
                          force=draw(st.booleans()))


@st.composite
def calendars(draw: st.DrawFn) -> PeriodCalendar:
    period = draw(periods)
    return calendar_of(period, *draw(st.lists(overrides(period), max_size=4)))


def ids(events: Iterable[DueEvent | DeadlineCheck]) -> set[str]:
    return {e.id for e in events}


@given(calendars(), instants, st.timedeltas(timedelta(0), timedelta(days=120)),
       st.sets(st.sampled_from([DEADLINE_PASSED, FROZEN])))
def test_once_due_an_event_stays_due_until_it_is_published(
        cal: PeriodCalendar, now: datetime, later: timedelta, types: set[str]) -> None:
    published = {period_event_id(t, cal.period) for t in types}
    earlier = due_events(cal, published, now)
    assert set(earlier) <= set(due_events(cal, published, now + later))
    assert not ids(earlier) & published
    assert set(early_deadlines(cal, set(), now)) <= set(early_deadlines(cal, set(), now + later))


@given(calendars(), instants)
def test_publishing_what_is_due_leaves_nothing_due_and_asking_twice_changes_nothing(
        cal: PeriodCalendar, now: datetime) -> None:
    first = due_events(cal, frozenset(), now)
    assert due_events(cal, frozenset(), now) == first
    assert due_events(cal, ids(first), now) == []
    assert early_deadlines(cal, ids(early_deadlines(cal, frozenset(), now)), now) == []


@given(calendars(), instants, st.sampled_from(ZONES))
def test_the_answer_is_the_same_whatever_zone_now_is_written_in(cal: PeriodCalendar, now: datetime,
                                                                zone: ZoneInfo) -> None:
    local = now.astimezone(zone)
    assert due_events(cal, frozenset(), local) == due_events(cal, frozenset(), now)
    assert due_events(cal, frozenset(), now.astimezone(IST)) == due_events(cal, frozenset(), now)
    assert early_deadlines(cal, frozenset(), local) == early_deadlines(cal, frozenset(), now)
    assert reminders_due(cal, RULES, DISTRICTS, set(), set(), local) == reminders_due(
        cal, RULES, DISTRICTS, set(), set(), now)


@contextmanager
def server_zone(name: str) -> Iterator[None]:
    """The process's own zone, as a server configured for it would have it."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def test_a_server_in_any_zone_computes_the_same_calendar_and_events() -> None:
    instants_ = [datetime(2026, 3, 25, 18, 30, tzinfo=UTC) + timedelta(hours=h) for h in range(-30, 600, 7)]

    def answers() -> list[object]:
        cal = calendar_of("2026-03")
        return [cal, watched_periods("2026-02", instants_[0]),
                *[(due_events(cal, frozenset(), t), reminders_due(cal, RULES, DISTRICTS, set(), set(), t))
                  for t in instants_]]

    reference, local_hours = answers(), set()
    for zone in ("UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati", "Asia/Kolkata"):
        with server_zone(zone):
            local_hours.add(datetime.fromtimestamp(0).hour)  # the server's clock did change zone
            assert answers() == reference
    assert len(local_hours) == 5
