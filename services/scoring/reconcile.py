"""Catalogue changes (DESIGN.md §3): a changed scheme is re-scored and re-ranked in its open
periods; a retired scheme leaves the composite.

The definition last applied is stored, and every scheme this instance owns is compared with
it after each partition assignment, so a change made while scoring was down (or while the
scheme belonged to another instance) is applied too. Events of a re-score are identified by
the scheme, district, submission and the number of the definition, so a replay after a crash
publishes them with the same ids.
"""

from __future__ import annotations

import hashlib
import json

from services.scoring.context import Context
from services.scoring.effects import Effects
from services.scoring.rank_publisher import RankPublisher
from services.scoring.repository import SchemeRepository
from services.scoring.scheme_state import SchemeState
from shared.catalog import Scheme

RETIRED = "retired"


def fingerprint(scheme: Scheme) -> str:
    text = json.dumps(scheme.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class Reconciler:
    def __init__(self, ctx: Context, repo: SchemeRepository, state: SchemeState, ranks: RankPublisher) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = state
        self.ranks = ranks

    async def reconcile(self, scheme_id: str) -> bool:
        """Apply the catalogue's definition of `scheme_id` if it is not the one last applied.

        A scheme absent from the catalogue without a retirement (e.g. an empty catalogue
        after a broker restart) is left as it is. True if anything was applied.
        """
        scheme = self.ctx.catalog.get(scheme_id)
        if scheme is None and scheme_id not in self.ctx.catalog.retired:
            return False
        now = fingerprint(scheme) if scheme is not None else RETIRED
        stored = await self.repo.definition(scheme_id)
        if stored is not None and stored.get("fingerprint") == now:
            await self._republish_stale_rankings(scheme_id)
            return False
        number = int(stored["number"]) + 1 if stored is not None else 1
        await self.state.refresh_frozen(max_age_s=0.0)
        periods = [p for p in await self.repo.periods_of(scheme_id) if p not in self.state.frozen]
        for period in periods:
            if scheme is not None:
                await self._rescore(scheme, period, number)
            else:
                await self._retire(scheme_id, period)
        # Stored last: a crash before this point re-applies the change at the next start.
        definition = scheme.model_dump(mode="json") if scheme is not None else None
        await self.repo.save_definition(scheme_id, {"fingerprint": now, "number": number, "definition": definition})
        return True

    async def _republish_stale_rankings(self, scheme_id: str) -> None:
        """A crash between storing scores and publishing their live ranking leaves the stored
        ranking behind; the board would notice only when its next submission came, which in a
        settled month is never. So every assignment looks, and what is stale is published."""
        await self.state.refresh_frozen(max_age_s=0.0)
        keys = [(scheme_id, p) for p in await self.repo.periods_of(scheme_id) if p not in self.state.frozen]
        for key in await self.state.load(keys):
            self.ranks.throttle.mark(key)

    async def _rescore(self, scheme: Scheme, period: str, number: int) -> None:
        key = (scheme.id, period)
        await self.state.load([key])
        await self.state.load_previous([key])
        board = self.state.board(*key)
        effects = Effects()
        for change in board.rescore(scheme):
            if not change.visible:
                effects.store(board, change, scheme)
                continue
            previous = self.state.previous(scheme.id, period, change.district)
            effects.change(board, change, scheme, previous, cause=("definition", number))
        for district, entry in board:
            # Every district again, so that the composite stage recomputes the period even
            # when only the scheme's weight or category changed.
            effects.touch(period, scheme.id, district, entry.marks)
        await self.ctx.publish(effects.outgoing())
        await self.repo.save_scores(effects.scores)
        self.ranks.throttle.mark(key)
        for step in effects.regrades:
            self.ctx.metrics.regrade(step)

    async def _retire(self, scheme_id: str, period: str) -> None:
        effects = Effects()
        for district, _ in await self.repo.entries(scheme_id, period):
            effects.touch(period, scheme_id, district, None)
        await self.ctx.publish(effects.outgoing())
        self.state.drop_scheme(scheme_id)
        self.ranks.throttle.forget(lambda key: key[0] == scheme_id)
