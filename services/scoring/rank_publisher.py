"""Live scheme rankings: published at most once per interval per scheme and period while they
change (the final ones are published by the freeze).

The boards in memory are read under the scheme stage's lock, without waiting on anything; the
boards dropped from memory that still owe a ranking are read from the database outside it, as
is publishing and storing, under a lock of their own that the freeze also takes. So publishing
rankings never holds up the scoring of submissions (a read waits behind whatever the database
is writing: during a catch-up, the stage's lock was held for a third of a second a tick), and
no live ranking is published after its period's final one. A ranking read while its board was
being written is published again: the write marks the board after the snapshot's generation.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.scoring.context import Context
from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.standings import scheme_ranked
from services.scoring.events import scheme_ranked as ranked_event
from services.scoring.repository import SchemeRepository
from services.scoring.scheme_state import Key, SchemeState
from services.scoring.throttle import Throttle

# Catching up over many periods makes hundreds of rankings dirty at once; publishing each once a
# second would then cost more than scoring. Each tick publishes this many at most, oldest first.
MAX_PER_TICK = 10


@dataclass(frozen=True)
class Snapshot:
    key: Key
    generation: int | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class Due:
    taken: list[Snapshot]  # from boards in memory
    stored: list[tuple[Key, int | None]]  # boards dropped from memory, with their generations


class RankPublisher:
    def __init__(self, ctx: Context, repo: SchemeRepository, state: SchemeState) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = state
        self.throttle: Throttle[Key] = Throttle(ctx.settings.rank_publish_interval_s)
        self.io = asyncio.Lock()

    def due(self) -> Due:
        """The rankings due now: those of boards in memory taken at once (call under the scheme
        stage's lock), the others named to be read from the database (`read`, outside it)."""
        now = self.ctx.clock()
        ready = self.throttle.due(now)
        for key in ready:
            if key[1] in self.state.frozen:  # the freeze published its final ranking
                self.throttle.done(key, now)
        keys = [k for k in ready if k[1] not in self.state.frozen][:MAX_PER_TICK]
        taken = [self._snapshot(k, self.throttle.generation(k), self.state.boards[k])
                 for k in keys if k in self.state.boards]
        return Due(taken, [(k, self.throttle.generation(k)) for k in keys if k not in self.state.boards])

    async def read(self, due: Due) -> list[Snapshot]:
        """`due`'s snapshots, the boards dropped from memory read from the database (not kept:
        a ranking owed by a dropped board must not push out the boards in use)."""
        if not due.stored:
            return due.taken
        boards = await self.state.peek(k for k, _ in due.stored)
        return [*due.taken, *(self._snapshot(k, generation, boards[k]) for k, generation in due.stored)]

    def _snapshot(self, key: Key, generation: int | None, board: SchemeBoard) -> Snapshot:
        return Snapshot(key, generation, scheme_ranked(board, False, self.ctx.units))

    async def publish(self, snapshots: list[Snapshot]) -> None:
        """Publish, then store, the snapshots (stored last: a stored ranking that differs from
        its board marks a lost publication, which the next load of the board repairs)."""
        async with self.io:
            live = [s for s in snapshots if s.key[1] not in self.state.frozen]
            if live:
                await self.ctx.publish([ranked_event(s.payload) for s in live])
                await self.repo.save_rankings([s.payload for s in live])
                self.ctx.metrics.rankings_published.labels("scheme").inc(len(live))
            now = self.ctx.clock()
            for s in snapshots:
                self.throttle.done(s.key, now, s.generation)
