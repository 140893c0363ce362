"""Publishing once across failures: the alerts collection as an outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from services.alerts.domain.silences import Silence
from services.alerts.domain.suppression import Verdict
from services.alerts.outbox import Outbox, event_id
from shared.events.envelope import OutgoingEvent
from shared.topics import SCORES_UPDATED
from tests.unit.alerts.alerts_builders import alert, scheme, scored
from tests.unit.alerts.alerts_fakes import FakeLog, FakePublisher, Harness, harness, record

DROP = "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
INTO_D = "entered_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
FALL = record(SCORES_UPDATED, "scheme.scored.v1", scored("D", "B").model_dump(mode="json"))


EVERYTHING_IN_KANPUR = Silence(id="all-kanpur", matchers={"district": "kanpur-nagar"}, until="2027-01-01T00:00:00Z",
                               by="operator", comment="maintenance", created_at="2026-01-01T00:00:00Z")


def service() -> Harness:
    return harness(scheme())


async def test_a_publish_that_fails_after_the_insert_is_published_on_redelivery() -> None:
    s = service()
    s.publisher.failures = 1
    with pytest.raises(TimeoutError):
        await s.scores([FALL])
    assert s.publisher.sent == [] and not s.alerts.published(DROP)
    await s.scores([FALL])
    assert s.publisher.alert_ids() == [DROP, INTO_D]
    assert s.counted("anushravan_alerts_raised_total", type="grade_drop", severity="critical") == 1


async def test_a_failed_mark_after_publishing_does_not_publish_again_on_redelivery() -> None:
    s = service()
    s.alerts.mark_failures = 1
    with pytest.raises(TimeoutError):
        await s.scores([FALL])
    assert not s.alerts.published(DROP)
    await s.scores([FALL])
    assert s.publisher.alert_ids() == [DROP, INTO_D]
    assert s.alerts.published(DROP)


async def test_recovery_publishes_what_a_crash_left_unpublished_with_the_same_event_ids() -> None:
    s = service()
    s.publisher.failures = 1
    with pytest.raises(TimeoutError):
        await s.scores([FALL])
    restarted = harness(scheme(), alerts=s.alerts)
    assert await restarted.outbox.recover(FakeLog()) == 2
    assert [e.id for _, _, e in restarted.publisher.sent] == [
        event_id(DROP, "alert.raised.v1"), event_id(INTO_D, "alert.raised.v1")]
    assert await restarted.outbox.recover(FakeLog()) == 0


async def test_recovery_skips_events_already_on_the_topic_and_only_sets_their_flag() -> None:
    s = service()
    await s.scores([FALL])
    for doc in s.alerts.docs.values():
        doc["publication"] = "pending"  # the crash came after the publish, before the state
    restarted = harness(scheme(), alerts=s.alerts)
    on_topic = FakeLog({event_id(DROP, "alert.raised.v1")})
    assert await restarted.outbox.recover(on_topic) == 1
    assert restarted.publisher.alert_ids() == [INTO_D]
    assert all(s.alerts.published(i) for i in s.alerts.docs)


async def test_suppressed_alerts_are_never_pending() -> None:
    s = service()
    await s.silences.add(EVERYTHING_IN_KANPUR, "admin")
    await s.scores([FALL])
    assert s.publisher.sent == []
    assert await s.alerts.pending() == []



async def test_two_consumers_flushing_at_once_publish_each_event_once() -> None:
    s = service()
    slow = SlowPublisher()
    outbox = Outbox(s.alerts, slow, s.metrics)
    drop, into_d = alert(), alert(alert_id=INTO_D, type="entered_grade_d")
    await s.alerts.store([Verdict(drop), Verdict(into_d)], [], (), s.now)
    await asyncio.gather(outbox.flush([drop], []), outbox.flush([into_d], []))
    assert sorted(slow.alert_ids()) == sorted([drop.alert_id, INTO_D])


class SlowPublisher(FakePublisher):
    """Yields to the other consumer while the broker acknowledges."""

    async def publish_many(self, items: Sequence[tuple[str, str, OutgoingEvent]]) -> None:
        await asyncio.sleep(0.01)
        await super().publish_many(items)
