"""The scoring service's composition root: two stages, their consumers, loops and HTTP API.

See services/scoring/README.md for the topology (scheme stage, composite stage, freeze).
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI

from services.scoring.composite_repository import CompositeRepository
from services.scoring.composite_stage import CompositeStage
from services.scoring.context import Context
from services.scoring.coordination import Rebalance, ReconcileQueue, owned_partitions
from services.scoring.http import scoring_router
from services.scoring.http_department import DepartmentQueries, department_router
from services.scoring.http_reference import reference_router
from services.scoring.http_scorecard import scorecard_router
from services.scoring.metrics import ScoringMetrics
from services.scoring.ownership import Ownership
from services.scoring.producer import Producer
from services.scoring.queries import Queries
from services.scoring.reconcile import Reconciler
from services.scoring.repository import SchemeRepository
from services.scoring.schema import SCHEMA
from services.scoring.scheme_stage import SchemeStage
from services.scoring.scorecard_queries import ScorecardQueries
from shared.observability import log_context
from shared.service import ServiceRuntime
from shared.settings import Settings
from shared.topics import PERIODS_EVENTS, PROGRESS_SUBMITTED, SCORES_BY_PERIOD

log = logging.getLogger("anushravan.scoring")
SCHEME_GROUP = "scoring"
COMPOSITE_GROUP = "scoring-composite"
DESCRIPTION = "Scores, grades and ranks every district on every scheme and overall, as figures arrive."


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime("scoring", settings, SCHEMA)
    producer = Producer(settings, runtime.metrics.registry, "anushravan-scoring-events")
    ctx = Context(settings, runtime.catalog, producer, ScoringMetrics(runtime.metrics.registry), runtime.metrics)

    def database() -> Any:
        return runtime.mongo.db

    scheme = SchemeStage(ctx, SchemeRepository(database))
    composite = CompositeStage(ctx, CompositeRepository(database))
    ownership = Ownership()
    queue = ReconcileQueue(Reconciler(ctx, scheme.repo, scheme.state, scheme.ranks), scheme.lock, ownership,
                           runtime.health)
    scheme.reconciling = queue

    def reset_scheme_stage() -> None:
        scheme.reset()
        ownership.revoke()

    async def assigned(partitions: set[Any]) -> None:
        consumer = getattr(scheme.consumer.subscriber if scheme.consumer else None, "consumer", None)
        count = len(consumer.partitions_for_topic(PROGRESS_SUBMITTED) or ()) if consumer is not None else 0
        ownership.assign(owned_partitions(partitions), count)
        queue.add([*ctx.catalog.schemes, *ctx.catalog.retired])

    scheme.consumer = runtime.consumer(
        "scheme-stage", [PROGRESS_SUBMITTED, PERIODS_EVENTS], SCHEME_GROUP, scheme.handle,
        listener=Rebalance(scheme.lock, reset_scheme_stage, assigned))
    scheme.pipeline.attach(scheme.consumer)
    composite.consumer = runtime.consumer(
        "composite-stage", [SCORES_BY_PERIOD], COMPOSITE_GROUP, composite.handle,
        listener=Rebalance(composite.lock, composite.reset))
    runtime.catalog.on_change(queue.on_catalogue_change)
    runtime.catalog.on_change(composite.on_catalogue_change)

    async def start_loops() -> None:
        # The boards hold a long-lived object graph that grows with every submission; with the
        # default thresholds the collector rescans all of it again and again (a third of the
        # time, pauses of half a second, measured with 60,000 submissions). The boards hold no
        # reference cycles, so the collector can look at young objects rarely and old ones
        # almost never.
        gc.collect()
        gc.freeze()
        gc.set_threshold(50_000, 50, 100)
        await producer.start()
        interval = max(min(settings.rank_publish_interval_s / 4, 0.25), 0.02)
        runtime.background(queue.run(), "catalogue-reconcile")
        runtime.background(_every(interval, scheme.tick), "scheme-rankings")
        runtime.background(_every(interval, composite.tick), "composite-rankings")

    runtime.on_start(start_loops)
    runtime.on_stop(scheme.pipeline.finish)  # before the producer stops: its events go out
    runtime.on_stop(producer.stop)
    routers = [reference_router(runtime.catalog), scoring_router(Queries(database), runtime.catalog),
               scorecard_router(ScorecardQueries(database), runtime.catalog),
               department_router(DepartmentQueries(database), runtime.catalog)]
    return runtime.http_app("Anushravan scoring", routers, DESCRIPTION)


async def _every(interval_s: float, action: Callable[[], Awaitable[None]]) -> None:
    """Run `action` forever; a failure (the database away, say) is retried at the next tick."""
    while True:
        await asyncio.sleep(interval_s)
        try:
            await action()
        except Exception as exc:
            log.warning("publishing rankings failed, retrying", extra=log_context(error=repr(exc)))
            await asyncio.sleep(1.0)
