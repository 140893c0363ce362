"""The alert path with fakes: scheme.scored.v1 records in, stored and published alerts out."""

from __future__ import annotations

from typing import Any

import pytest

from services.alerts.domain.silences import Silence
from services.alerts.outbox import event_id
from shared.events.scoring import SchemeScored
from shared.messaging import PoisonMessage
from shared.topics import ALERTS, SCORES_UPDATED
from tests.unit.alerts.alerts_builders import quarantined, scheme, scored
from tests.unit.alerts.alerts_fakes import Harness, Record, harness, record

DROP = "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
INTO_D = "entered_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
IMPLAUSIBLE = "implausible_data:kanpur-nagar:sc-postmatric-scholarship:2026-03:sw-bad"


def rec(event: SchemeScored) -> Record:
    return record(SCORES_UPDATED, "scheme.scored.v1", event.model_dump(mode="json"), key=event.district)


def service() -> Harness:
    return harness(scheme())


async def test_a_fall_from_b_to_d_publishes_a_grade_drop_and_entry_into_d_keyed_by_district() -> None:
    s = service()
    await s.scores([rec(scored("D", "B"))])
    assert s.publisher.alert_ids() == [DROP, INTO_D]
    topic, key, event = s.publisher.sent[0]
    assert (topic, key, event.id) == (ALERTS, "kanpur-nagar", event_id(DROP, "alert.raised.v1"))
    assert event.data["severity"] == "critical" and event.data["status"] == "open"
    assert s.counted("anushravan_alerts_raised_total", type="grade_drop", severity="critical") == 1
    assert s.counted("anushravan_alerts_published_total", event="raised") == 2
    assert all(s.alerts.published(i) for i in s.alerts.docs)


async def test_the_same_record_delivered_again_publishes_nothing_more_and_is_counted() -> None:
    s = service()
    await s.scores([rec(scored("D", "B"))])
    await s.scores([rec(scored("D", "B")), rec(scored("D", "B"))])
    assert s.publisher.alert_ids() == [DROP, INTO_D]
    assert s.counted("anushravan_alerts_duplicates_skipped_total", topic=SCORES_UPDATED) == 4


async def test_the_driver_compares_with_the_stored_kpis_of_the_previous_period() -> None:
    s = service()
    await s.scores([rec(scored("B", None, has_previous=False, period="2026-02", kpis={"disposal": 0.6875}))])
    await s.scores([rec(scored("D", "B"))])
    [drop] = [e.data for _, _, e in s.publisher.sent if e.data["alert_id"] == DROP]
    assert drop["driver"] == {"kpi": "disposal", "before": 0.6875, "after": 0.1566}


async def test_grade_alerts_of_a_pair_with_implausible_figures_are_stored_inhibited_not_published() -> None:
    s = service()
    await s.scores([rec(quarantined(submission_id="sw-bad"))])
    # A later revision that is itself quarantined is no correction: the problem stays open.
    s.alerts.docs[IMPLAUSIBLE]["status"] = "acknowledged"
    await s.scores([rec(quarantined(submission_id="sw-bad"))])
    assert s.publisher.alert_ids() == [IMPLAUSIBLE]
    assert s.alerts.status(IMPLAUSIBLE) == "acknowledged"


async def test_a_corrected_revision_resolves_the_implausible_data_and_its_grade_alerts_are_published() -> None:
    s = service()
    await s.scores([rec(quarantined(submission_id="sw-bad")), rec(scored("D", "B", revision=2))])
    assert s.publisher.alert_ids() == [IMPLAUSIBLE, DROP, INTO_D]
    assert s.publisher.alert_ids("alert.resolved.v1") == [IMPLAUSIBLE]
    [resolved] = [e for _, _, e in s.publisher.sent if e.type == "alert.resolved.v1"]
    assert resolved.data["status"] == "resolved" and resolved.id == event_id(IMPLAUSIBLE, "alert.resolved.v1")


