"""Publishing stored alerts exactly once: the `alerts` collection is the outbox.

An alert is inserted first (its unique id is the deduplication), published next, and only
then marked as published. What this process stored but has not yet seen acknowledged is
kept in memory and sent with the next batch, so a failed publish is retried without asking
the database. A crash between insert and mark leaves the state `pending`: the restart
publishes it before consuming anything (after checking the topic, in case only the mark
was lost), and every event id is derived from the alert id, so a consumer could drop a
repeat even then.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from services.alerts.metrics import AlertMetrics
from services.alerts.ports import AlertStore, PublishedLog, Publisher
from shared.events.alerts import ALERT_RAISED, ALERT_RESOLVED, Alert
from shared.events.envelope import OutgoingEvent, derived_id, make_event
from shared.topics import ALERTS

SOURCE = "anushravan/alerts"
# Broker and database clocks may differ a little: look back a bit further on recovery.
CLOCK_SKEW = timedelta(seconds=30)
# An insert whose acknowledgement was lost (the database went away mid-write) leaves an alert
# `pending` that no redelivery computes again (it is known by then). A sweep publishes such
# alerts once they are this old: far older than any publish still in flight elsewhere.
STRANDED_AFTER = timedelta(seconds=30)
Item = tuple[str, Alert]  # (event type, alert)


def event_id(alert_id: str, event_type: str) -> str:
    """The CloudEvents id of an alert's raise or resolution: the same on every re-send."""
    return derived_id(event_type, alert_id)


def alert_event(alert: Alert, event_type: str) -> OutgoingEvent:
    status = "open" if event_type == ALERT_RAISED else "resolved"
    return make_event(event_type, SOURCE, alert.model_copy(update={"status": status}),
                      id_=event_id(alert.alert_id, event_type))


class Outbox:
    def __init__(self, store: AlertStore, publisher: Publisher, metrics: AlertMetrics,
                 remember: int = 10_000) -> None:
        self._store = store
        self._publisher = publisher
        self._metrics = metrics
        # Stored, not yet marked published: sent again with the next flush if it failed.
        self._unsent: dict[str, Item] = {}
        # Published by this process: never sent twice even if marking them failed.
        self._sent: OrderedDict[str, None] = OrderedDict()
        self._remember = remember
        # Consumers share an outbox: one send at a time, or two could both send an item.
        self._sending = asyncio.Lock()

    async def flush(self, raised: Sequence[Alert], resolved: Sequence[Alert]) -> None:
        """Publish newly stored raises and resolutions (and whatever an earlier flush left)."""
        for kind, alerts in ((ALERT_RAISED, raised), (ALERT_RESOLVED, resolved)):
            for alert in alerts:
                self._unsent[event_id(alert.alert_id, kind)] = (kind, alert)
        if self._unsent:
            await self._send()

    async def recover(self, log: PublishedLog, before: datetime | None = None) -> int:
        """Publish whatever a crash left `pending` (only what was stored before `before`, if
        given); returns how many events it published."""
        pending = [p for p in await self._store.pending() if before is None or p.stored_at < before]
        if not pending:
            return 0
        on_topic = await log.event_ids(min(p.stored_at for p in pending) - CLOCK_SKEW)
        for item in pending:
            for wanted, kind in ((item.publish_raised, ALERT_RAISED), (item.publish_resolved, ALERT_RESOLVED)):
                eid = event_id(item.alert.alert_id, kind)
                if wanted:
                    self._unsent[eid] = (kind, item.alert)
                if eid in on_topic:
                    self._remember_sent(eid)  # only the mark was lost
        return await self._send()

    async def _send(self) -> int:
        async with self._sending:
            return await self._send_unsent()

    async def _send_unsent(self) -> int:
        batch = dict(self._unsent)
        todo = [(eid, kind, alert) for eid, (kind, alert) in batch.items() if eid not in self._sent]
        if todo:
            await self._publisher.publish_many([(ALERTS, a.district, alert_event(a, kind)) for _, kind, a in todo])
            for eid, kind, _ in todo:
                self._metrics.published.labels("raised" if kind == ALERT_RAISED else "resolved").inc()
                self._remember_sent(eid)
        await self._store.mark_published(_ids(batch.values(), ALERT_RAISED), _ids(batch.values(), ALERT_RESOLVED))
        for eid in batch:
            self._unsent.pop(eid, None)
        return len(todo)

    def _remember_sent(self, eid: str) -> None:
        self._sent[eid] = None
        while len(self._sent) > self._remember:
            self._sent.popitem(last=False)


def _ids(items: Iterable[Item], kind: str) -> list[str]:
    return [alert.alert_id for k, alert in items if k == kind]
