"""The background work of the reports service: regenerate the drafts whose dirty mark has
been quiet for the debounce (or has waited the maximum), and publish any version whose
`minutes.updated.v1` was not acknowledged (an outbox: the version is stored first)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from services.reports.lifecycle import MinutesLifecycle
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore
from shared.health import Health
from shared.messaging import RETRYABLE
from shared.observability import log_context

log = logging.getLogger("anushravan.reports")
# A version younger than this may still be on its way to the broker from its writer.
REPUBLISH_AFTER_S = 10.0
# A draft whose regeneration fails (a bug, not the database) is retried after this long.
FAILURE_BACKOFF_S = 30.0


@dataclass
class Scheduler:
    store: MinutesStore
    lifecycle: MinutesLifecycle
    metrics: ReportsMetrics
    health: Health
    debounce_s: float
    max_wait_s: float
    clock: Callable[[], float] = time.time
    _retry_at: dict[str, float] = field(default_factory=dict)

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
            if self._retry_at.get(mark["_id"], 0.0) > now:
                continue
            try:
                await self.lifecycle.regenerate(mark["district"], mark["period"])
            except RETRYABLE:
                raise
            except Exception:
                self.metrics.regenerations.labels("failed").inc()
                self._retry_at[mark["_id"]] = now + FAILURE_BACKOFF_S
                log.exception("minutes regeneration failed", extra=log_context(
                    district=mark["district"], period=mark["period"]))
                continue
            self._retry_at.pop(mark["_id"], None)
            await self.store.clear(mark)
            done += 1
        for doc in await self.store.unpublished(now - REPUBLISH_AFTER_S):
            await self.lifecycle.publish(doc)
        self.metrics.pending.set(await self.store.pending())
        return done