async def test_late_figures_resolve_the_missed_deadline_and_their_grade_alerts_are_published() -> None:
    s = service()
    await s.rankings([record("periods.events", "period.deadline_passed.v1", {"period": "2026-03"})])
    missed = "missed_deadline:kanpur-nagar:sc-postmatric-scholarship:2026-03:missing"
    assert missed in s.publisher.alert_ids()
    await s.scores([rec(scored("D", "B"))])
    assert s.alerts.status(missed) == "resolved"
    assert s.publisher.alert_ids("alert.resolved.v1") == [missed]
    assert DROP in s.publisher.alert_ids() and s.alerts.docs[DROP].get("inhibited_by") is None


async def test_quarantined_late_figures_leave_the_missed_deadline_open() -> None:
    s = service()
    await s.rankings([record("periods.events", "period.deadline_passed.v1", {"period": "2026-03"})])
    missed = "missed_deadline:kanpur-nagar:sc-postmatric-scholarship:2026-03:missing"
    await s.scores([rec(quarantined(submission_id="sw-bad"))])
    assert s.alerts.status(missed) == "open"


def silence(**matchers: str) -> Silence:
    return Silence(id="s1", matchers=matchers, until="2026-03-31T00:00:00Z", by="cc-operator",
                   comment="known collapse, under review", created_at="2026-03-20T00:00:00Z")


async def test_a_silenced_alert_is_stored_as_silenced_and_not_published() -> None:
    s = service()
    await s.silences.add(silence(type="grade_drop"), "admin")
    await s.scores([rec(scored("D", "B"))])
    assert s.publisher.alert_ids() == [INTO_D]
    assert s.alerts.docs[DROP]["status"] == "silenced" and s.alerts.docs[DROP]["silenced_by"] == "s1"
    assert s.counted("anushravan_alerts_suppressed_total", reason="silenced") == 1


async def test_a_silence_that_has_ended_mutes_nothing() -> None:
    s = service()
    await s.silences.add(silence(district="kanpur-nagar"), "admin")
    s.now = s.now.replace(month=4)
    await s.scores([rec(scored("D", "B"))])
    assert s.publisher.alert_ids() == [DROP, INTO_D]


async def test_regaining_the_grade_resolves_the_open_grade_drop_and_raises_recovered() -> None:
    s = service()
    await s.scores([rec(scored("D", "B"))])
    await s.scores([rec(scored("B", "B", marks=6.5, rank=50, revision=2))])
    recovered = "recovered:kanpur-nagar:sc-postmatric-scholarship:2026-03:B"
    assert s.publisher.alert_ids() == [DROP, INTO_D, recovered]
    assert s.publisher.alert_ids("alert.resolved.v1") == [DROP]
    assert s.alerts.status(DROP) == "resolved" and s.alerts.status(INTO_D) == "open"


async def test_an_acknowledged_grade_drop_is_resolved_too_but_a_silenced_one_is_not_recovered() -> None:
    s = service()
    await s.silences.add(silence(type="grade_drop"), "admin")
    await s.scores([rec(scored("D", "B"))])
    await s.scores([rec(scored("B", "B", revision=2))])
    assert s.alerts.status(DROP) == "silenced"
    assert s.publisher.alert_ids("alert.resolved.v1") == []


@pytest.mark.parametrize("value", [b"not json", b'{"specversion": "1.0"}'])
async def test_a_malformed_record_is_refused_as_poison(value: bytes) -> None:
    with pytest.raises(PoisonMessage):
        await service().scores([Record(SCORES_UPDATED, b"k", value)])


async def test_an_event_with_invalid_data_or_an_unknown_scheme_is_refused_naming_the_problem() -> None:
    data: dict[str, Any] = scored().model_dump(mode="json")
    with pytest.raises(PoisonMessage, match="status"):
        await service().scores([record(SCORES_UPDATED, "scheme.scored.v1", {**data, "status": "maybe"})])
    with pytest.raises(PoisonMessage, match="unknown scheme 'jsy'"):
        await service().scores([record(SCORES_UPDATED, "scheme.scored.v1", {**data, "scheme": "jsy"})])


async def test_events_of_other_types_are_ignored_and_counted() -> None:
    s = service()
    await s.scores([record(SCORES_UPDATED, "scheme.scored.v2", {"anything": 1})])
    assert s.publisher.sent == []
    assert s.counted("anushravan_alerts_messages_processed_total", topic=SCORES_UPDATED, outcome="ignored") == 1
