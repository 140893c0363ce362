"""Regression (found by tests/faults/test_database_outage.py): when the database goes away
mid-write, an insert can succeed without its answer arriving. The redelivered batch then
finds the alerts already stored, computes nothing new, and before the sweep nothing ever
published them (only a restart did). The sweep publishes them once they are stranded."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import datetime

import pytest

from services.alerts.domain.suppression import Verdict
from services.alerts.main import sweep
from services.alerts.outbox import STRANDED_AFTER
from shared.events.alerts import Alert
from shared.topics import SCORES_UPDATED
from tests.unit.alerts.alerts_builders import scheme, scored
from tests.unit.alerts.alerts_fakes import NOW, FakeAlertStore, FakeLog, Harness, harness, record

DROP = "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
INTO_D = "entered_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
FALL = record(SCORES_UPDATED, "scheme.scored.v1", scored("D", "B").model_dump(mode="json"))


class LostAnswer(FakeAlertStore):
    """Stores, then fails as if the database had gone away before answering."""

    lose = 1

    async def store(self, raised: Sequence[Verdict], resolved: Sequence[Alert], announced: Collection[str],
                    at: datetime) -> list[Verdict]:
        inserted = await super().store(raised, resolved, announced, at)
        if self.lose:
            self.lose -= 1
            raise TimeoutError("connection closed before the answer")
        return inserted


async def stranded_alerts() -> tuple[LostAnswer, Harness]:
    store = LostAnswer()
    s = harness(scheme(), alerts=store)
    with pytest.raises(TimeoutError):
        await s.scores([FALL])
    await s.scores([FALL])  # the redelivery: the alerts are known now, nothing new is computed
    return store, s


async def test_a_redelivery_after_a_lost_answer_leaves_the_stored_alerts_unpublished() -> None:
    store, s = await stranded_alerts()
    assert s.publisher.sent == []
    assert {p.alert.alert_id for p in await store.pending()} == {DROP, INTO_D}


async def test_alerts_are_left_to_their_writer_until_stranded_then_published_once() -> None:
    _, s = await stranded_alerts()
    assert await s.outbox.recover(FakeLog(), before=NOW) == 0
    assert await s.outbox.recover(FakeLog(), before=NOW + STRANDED_AFTER) == 2
    assert await s.outbox.recover(FakeLog(), before=NOW + STRANDED_AFTER) == 0
    assert s.publisher.alert_ids() == [DROP, INTO_D]


async def test_the_running_service_sweeps_stranded_alerts_without_a_restart() -> None:
    store, s = await stranded_alerts()
    task = asyncio.create_task(sweep(s.outbox, FakeLog(), every_s=0.01))
    try:
        for _ in range(200):
            if not await store.pending():
                break
            await asyncio.sleep(0.01)
    finally:
        task.cancel()
    assert s.publisher.alert_ids() == [DROP, INTO_D]
