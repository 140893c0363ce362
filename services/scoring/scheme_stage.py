"""The scheme stage (consumer group `scoring`): submissions in, scores and scheme rankings out.

`progress.submitted` is keyed by scheme, so each scheme has one owner among the instances
and its boards are never shared. Per consumed batch: read and refuse, deduplicate against
the audit trail, fold into the boards; then write the audit trail beside publishing and, once
published, storing the current scores, so that a crash at any point is completed by the
redelivery. The writes of a batch run while the next batch is read and folded (write-behind).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from services.scoring.context import Context
from services.scoring.documents import Document
from services.scoring.domain.intake import dedup_key
from services.scoring.effects import Effects
from services.scoring.freeze import Freezer
from services.scoring.intake_plan import Intake, Plan
from services.scoring.rank_publisher import RankPublisher
from services.scoring.records import Reading, read
from services.scoring.repository import SchemeRepository
from services.scoring.scheme_state import SchemeState
from shared.districts import district_ids
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED_TYPE
from shared.events.periods import DEADLINE_PASSED, FROZEN, UnusablePeriod, event_period
from shared.messaging import BatchConsumer, PoisonMessage
from shared.observability import log_context
from shared.periods import is_period
from shared.topics import PERIODS_EVENTS, PROGRESS_SUBMITTED
from shared.write_behind import PlainWay, Write, WriteBehind

log = logging.getLogger("anushravan.scoring")


class Reconciling(Protocol):
    def waiting(self, schemes: Iterable[str]) -> bool: ...

    async def before_scoring(self, schemes: Iterable[str]) -> None: ...


class SchemeStage:
    def __init__(self, ctx: Context, repo: SchemeRepository) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = SchemeState(repo, ctx.units, ctx.clock)
        self.ranks = RankPublisher(ctx, repo, self.state)
        self.freezer = Freezer(ctx, repo, self.state, self.ranks.throttle, self.ranks.io)
        # Batches are stored behind the next one's scoring (shared/write_behind.py); everyone
        # but the consumer takes the settling lock, under which nothing is still being stored.
        self.pipeline = WriteBehind("scheme-stage", self.prepare, self.reset)
        self.lock = self.pipeline.settling
        self.consumer: BatchConsumer | None = None
        # Audit records of the batch being stored, not yet readable from the database.
        self._unsettled: dict[str, Document] = {}
        # The catalogue reconciler, consulted before a batch's schemes are scored.
        self.reconciling: Reconciling | None = None

    def reset(self) -> None:
        """Forget memory (it may be ahead of what was stored): boards reload from the database."""
        self.state.reset()
        self._unsettled = {}

    async def handle(self, records: Sequence[Any]) -> None:
        """The plain batch handler: effects stored before it returns (then offsets are committed)."""
        async with self.lock:
            try:
                await self._handle(records)
            except BaseException:
                self.reset()
                raise

    async def prepare(self, records: Sequence[Any]) -> Write | None:
        """The write-behind handler: read and fold a batch of submissions now, return its writes.

        A batch with a period event goes the plain way (None): a freeze reads stored scores."""
        if any(r.topic != PROGRESS_SUBMITTED for r in records):
            return None
        plan, effects = await self._score([read(r, SUBMITTED_TYPE) for r in records], behind=True)
        # Until stored, this batch's audit records answer the next batch's duplicate checks, and
        # its boards stay in memory (a board loaded from the database would lack its scores).
        self._unsettled = {d["_id"]: d for d in plan.audit}
        self.state.pinned = {(a.submission.scheme, a.submission.period) for a in plan.arrivals}
        return functools.partial(self._write, plan, effects)

    async def _handle(self, records: Sequence[Any]) -> None:
        submissions = [r for r in records if r.topic == PROGRESS_SUBMITTED]
        if submissions:
            await self._submissions([read(r, SUBMITTED_TYPE) for r in submissions])
        for record in records:
            if record.topic == PERIODS_EVENTS:
                await self._period_event(record)

    async def _submissions(self, readings: list[Reading]) -> None:
        await self._write(*await self._score(readings))

    async def _score(self, readings: list[Reading], behind: bool = False) -> tuple[Plan, Effects]:
        catalogue = self.ctx.catalog.schemes
        ids = [key for key in (dedup_key(r.data, catalogue) for r in readings) if key is not None]
        # The boards the batch names are loaded beside the duplicate check: one wait on the
        # database instead of two (the plan's own keys, loaded below, are almost always these).
        stored, stale, _ = await asyncio.gather(
            self.repo.stored_submissions(ids), self.state.load(self._named(readings)), self.state.refresh_frozen())
        for key in stale:
            self.ranks.throttle.mark(key)
        intake = Intake(self.ctx.catalog.schemes, district_ids(), self.ctx.period_window(), self.state.frozen)
        stored.update((sid, self._unsettled[sid]) for sid in ids if sid in self._unsettled and sid not in stored)
        plan = intake.plan(readings, stored)
        keys = {(a.submission.scheme, a.submission.period) for a in plan.arrivals}
        schemes = {scheme for scheme, _ in keys}
        if self.reconciling is not None and self.reconciling.waiting(schemes):
            if behind:  # re-scoring must not race the writes of the batch being stored
                raise PlainWay("a scheme of the batch waits to be compared with the catalogue")
            await self.reconciling.before_scoring(schemes)
        for key in await self.state.load(keys):
            self.ranks.throttle.mark(key)
        await self.state.load_previous(keys)
        return plan, self._fold(plan)

    def _named(self, readings: list[Reading]) -> set[tuple[str, str]]:
        """(scheme, period) of the readings that name a known scheme and a well-formed period."""
        keys = set()
        for r in readings:
            data = r.data
            if isinstance(data, dict):
                scheme, period = data.get("scheme"), data.get("period")
                if scheme in self.ctx.catalog.schemes and isinstance(period, str) and is_period(period):
                    keys.add((scheme, period))
        return keys

    async def _write(self, plan: Plan, effects: Effects) -> None:
        # The audit trail goes beside the events and the scores; the scores are stored only
        # once the events are acknowledged, so a stored score always was announced.
        async def announce_then_store() -> None:
            await self.ctx.publish(effects.outgoing(plan.refusals))
            await self.repo.save_scores(effects.scores, effects.new_scores)

        await asyncio.gather(self.repo.add_submissions(plan.audit), self.repo.add_rejections(plan.rejections),
                             announce_then_store())
        for key in effects.dirty:
            self.ranks.throttle.mark(key)
        self._count(plan, effects)

    def _fold(self, plan: Plan) -> Effects:
        effects = Effects()
        for arrival in plan.arrivals:
            sub = arrival.submission
            board = self.state.board(sub.scheme, sub.period)
            change = board.offer(sub.district, arrival.entry)
            if change is not None:
                previous = self.state.previous(sub.scheme, sub.period, sub.district)
                effects.change(board, change, arrival.scheme, previous)
        return effects

    def _count(self, plan: Plan, effects: Effects) -> None:
        m = self.ctx.metrics
        for outcome, n in plan.outcomes.items():
            m.submissions.labels(outcome).inc(n)
            self.ctx.service_metrics.messages.labels(PROGRESS_SUBMITTED, outcome).inc(n)
        if plan.outcomes["duplicate"]:
            self.ctx.service_metrics.duplicates.labels(PROGRESS_SUBMITTED).inc(plan.outcomes["duplicate"])
        for step in effects.regrades:
            m.regrade(step)

    async def _period_event(self, record: Any) -> None:
        reading = read(record, FROZEN, DEADLINE_PASSED)
        if reading.event is None:
            await self._dead_letter(record, "; ".join(p.message for p in reading.problems))
            return
        if reading.event.type != FROZEN:
            return  # a deadline is the alerts service's business
        try:
            period = event_period(reading.data, self.ctx.period_window())
        except UnusablePeriod as exc:
            await self._dead_letter(record, f"{FROZEN}: {exc}")
            return
        await self.freezer.freeze(period)
        self.ctx.service_metrics.messages.labels(PERIODS_EVENTS, "frozen").inc()

    async def _dead_letter(self, record: Any, why: str) -> None:
        log.error("unusable period event", extra=log_context(position=f"{record.partition}/{record.offset}"))
        if self.consumer is not None:
            await self.consumer.dead_letter(record, PoisonMessage(why))

    async def tick(self) -> None:
        """Publish the rankings that became due (a background loop calls this).

        Not settling: a ranking may show the batch being stored — the state its redelivery
        would reach again — and waiting for it every tick would undo the write-behind."""
        async with self.pipeline.lock:
            due = self.ranks.due()
        await self.ranks.publish(await self.ranks.read(due))

