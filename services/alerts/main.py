"""The alerts service's composition root."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI

from services.alerts import readmodels, repository, silence_store
from services.alerts.barrier import ScoresBarrier
from services.alerts.dispatch import Dispatcher
from services.alerts.handlers import ScoresHandler
from services.alerts.http import alerts_router, silences_router
from services.alerts.metrics import AlertMetrics
from services.alerts.outbox import STRANDED_AFTER, Outbox
from services.alerts.ports import PublishedLog, Stores
from services.alerts.published_log import TopicLog
from services.alerts.rankings import RankingsHandler
from services.alerts.readmodels import MongoReadModels
from services.alerts.repository import MongoAlertStore
from services.alerts.silence_store import MongoSilenceStore
from shared.clock import period_window
from shared.districts import district_ids
from shared.events.envelope import utc_now
from shared.messaging import RETRYABLE
from shared.mongo import Index
from shared.observability import log_context
from shared.service import ServiceRuntime
from shared.settings import Settings
from shared.topics import PERIODS_EVENTS, RANKS_UPDATED, SCORES_UPDATED

# The alert path has a group of its own, so that rankings and period events never hold it up.
SCORES_GROUP = "alerts"
RANKINGS_GROUP = "alerts-rankings"
SWEEP_INTERVAL_S = 15.0
log = logging.getLogger("anushravan.alerts")
SCHEMA: dict[str, list[Index]] = {
    repository.ALERTS: repository.INDEXES,
    silence_store.SILENCES: silence_store.INDEXES,
    **readmodels.INDEXES,
}


@dataclass
class Wiring:
    """Builds the handlers once the database is connected (the runtime connects it at start)."""

    runtime: ServiceRuntime
    metrics: AlertMetrics
    _stores: Stores | None = None
    _scores: ScoresHandler | None = None
    _rankings: RankingsHandler | None = None
    recovered: int = field(default=0)

    def stores(self) -> Stores:
        if self._stores is None:
            raise RuntimeError("the alerts service has not started yet")
        return self._stores

    async def start(self) -> None:
        runtime, settings = self.runtime, self.runtime.settings
        db = runtime.mongo.db
        stores = Stores(MongoAlertStore(db), MongoReadModels(db), MongoSilenceStore(db))
        outbox = Outbox(stores.alerts, runtime.publisher, self.metrics)
        dispatcher = Dispatcher(stores.alerts, outbox, self.metrics, runtime.metrics)
        self._scores = ScoresHandler(stores, runtime.catalog, dispatcher, runtime.metrics)
        self._rankings = RankingsHandler(
            stores, runtime.catalog, dispatcher,
            ScoresBarrier(settings.bootstrap, SCORES_GROUP, settings.alerts_deadline_wait_s),
            sorted(district_ids()), runtime.metrics, period_window(settings), threshold=settings.rank_drop_threshold,
        )
        self._stores = stores
        # Before any consumer starts: publish what a crash left stored but unpublished.
        self.recovered = await outbox.recover(TopicLog(settings.bootstrap))
        runtime.background(sweep(outbox, TopicLog(settings.bootstrap)), "outbox-sweep")

    async def on_scores(self, records: Any) -> None:
        assert self._scores is not None, "consumers start after the on-start hooks"
        with self.metrics.processing.labels("scores").time():
            await self._scores(records)

    async def on_rankings(self, records: Any) -> None:
        assert self._rankings is not None, "consumers start after the on-start hooks"
        with self.metrics.processing.labels("rankings").time():
            await self._rankings(records)


async def sweep(outbox: Outbox, on_topic: PublishedLog, every_s: float = SWEEP_INTERVAL_S) -> None:
    """Publish stranded alerts (see outbox.STRANDED_AFTER) for as long as the service runs."""
    while True:
        await asyncio.sleep(every_s)
        try:
            await outbox.recover(on_topic, before=utc_now() - STRANDED_AFTER)
        except RETRYABLE as exc:
            log.warning("outbox sweep failed, retrying", extra=log_context(error=repr(exc)))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    if settings.alerts_fetch_max_wait_ms is not None:
        settings = settings.model_copy(update={"fetch_max_wait_ms": settings.alerts_fetch_max_wait_ms})
    runtime = ServiceRuntime("alerts", settings, SCHEMA)
    wiring = Wiring(runtime, AlertMetrics(runtime.metrics.registry))
    runtime.consumer("alerts-scores", [SCORES_UPDATED], SCORES_GROUP, wiring.on_scores)
    runtime.consumer("alerts-rankings", [RANKS_UPDATED, PERIODS_EVENTS], RANKINGS_GROUP, wiring.on_rankings)
    runtime.on_start(wiring.start)
    runtime.health.info["recovered_on_start"] = lambda: wiring.recovered
    return runtime.http_app(
        "Anushravan alerts",
        [alerts_router(wiring.stores, runtime.catalog, utc_now),
         silences_router(wiring.stores, runtime.catalog, utc_now, settings.silence_max_days)],
        description="Alerts for the CM Command Centre: list, acknowledge, digest, silences.",
    )
