"""The background work of the reports service: regenerate the drafts whose dirty mark has
been quiet for the debounce (or has waited the maximum), and publish any version whose
`minutes.updated.v1` was not acknowledged (an outbox: the version is stored first).

A draft that cannot be prepared for any reason but the database or the broker is
dead-lettered: set aside in MongoDB with its reason (which the API answers), logged with an
error id, counted (`anushravan_reports_dead_drafts`, alert AnushravanMinutesNotDrafted) and
tried again only when its facts change or the service restarts (after a fix), never in a loop."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from services.reports.lifecycle import MinutesLifecycle
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore
from shared.health import Health
from shared.messaging import RETRYABLE
from shared.observability import log_context

log = logging.getLogger("anushravan.reports")
# A version younger than this may still be on its way to the broker from its writer.
REPUBLISH_AFTER_S = 10.0
MAX_REASON = 500


@dataclass
class Scheduler:
    store: MinutesStore
    lifecycle: MinutesLifecycle
    metrics: ReportsMetrics
    health: Health
    debounce_s: float
    max_wait_s: float
    clock: Callable[[], float] = time.time

    @property
    def poll_s(self) -> float:
        return min(max(self.debounce_s / 4, 0.05), 1.0)

    async def run(self) -> None:
        attempt = 0
        while True:
            try:
                await self.tick()
                self.health.recover("minutes")
                attempt = 0
            except RETRYABLE as exc:
                attempt += 1
                self.health.degrade("minutes", f"retrying after {type(exc).__name__}")
                log.warning("minutes scheduler: infrastructure failure", extra=log_context(error=repr(exc)))
                await asyncio.sleep(min(0.2 * 2**attempt, 5.0))
            await asyncio.sleep(self.poll_s)

    async def tick(self) -> int:
        """One pass: regenerate every due draft and republish what is unpublished; returns the
        number of drafts regenerated (for tests)."""
        now = self.clock()
        done = 0
        for mark in await self.store.due(now, self.debounce_s, self.max_wait_s):
            try:
                await self.lifecycle.regenerate(mark["district"], mark["period"])
            except RETRYABLE:
                raise
            except Exception as exc:
                await self._dead_letter(mark, exc, now)
                continue
            await self.store.revive(mark["district"], mark["period"])
            await self.store.clear(mark)
            done += 1
        for doc in await self.store.unpublished(now - REPUBLISH_AFTER_S):
            await self.lifecycle.publish(doc)
        self.metrics.pending.set(await self.store.pending())
        self.metrics.dead_drafts.set(await self.store.dead_count())
        return done

    async def _dead_letter(self, mark: dict[str, object], exc: Exception, now: float) -> None:
        error_id = uuid.uuid4().hex[:16]
        self.metrics.regenerations.labels("failed").inc()
        log.exception("minutes draft dead-lettered: it cannot be prepared", extra=log_context(
            district=mark["district"], period=mark["period"], error_id=error_id))
        reason = f"{type(exc).__name__}: {exc}"[:MAX_REASON]
        await self.store.dead_letter(mark, reason, error_id, now)

    async def retry_dead(self) -> None:
        """Give every dead-lettered draft one more try (at start-up: a fix may have been deployed)."""
        await self.store.mark_dirty(await self.store.dead_drafts(), self.clock())
