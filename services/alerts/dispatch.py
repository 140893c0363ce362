"""The last step of every handler: store what a ledger changed, count it, publish it."""

from __future__ import annotations

from datetime import datetime

from services.alerts.domain.ledger import Ledger
from services.alerts.metrics import AlertMetrics
from services.alerts.outbox import Outbox
from services.alerts.ports import AlertStore
from shared.observability import ServiceMetrics


class Dispatcher:
    def __init__(self, store: AlertStore, outbox: Outbox, metrics: AlertMetrics, service: ServiceMetrics) -> None:
        self._store = store
        self._outbox = outbox
        self._metrics = metrics
        self._service = service

    async def settle(self, ledger: Ledger, at: datetime, topic: str) -> None:
        """Insert the new alerts and resolve the resolved ones, then publish the new alerts
        that are neither inhibited nor silenced and the resolutions of published ones."""
        announced = {a.alert_id for a in ledger.announced}
        inserted = await self._store.store(ledger.raised, ledger.resolved, announced, at)
        for verdict in inserted:
            self._metrics.raised.labels(verdict.alert.type, verdict.alert.severity).inc()
            if verdict.inhibited_by:
                self._metrics.suppressed.labels("inhibited").inc()
            elif verdict.silenced_by:
                self._metrics.suppressed.labels("silenced").inc()
        repeats = len(ledger.repeated) + len(ledger.raised) - len(inserted)
        if repeats:
            self._service.duplicates.labels(topic).inc(repeats)
        await self._outbox.flush([v.alert for v in inserted if v.notify], ledger.announced)
