"""Which period events are due and not yet published, by a controlled clock: at the right
local instant, across a month boundary and a restart, the same for the operator's CLI."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from anushravan import admin
from shared.calendar.due import all_due, due_events, early_deadlines, period_event_id, watched_periods
from shared.events.periods import DEADLINE_PASSED, FROZEN
from tests.unit.calendar.calendar_builders import calendar_of, ist, on, override, utc

NOTHING: frozenset[str] = frozenset()
SECOND = timedelta(seconds=1)


def types(events: list[Any]) -> list[tuple[str, str]]:
    return [(e.type, e.period) for e in events]


def test_the_deadline_falls_due_at_midnight_after_the_25th_in_india() -> None:
    cal = calendar_of("2026-03")
    assert due_events(cal, NOTHING, ist(2026, 3, 26) - SECOND) == []
    [event] = due_events(cal, NOTHING, ist(2026, 3, 26))
    assert (event.type, event.period, event.at) == (DEADLINE_PASSED, "2026-03", ist(2026, 3, 26))
    assert event.id == period_event_id(DEADLINE_PASSED, "2026-03")


def test_a_utc_server_sees_the_deadline_at_18_30_the_day_before() -> None:
    cal = calendar_of("2026-03")
    assert due_events(cal, NOTHING, utc(2026, 3, 25, 18, 29)) == []
    assert types(due_events(cal, NOTHING, utc(2026, 3, 25, 18, 30))) == [(DEADLINE_PASSED, "2026-03")]


def test_the_freeze_falls_due_in_the_next_month_after_the_deadline() -> None:
    cal = calendar_of("2026-03")
    published = {period_event_id(DEADLINE_PASSED, "2026-03")}
    assert due_events(cal, published, ist(2026, 4, 14, 23, 59, 59)) == []
    assert types(due_events(cal, published, ist(2026, 4, 15))) == [(FROZEN, "2026-03")]


def test_a_publisher_down_over_both_publishes_the_deadline_before_the_freeze() -> None:
    assert types(due_events(calendar_of("2026-03"), NOTHING, ist(2026, 5, 1))) == [
        (DEADLINE_PASSED, "2026-03"), (FROZEN, "2026-03")]


def test_a_restart_recomputes_the_same_events_with_the_same_ids_and_times() -> None:
    now = ist(2026, 4, 15, 0, 0, 7)
    before = due_events(calendar_of("2026-03"), NOTHING, now)
    after_restart = due_events(calendar_of("2026-03"), NOTHING, now + timedelta(minutes=3))
    assert before == after_restart and [e.at for e in before] == [ist(2026, 3, 26), ist(2026, 4, 15)]


def test_what_is_published_is_not_due_again() -> None:
    cal = calendar_of("2026-03")
    published = {e.id for e in due_events(cal, NOTHING, ist(2026, 4, 16))}
    assert due_events(cal, published, ist(2027, 1, 1)) == []


def test_a_held_period_passes_its_deadline_but_is_not_frozen_until_reopened() -> None:
    deadline = {period_event_id(DEADLINE_PASSED, "2026-03")}
    held = calendar_of("2026-03", override("hold"))
    assert due_events(held, deadline, ist(2026, 6, 1)) == []
    reopened = calendar_of("2026-03", override("hold"), override("reopen", at=ist(2026, 4, 20, 12)))
    [freeze] = due_events(reopened, deadline, ist(2026, 4, 20, 12))
    assert freeze.type == FROZEN and freeze.at == ist(2026, 4, 15)


def test_a_forced_early_freeze_brings_the_deadline_with_it() -> None:
    made = ist(2026, 3, 22, 10)
    cal = calendar_of("2026-03", override("freeze", at=made, force=True))
    events = due_events(cal, NOTHING, made)
    assert types(events) == [(DEADLINE_PASSED, "2026-03"), (FROZEN, "2026-03")] and {e.at for e in events} == {made}


def test_an_operators_deadline_is_due_when_made_and_an_extension_waits() -> None:
    made = ist(2026, 3, 24, 15)
    assert types(due_events(calendar_of("2026-03", override("deadline", at=made, force=True)), NOTHING, made)) == [
        (DEADLINE_PASSED, "2026-03")]
    extended = calendar_of("2026-03", override("deadline", on=on(2026, 3, 31)))
    assert due_events(extended, NOTHING, ist(2026, 3, 31, 23)) == []
    assert types(due_events(extended, NOTHING, ist(2026, 4, 1))) == [(DEADLINE_PASSED, "2026-03")]


def test_months_in_turn_across_the_year_boundary() -> None:
    cals = [calendar_of(p) for p in ("2025-12", "2026-01")]
    assert types(all_due(cals, NOTHING, ist(2026, 1, 15))) == [
        (DEADLINE_PASSED, "2025-12"), (FROZEN, "2025-12")]
    assert types(all_due(reversed(cals), NOTHING, ist(2026, 1, 26))) == [
        (DEADLINE_PASSED, "2025-12"), (FROZEN, "2025-12"), (DEADLINE_PASSED, "2026-01")]


def test_an_earlier_scheme_deadline_is_checked_on_its_own_day_once() -> None:
    cal = calendar_of("2026-03")
    assert early_deadlines(cal, NOTHING, ist(2026, 3, 20, 23)) == []
    [check] = early_deadlines(cal, NOTHING, ist(2026, 3, 21))
    assert (check.schemes, check.at, check.period) == (("pension",), ist(2026, 3, 21), "2026-03")
    assert early_deadlines(cal, {check.id}, ist(2026, 3, 30)) == []
    moved = calendar_of("2026-03", override("deadline", on=on(2026, 3, 27)))
    assert early_deadlines(moved, NOTHING, ist(2026, 4, 1)) == []  # one deadline for all: the event judges


def test_the_watch_runs_from_the_first_period_to_the_month_in_india() -> None:
    assert watched_periods("2025-11", ist(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    # 31 March 20:00 UTC is already 1 April in India.
    assert watched_periods("2026-03", utc(2026, 3, 31, 20)) == ["2026-03", "2026-04"]
    assert watched_periods("2026-05", ist(2026, 4, 1)) == []
    with pytest.raises(ValueError, match="YYYY-MM"):
        watched_periods("2026-5", ist(2026, 4, 1))


def test_due_events_refuse_a_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_events(calendar_of(), NOTHING, ist(2026, 4, 1).replace(tzinfo=None))


class _Producer:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_and_wait(self, topic: str, value: bytes, key: bytes) -> None:
        self.sent.append({"topic": topic, "key": key.decode(), **json.loads(value)})

    async def stop(self) -> None:
        return None


async def test_the_clock_and_the_operators_cli_publish_one_event_under_one_id(monkeypatch: pytest.MonkeyPatch) -> None:
    producer = _Producer()

    async def fake(bootstrap: str) -> _Producer:
        return producer

    monkeypatch.setattr(admin, "_producer", fake)
    await admin.publish_period_event("unused:9092", "deadline", "2026-03")
    await admin.publish_period_event("unused:9092", "freeze", "2026-03")
    by_clock = due_events(calendar_of("2026-03"), NOTHING, ist(2026, 4, 15))
    assert [(m["type"], m["id"], m["key"]) for m in producer.sent] == [(e.type, e.id, "2026-03") for e in by_clock]


def test_no_early_check_is_due_after_an_operator_froze_the_period_before_it() -> None:
    made = ist(2026, 3, 19, 10)
    cal = calendar_of("2026-03", override("freeze", at=made, force=True))
    assert early_deadlines(cal, NOTHING, ist(2026, 3, 22)) == []
