"""The consumer of the reports service (group `reports`): events in, read models updated,
drafts marked dirty. Regeneration happens later, debounced, in the scheduler; the dirty
marks are stored before the offsets are committed, so a crash loses no pending draft."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore
from services.reports.rankings import later_in_year
from services.reports.records import parse_records
from services.reports.repository import Pair, ReadModels
from shared.messaging import PoisonMessage
from shared.periods import PeriodWindow

DeadLetter = Callable[[Any, BaseException], Awaitable[None]]


class ReportsConsumer:
    def __init__(self, readmodels: ReadModels, store: MinutesStore, metrics: ReportsMetrics,
                 periods: Callable[[], PeriodWindow], clock: Callable[[], float] = time.time) -> None:
        self.readmodels = readmodels
        self.store = store
        self.metrics = metrics
        self.periods = periods  # a period outside it is no period: never a draft to regenerate
        self.clock = clock
        self.dead_letter: DeadLetter | None = None  # the BatchConsumer's, set when it is registered

    async def handle(self, records: Sequence[Any]) -> None:
        changes = parse_records(records, self.periods())
        rm = self.readmodels
        dirty: set[Pair] = set()
        dirty |= await rm.save_submissions(changes.submissions)
        dirty |= await rm.save_scores(changes.scores)
        ranked, composite = await rm.save_rankings(changes.rankings)
        dirty |= ranked | await self._later_drafts(composite)
        dirty |= await rm.save_alerts(changes.alerts)
        await rm.save_frozen(changes.frozen)
        if changes.frozen:
            dirty |= await self.store.with_minutes(None, changes.frozen)
        await self.store.mark_dirty(dirty, self.clock())
        for topic, reason in changes.ignored:
            self.metrics.ignored.labels(topic, reason).inc()
        # Dead-lettered last: an infrastructure retry of the writes above must not repeat them.
        for record, reason in changes.poison:
            if self.dead_letter is None:
                # Without the consumer's own dead-letter, the batch wrapper isolates and sends it.
                raise PoisonMessage(reason)
            await self.dead_letter(record, PoisonMessage(reason))

    async def _later_drafts(self, composite: set[Pair]) -> set[Pair]:
        """A composite rank cited by the summary of later months' minutes (best and worst of
        the year) refreshes those minutes too."""
        found: set[Pair] = set()
        for period in {p for _, p in composite}:
            districts = sorted(d for d, p in composite if p == period)
            later = later_in_year(period)
            if later:
                found |= await self.store.with_minutes(districts, later)
        return found
