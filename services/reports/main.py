"""The reports service's composition root: read models, the minutes' lifecycle, the
debounced scheduler, the consumer (group `reports`) and the HTTP routes."""

from __future__ import annotations

import time

from fastapi import FastAPI
from pymongo.asynchronous.database import AsyncDatabase

from services.reports.handlers import ReportsConsumer
from services.reports.http import doors, reports_router
from services.reports.lifecycle import MinutesLifecycle
from services.reports.loading import InputLoader
from services.reports.meeting_day import Prerender, Printing
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MINUTES_SCHEMA, MinutesStore
from services.reports.printing import PdfPrinter
from services.reports.records import TOPICS
from services.reports.rendered import INDEXES as RENDERED_INDEXES
from services.reports.rendered import RENDERED, RenderedDocuments
from services.reports.repository import READ_MODEL_SCHEMA, ReadModels
from services.reports.scheduler import Scheduler
from services.reports.texts import load_texts
from shared.catalog import Scheme
from shared.clock import period_window
from shared.mongo import Document
from shared.service import ServiceRuntime
from shared.settings import Settings

GROUP = "reports"
DESCRIPTION = (
    "Drafts the district review-meeting minutes from scores, rankings and alerts, keeps every "
    "version in the MongoDB collection `minutes`, takes directives and finalisation, and "
    "renders the minutes and the district monitoring booklet in Hindi and English."
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    texts = load_texts(settings.minutes_texts_file)  # a bad file stops the start, naming the field
    runtime = ServiceRuntime("reports", settings, {**READ_MODEL_SCHEMA, **MINUTES_SCHEMA, RENDERED: RENDERED_INDEXES})
    metrics = ReportsMetrics(runtime.metrics.registry)

    def database() -> AsyncDatabase[Document]:
        return runtime.mongo.db

    def schemes() -> list[Scheme]:
        return list(runtime.catalog.schemes.values())  # the catalogue's order, as the booklet reads

    readmodels, store = ReadModels(database), MinutesStore(database)
    loader = InputLoader(readmodels, store, schemes, settings.minutes_meeting_day, texts)
    lifecycle = MinutesLifecycle(store, readmodels, loader, runtime.publisher, metrics)
    scheduler = Scheduler(store, lifecycle, metrics, runtime.health, settings.minutes_debounce_s,
                          max(settings.minutes_max_wait_s, settings.minutes_debounce_s))
    printer = PdfPrinter(settings.pdf_workers, settings.pdf_executor)
    printing = Printing(RenderedDocuments(database, printer, metrics, settings.pdf_cache_max), loader)
    handler = ReportsConsumer(readmodels, store, metrics, period_window(settings))
    handler.dead_letter = runtime.consumer("reports", TOPICS, GROUP, handler.handle).dead_letter

    async def start_scheduler() -> None:
        await scheduler.retry_dead()
        runtime.background(scheduler.run(), "minutes-scheduler")
        runtime.background(printer.start(), "pdf-workers")  # warm, without holding up readiness
        if settings.pdf_prerender_after_s > 0:
            prerender = Prerender(store, readmodels, printing, metrics, settings.pdf_prerender_after_s)
            runtime.background(prerender.run(), "pdf-prerender")

    async def catalogue_changed(scheme_id: str, old: Scheme | None, new: Scheme | None) -> None:
        # A renamed scheme or a new officer shows in every open draft; the replay of the
        # catalogue at start-up is no change.
        if runtime.catalog.caught_up.is_set():
            await store.mark_dirty(await store.open_drafts(), time.time())

    runtime.on_start(start_scheduler)
    runtime.on_stop(printer.stop)
    runtime.catalog.on_change(catalogue_changed)
    router = reports_router(lifecycle, store, readmodels, loader, metrics, settings.minutes_debounce_s, printing)
    return runtime.http_app("Anushravan reports", [router], DESCRIPTION, doors())
