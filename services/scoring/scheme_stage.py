"""The scheme stage (consumer group `scoring`): submissions in, scores and scheme rankings out.

`progress.submitted` is keyed by scheme, so each scheme has one owner among the instances
and its boards are never shared. Per consumed batch: read and refuse, deduplicate against
the audit trail, fold into the boards, then write the audit trail, publish, and store the
current scores, in that order, so that a crash at any point is completed by the redelivery.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from services.scoring.context import Context
from services.scoring.domain.intake import submission_id_of
from services.scoring.effects import Effects
from services.scoring.freeze import Freezer
from services.scoring.intake_plan import Intake, Plan
from services.scoring.rank_publisher import RankPublisher
from services.scoring.records import Reading, read
from services.scoring.repository import SchemeRepository
from services.scoring.scheme_state import SchemeState
from shared.districts import district_ids
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED_TYPE
from shared.events.periods import DEADLINE_PASSED, FROZEN, PeriodEvent
from shared.messaging import BatchConsumer, PoisonMessage
from shared.observability import log_context
from shared.topics import PERIODS_EVENTS, PROGRESS_SUBMITTED

log = logging.getLogger("anushravan.scoring")


class SchemeStage:
    def __init__(self, ctx: Context, repo: SchemeRepository) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = SchemeState(repo, ctx.units, ctx.clock)
        self.ranks = RankPublisher(ctx, repo, self.state)
        self.freezer = Freezer(ctx, repo, self.state, self.ranks.throttle, self.ranks.io)
        self.lock = asyncio.Lock()
        self.consumer: BatchConsumer | None = None

    async def handle(self, records: Sequence[Any]) -> None:
        """The batch handler: effects stored before it returns (then offsets are committed)."""
        async with self.lock:
            try:
                await self._handle(records)
            except BaseException:
                # Memory may be ahead of what was stored: reload from the database on retry.
                self.state.reset()
                raise

    async def _handle(self, records: Sequence[Any]) -> None:
        submissions = [r for r in records if r.topic == PROGRESS_SUBMITTED]
        if submissions:
            await self._submissions([read(r, SUBMITTED_TYPE) for r in submissions])
        for record in records:
            if record.topic == PERIODS_EVENTS:
                await self._period_event(record)

    async def _submissions(self, readings: list[Reading]) -> None:
        await self.state.refresh_frozen()
        intake = Intake(self.ctx.catalog.schemes, district_ids(), self.ctx.today_period(), self.state.frozen)
        ids = (submission_id_of(r.data) for r in readings)
        stored = await self.repo.stored_submissions(sid for sid in ids if sid is not None)
        plan = intake.plan(readings, stored)
        keys = {(a.submission.scheme, a.submission.period) for a in plan.arrivals}
        for key in await self.state.load(keys):
            self.ranks.throttle.mark(key)
        await self.state.load_previous(keys)
        await self._write(plan, self._fold(plan))

    async def _write(self, plan: Plan, effects: Effects) -> None:
        # The audit trail and the events may go together; the scores are stored only once
        # the events are acknowledged, so a stored score always was announced.
        await asyncio.gather(self.repo.add_submissions(plan.audit), self.ctx.publish(effects.outgoing(plan.refusals)))
        await self.repo.save_scores(effects.scores, effects.new_scores)
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
            period = PeriodEvent.read(reading.data).period
        except ValidationError as exc:
            await self._dead_letter(record, f"period.frozen.v1 without a valid period: {exc.errors()[0]['msg']}")
            return
        await self.freezer.freeze(period)
        self.ctx.service_metrics.messages.labels(PERIODS_EVENTS, "frozen").inc()

    async def _dead_letter(self, record: Any, why: str) -> None:
        log.error("unusable period event", extra=log_context(position=f"{record.partition}/{record.offset}"))
        if self.consumer is not None:
            await self.consumer.dead_letter(record, PoisonMessage(why))

    async def tick(self) -> None:
        """Publish the rankings that became due (a background loop calls this)."""
        async with self.lock:
            try:
                snapshots = await self.ranks.snapshot()
            except BaseException:
                self.state.reset()
                raise
        await self.ranks.publish(snapshots)

