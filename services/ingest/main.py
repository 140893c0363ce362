"""The ingest service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.ingest.frozen_periods import FrozenPeriods, reload_loop
from services.ingest.handlers import GROUP, frozen_periods_handler
from services.ingest.http import doors, install_refusals, submissions_router
from services.ingest.intake import Intake
from services.ingest.metrics import IngestMetrics
from services.ingest.publishing import AckPublisher
from services.ingest.repository import SCHEMA, Receipts
from shared.clock import period_window
from shared.service import ServiceRuntime
from shared.settings import Settings
from shared.topics import PERIODS_EVENTS

DESCRIPTION = """The front door for departmental portals. A submission is answered 202 only
after the broker has acknowledged it (acks=all); every answer carries a receipt. See
CONTRACT §4 and the README for batch formats, limits and error codes."""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime("ingest", settings, SCHEMA)
    metrics = IngestMetrics(runtime.metrics.registry)
    receipts = Receipts(lambda: runtime.mongo.db)
    frozen = FrozenPeriods(lambda: runtime.mongo.db)
    publisher = AckPublisher(runtime.broker, metrics, settings.ingest_ack_timeout_s,
                             settings.ingest_publish_chunk)
    intake = Intake(runtime.catalog, receipts, frozen, publisher, metrics, period_window(settings))
    runtime.consumer("frozen-periods", [PERIODS_EVENTS], GROUP, frozen_periods_handler(frozen, period_window(settings)))

    async def start() -> None:
        await frozen.reload()
        runtime.background(reload_loop(frozen), "frozen-periods-reload")

    runtime.on_start(start)
    app = runtime.http_app("Anushravan ingest", [submissions_router(intake, settings, metrics)], DESCRIPTION,
                           doors(settings))
    install_refusals(app, metrics)
    return app
