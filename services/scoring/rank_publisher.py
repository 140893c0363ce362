"""Live scheme rankings: published at most once per interval per scheme and period while they
change (the final ones are published by the freeze).

A snapshot is taken under the scheme stage's lock; publishing and storing it happen outside,
under a lock of their own that the freeze also takes, so that writing rankings never holds up
the scoring of submissions, and no live ranking is published after its period's final one.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from services.scoring.context import Context
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


class RankPublisher:
    def __init__(self, ctx: Context, repo: SchemeRepository, state: SchemeState) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = state
        self.throttle: Throttle[Key] = Throttle(ctx.settings.rank_publish_interval_s)
        self.io = asyncio.Lock()

    async def snapshot(self) -> list[Snapshot]:
        """The rankings due now (call under the scheme stage's lock)."""
        now = self.ctx.clock()
        ready = self.throttle.due(now)
        for key in ready:
            if key[1] in self.state.frozen:  # the freeze published its final ranking
                self.throttle.done(key, now)
        due = [k for k in ready if k[1] not in self.state.frozen][:MAX_PER_TICK]
        boards = await self.state.peek(due)  # boards dropped from memory still owe their publication
        return [Snapshot(k, self.throttle.generation(k), scheme_ranked(boards[k], False, self.ctx.units))
                for k in due]

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
