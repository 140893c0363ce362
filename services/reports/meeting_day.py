"""The meeting day: every district downloads its minutes and booklet, in Hindi and English, as
PDF. `Printing` answers those requests from the kept PDFs (rendered.py) and prints the rest in
the bounded workers (printing.py); `Prerender` prints them ahead for the drafts of frozen
periods — the meeting reviews final ranks, frozen the day before — once a draft has been quiet
for `ANUSHRAVAN_PDF_PRERENDER_AFTER_S`, so that the morning's burst finds them printed.

It runs in every replica; what one prints, all serve (the store is shared), and a pair already
printed for its latest version is not looked at again until it has a new one."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from services.reports.domain.booklet import assemble_booklet
from services.reports.loading import InputLoader
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore
from services.reports.rendered import Printed, RenderedDocuments, booklet_stamp
from services.reports.rendering import Lang, PdfUnavailable, render_booklet
from services.reports.repository import ReadModels
from shared.messaging import RETRYABLE
from shared.observability import log_context

log = logging.getLogger("anushravan.reports.meeting_day")
FROZEN_PERIODS = 2  # the latest frozen periods whose drafts are printed ahead
EVERY_S = 10.0


class Printing:
    def __init__(self, documents: RenderedDocuments, loader: InputLoader) -> None:
        self.documents, self.loader = documents, loader

    async def minutes(self, doc: dict[str, Any], lang: Lang, latest: bool = True) -> bytes:
        """The PDF of a stored version; kept when it is the latest."""
        printed = Printed("minutes", doc["district"], doc["period"], lang)
        return await self.documents.pdf(printed, str(doc["version"]), lambda: doc["rendered"][lang]["html"], latest)

    async def booklet(self, booklet: dict[str, Any], district: str, period: str, lang: Lang) -> bytes:
        html = lambda: render_booklet(booklet, lang, "html").decode("utf-8")  # noqa: E731
        return await self.documents.pdf(Printed("booklet", district, period, lang), booklet_stamp(booklet), html)


class Prerender:
    def __init__(self, store: MinutesStore, readmodels: ReadModels, printing: Printing, metrics: ReportsMetrics,
                 quiet_s: float, clock: Callable[[], float] = time.time) -> None:
        self.store, self.readmodels, self.printing, self.metrics = store, readmodels, printing, metrics
        self.quiet_s, self.clock = quiet_s, clock
        self._done: dict[tuple[str, str], int] = {}  # (district, period) -> the version printed ahead

    async def run(self, every_s: float = EVERY_S) -> None:
        while True:
            try:
                while await self.once(limit=1):  # one district at a time: a month frozen meanwhile goes first
                    pass
                await asyncio.sleep(every_s)
            except PdfUnavailable as exc:
                log.warning("no PDF can be printed here; nothing is printed ahead", extra=log_context(error=str(exc)))
                return
            except RETRYABLE as exc:
                log.warning("printing ahead failed; retrying", extra=log_context(error=repr(exc)))

    async def once(self, limit: int | None = None) -> int:
        """Print what is due, the latest frozen month first (at most `limit` district-periods);
        how many were printed."""
        count = 0
        for period in await self.readmodels.frozen_periods(FROZEN_PERIODS):
            for district, latest in sorted((await self.store.latest_of_period(period)).items()):
                if self._done.get((district, period)) == latest["version"]:
                    continue
                if self.clock() - latest.get("created_at_s", 0) < self.quiet_s:
                    continue
                await self.print_ahead(district, period)
                self._done[(district, period)] = latest["version"]
                count += 1
                if limit is not None and count >= limit:
                    return count
        return count

    async def print_ahead(self, district: str, period: str) -> None:
        doc = await self.store.latest(district, period)
        inp = await self.printing.loader.load(district, period)
        if doc is None or inp is None:
            return
        booklet = assemble_booklet(inp)
        for lang in ("hi", "en"):
            await self.printing.minutes(doc, lang)
            await self.printing.booklet(booklet, district, period, lang)
            self.metrics.pdf_prerendered.inc(2)
