"""Operators' overrides: hold, reopen, deadline and freeze, each an audit record (who, why,
when), and refused with the field and the reason when they cannot be made."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.calendar.due import period_event_id
from shared.calendar.overrides import fold
from shared.calendar.refusals import Refusal, check_override, when
from shared.events.calendar import PeriodOverride
from shared.events.periods import DEADLINE_PASSED, FROZEN
from tests.unit.calendar.calendar_builders import calendar_of, ist, on, override

NOTHING: frozenset[str] = frozenset()
FROZEN_MARCH = frozenset({period_event_id(FROZEN, "2026-03")})


def refusal(o: PeriodOverride, *trail: PeriodOverride, published: frozenset[str] = NOTHING) -> Refusal:
    with pytest.raises(Refusal) as caught:
        check_override(o, calendar_of("2026-03", *trail), published)
    return caught.value


def test_an_override_is_an_audit_record_of_who_why_and_when() -> None:
    record = override("hold", by="  dm-kanpur ", reason=" CM's review postponed ")
    assert (record.by, record.reason, record.at) == ("dm-kanpur", "CM's review postponed", ist(2026, 3, 20, 11))
    assert PeriodOverride.read(record.model_dump(mode="json")) == record


@pytest.mark.parametrize(("fields", "where"), [
    ({"reason": "   "}, "reason"), ({"by": ""}, "by"), ({"action": "thaw"}, "action"),
    ({"action": "hold", "on": "2026-03-28"}, "'on' moves a deadline or a freeze"),
    ({"period": "2026-3"}, "period"),
])
def test_an_override_without_who_or_why_or_with_nonsense_is_refused(fields: dict[str, str], where: str) -> None:
    base = {"period": "2026-03", "action": "deadline", "by": "op", "reason": "r", "at": ist(2026, 3, 20).isoformat()}
    with pytest.raises(ValidationError, match=where):
        PeriodOverride.model_validate(base | fields)


def test_a_naive_moment_is_not_an_audit_record() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        override("hold", at=ist(2026, 3, 20).replace(tzinfo=None))


def test_a_held_period_is_not_frozen_by_the_clock_until_it_is_reopened() -> None:
    hold = override("hold")
    held = calendar_of("2026-03", hold)
    assert held.held and held.freeze_at is None
    assert held.deadline_at == ist(2026, 3, 26)  # a hold keeps the deadline
    reopened = calendar_of("2026-03", hold, override("reopen", at=ist(2026, 4, 20)))
    assert not reopened.held and reopened.freeze_at == ist(2026, 4, 15)


def test_a_deadline_moved_to_a_day_passes_at_its_end_for_every_scheme() -> None:
    cal = calendar_of("2026-03", override("deadline", on=on(2026, 3, 28)))
    assert cal.deadline_at == ist(2026, 3, 29) and {d.at for d in cal.deadlines} == {ist(2026, 3, 29)}
    assert cal.scheduled_deadline_at == ist(2026, 3, 26)


def test_a_deadline_or_freeze_without_a_day_takes_effect_when_made() -> None:
    made = ist(2026, 4, 2, 9, 30)
    cal = calendar_of("2026-03", override("freeze", at=made, force=True))
    assert cal.freeze_at == made and cal.scheduled_freeze_at == ist(2026, 4, 15)


def test_a_forced_freeze_ends_a_hold_and_a_later_hold_stops_a_moved_freeze() -> None:
    hold, freeze = override("hold"), override("freeze", on=on(2026, 4, 20))
    assert fold([hold, override("freeze", force=True)]).hold is None
    assert calendar_of("2026-03", freeze, override("hold", at=ist(2026, 4, 1))).freeze_at is None
    assert fold([hold]).hold == hold


def test_overrides_of_other_periods_are_not_in_a_periods_trail() -> None:
    cal = calendar_of("2026-03", override("hold", period="2026-02"), override("hold"))
    assert [o.period for o in cal.overrides] == ["2026-03"]


def test_nothing_changes_a_frozen_period() -> None:
    for action in ("hold", "reopen", "deadline", "freeze"):
        refused = refusal(override(action, force=True), published=FROZEN_MARCH)
        assert (refused.status, refused.code, refused.field) == (409, "frozen", "period")


def test_a_hold_twice_names_the_first_and_a_reopen_needs_a_hold() -> None:
    first = override("hold", by="dm-kanpur", reason="data audit")
    refused = refusal(override("hold"), first)
    assert (refused.status, refused.code) == (409, "held")
    assert "dm-kanpur" in refused.message and "data audit" in refused.message and when(first.at) in refused.message
    assert refusal(override("reopen")).code == "not_held"
    check_override(override("reopen"), calendar_of("2026-03", first), NOTHING)


def test_cutting_the_departments_time_short_needs_force_and_an_extension_does_not() -> None:
    early = override("deadline", on=on(2026, 3, 22))
    refused = refusal(early)
    assert (refused.status, refused.field, refused.code) == (409, "force", "needs_force")
    assert "23.03.2026 00:00 IST" in refused.message and "--force" in refused.message
    check_override(override("deadline", on=on(2026, 3, 22), force=True), calendar_of(), NOTHING)
    check_override(override("deadline", on=on(2026, 3, 31)), calendar_of(), NOTHING)


def test_a_deadline_that_has_passed_or_would_follow_the_freeze_cannot_move() -> None:
    passed = frozenset({period_event_id(DEADLINE_PASSED, "2026-03")})
    assert refusal(override("deadline", on=on(2026, 3, 31)), published=passed).code == "deadline_passed"
    late = refusal(override("deadline", on=on(2026, 4, 15)))
    assert (late.status, late.field, late.code) == (422, "on", "after_freeze")
    assert refusal(override("deadline", on=on(2026, 2, 27), force=True)).code == "before_period"


def test_freezing_early_or_a_held_period_needs_force() -> None:
    assert refusal(override("freeze", at=ist(2026, 4, 1))).code == "needs_force"
    assert refusal(override("freeze", force=False, at=ist(2026, 4, 16)), override("hold")).code == "held"
    check_override(override("freeze", force=True, at=ist(2026, 4, 16)), calendar_of("2026-03", override("hold")),
                   NOTHING)
    check_override(override("freeze", at=ist(2026, 4, 15, 8)), calendar_of(), NOTHING)
    check_override(override("freeze", on=on(2026, 4, 18)), calendar_of(), NOTHING)


def test_an_override_for_another_period_is_refused() -> None:
    with pytest.raises(Refusal, match="2026-02 given for 2026-03"):
        check_override(override("hold", period="2026-02"), calendar_of("2026-03"), NOTHING)


def test_a_deadline_may_move_past_the_scheduled_freeze_once_the_freeze_has_moved() -> None:
    later_freeze = override("freeze", on=on(2026, 4, 25))
    check_override(later_freeze, calendar_of(), NOTHING)
    assert "move the freeze first" in refusal(override("deadline", on=on(2026, 4, 20))).message
    check_override(override("deadline", on=on(2026, 4, 20)), calendar_of("2026-03", later_freeze, override("hold")),
                   NOTHING)
