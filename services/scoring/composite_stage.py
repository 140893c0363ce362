"""The composite stage (consumer group `scoring-composite`): fed by the internal topic
`scoring.scores-by-period`, keyed by period, so each period has one owner among the instances
and its composite board is never shared (DESIGN.md §4).

A period's board is loaded from the stored scores on first use after a start or a rebalance,
then kept up to date by the scheme stage's marks. The scheme stage's `period-closed` event,
which follows every mark of the period in the same partition, makes the composite final.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from services.scoring.composite_repository import CompositeRepository
from services.scoring.context import Context
from services.scoring.domain.composite_board import CompositeBoard, Weights
from services.scoring.events import composite_ranked
from services.scoring.history import history_documents
from services.scoring.internal_events import PERIOD_CLOSED, PERIOD_MARKS, PeriodClosed, PeriodMarks
from services.scoring.rank_publisher import MAX_PER_TICK
from services.scoring.records import read
from services.scoring.throttle import Throttle
from shared.messaging import BatchConsumer, PoisonMessage
from shared.observability import log_context

log = logging.getLogger("anushravan.scoring.composite")


class CompositeStage:
    def __init__(self, ctx: Context, repo: CompositeRepository) -> None:
        self.ctx = ctx
        self.repo = repo
        self.boards: dict[str, CompositeBoard] = {}
        self.closed: set[str] = set()
        self.throttle: Throttle[str] = Throttle(ctx.settings.rank_publish_interval_s)
        self.lock = asyncio.Lock()
        self.consumer: BatchConsumer | None = None

    def reset(self) -> None:
        self.boards.clear()
        self.closed.clear()

    async def handle(self, records: Sequence[Any]) -> None:
        async with self.lock:
            try:
                await self._handle(records)
            except BaseException:
                self.reset()
                raise

    async def _handle(self, records: Sequence[Any]) -> None:
        touched: dict[str, set[str]] = {}
        for record in records:
            reading = read(record, PERIOD_MARKS, PERIOD_CLOSED)
            try:
                if reading.event is None:
                    raise PoisonMessage("; ".join(p.message for p in reading.problems))
                if reading.event.type == PERIOD_MARKS:
                    await self._marks(PeriodMarks.read(reading.data), touched)
                else:
                    await self._flush(touched)
                    await self._close(PeriodClosed.read(reading.data).period)
            except (PoisonMessage, ValidationError) as exc:
                log.error("unusable composite input", extra=log_context(error=str(exc)))
                if self.consumer is not None:
                    await self.consumer.dead_letter(record, exc)
        await self._flush(touched)
        await self.publish_due()

    async def _marks(self, event: PeriodMarks, touched: dict[str, set[str]]) -> None:
        board = await self.board(event.period)
        if board is None:
            return  # final already: what arrives after the freeze changes nothing
        for m in event.marks:
            board.set_marks(m.district, m.scheme, m.marks)
            touched.setdefault(event.period, set()).add(m.district)

    async def _flush(self, touched: dict[str, set[str]]) -> None:
        weights = Weights.of(self.ctx.catalog.schemes.values())
        for period, districts in touched.items():
            board = self.boards.get(period)
            if board is not None:
                board.recompute(sorted(districts), weights)
                self.throttle.mark(period)
        touched.clear()

    async def board(self, period: str) -> CompositeBoard | None:
        """The period's board, loaded from the stored scores on first use; None once final."""
        if period in self.closed:
            return None
        if period in self.boards:
            return self.boards[period]
        stored = await self.repo.composite(period)
        if stored is not None and stored.get("final"):
            self.closed.add(period)
            return None
        board = await self._load(period)
        if stored is None or stored.get("ranks") != board.payload(False)["ranks"]:
            self.throttle.mark(period)  # a crash came between a change and its publication
        self.boards[period] = board
        return board

    async def _load(self, period: str) -> CompositeBoard:
        board = CompositeBoard(period)
        for district, scheme, marks in await self.repo.marks(period):
            board.set_marks(district, scheme, marks)
        board.recompute_all(Weights.of(self.ctx.catalog.schemes.values()))
        return board

    async def _close(self, period: str) -> None:
        """The final composite, from the stored scores (the same ones the final scheme rankings
        used). Published again on a replay, with the same id, then stored."""
        if period in self.closed:
            return
        board = await self._load(period)
        if board.overall.of:
            payload = board.payload(True)
            await self.ctx.publish([composite_ranked(payload)])
            await self.repo.save_composite(payload)
            await self.repo.save_history(history_documents(payload))
            self.ctx.metrics.rankings_published.labels("composite").inc()
        self.closed.add(period)
        self.boards.pop(period, None)
        self.throttle.forget(lambda key: key == period)

    async def publish_due(self) -> None:
        """Publish, then store, the composites that changed and whose interval has passed
        (stored last: a stored composite that differs from the board marks a lost publication)."""
        now = self.ctx.clock()
        due = []
        for period in self.throttle.due(now, MAX_PER_TICK):
            if await self.board(period) is None:
                self.throttle.done(period, now)  # final already
            else:
                due.append(period)
        payloads = [self.boards[p].payload(False) for p in due]
        if payloads:
            await self.ctx.publish([composite_ranked(p) for p in payloads])
            self.ctx.metrics.rankings_published.labels("composite").inc(len(payloads))
        for payload in payloads:
            await self.repo.save_composite(payload)
        for period in due:
            self.throttle.done(period, now)

    async def on_catalogue_change(self, scheme_id: str, old: object, new: object) -> None:
        """Weights, categories or grading changed, or a scheme retired: recompute every period held."""
        async with self.lock:
            weights = Weights.of(self.ctx.catalog.schemes.values())
            for period, board in self.boards.items():
                board.recompute_all(weights)
                self.throttle.mark(period)

    async def tick(self) -> None:
        async with self.lock:
            try:
                await self.publish_due()
            except BaseException:
                self.reset()
                raise
