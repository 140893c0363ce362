"""Freezing a period (`period.frozen.v1`): final scheme rankings, each district's final result
(the `previous` of next month's scores), then the period is refused to submissions.

Computed from the stored scores, not from memory, so whichever instance reads the freeze
finalises every scheme. Idempotent: a replay recomputes the same finals and publishes them
again with the same ids.
"""

from __future__ import annotations

import asyncio
from typing import Any

from services.scoring.context import Context
from services.scoring.documents import Document
from services.scoring.domain.board import SchemeBoard
from services.scoring.domain.standings import scheme_ranked
from services.scoring.events import period_closed
from services.scoring.events import scheme_ranked as ranked_event
from services.scoring.repository import SchemeRepository
from services.scoring.schema import score_key
from services.scoring.scheme_state import Key, SchemeState
from services.scoring.throttle import Throttle
from shared.events.envelope import iso, utc_now
from shared.events.scoring import PreviousResult


class Freezer:
    def __init__(self, ctx: Context, repo: SchemeRepository, state: SchemeState, throttle: Throttle[Key],
                 io: asyncio.Lock) -> None:
        self.ctx = ctx
        self.repo = repo
        self.state = state
        self.throttle = throttle
        self.io = io

    async def freeze(self, period: str) -> None:
        self.state.frozen.add(period)  # this instance refuses the period from now on
        payloads: list[dict[str, Any]] = []
        finals: list[Document] = []
        for scheme in await self.repo.schemes_in_period(period):
            if scheme in self.ctx.catalog.retired:
                continue
            board = SchemeBoard(scheme, period, await self.repo.entries(scheme, period))
            payload = scheme_ranked(board, True, self.ctx.units)
            payloads.append(payload)
            finals.extend(self._finals(board, payload))
        async with self.io:  # no live ranking of the period is being published meanwhile
            await self.repo.save_finals(finals)
            await self.repo.save_rankings(payloads)
            # Marked frozen only once the finals are stored: a frozen period always has its finals.
            await self.repo.mark_frozen(period, iso(utc_now()))
            await self.ctx.publish([*(ranked_event(p) for p in payloads), period_closed(period)])
        self.ctx.metrics.rankings_published.labels("scheme").inc(len(payloads))
        self.state.drop_period(period)
        self.throttle.forget(lambda key: key[1] == period)

    def _finals(self, board: SchemeBoard, payload: dict[str, Any]) -> list[Document]:
        docs = []
        results: dict[str, PreviousResult] = {}
        for row in payload["ranks"]:
            district = row["district"]
            entry = board.entry(district)
            assert entry is not None
            results[district] = PreviousResult(period=board.period, marks=row["marks"], grade=row["grade"],
                                               rank=row["rank"], of=payload["of"])
            docs.append({"_id": score_key(board.scheme, board.period, district), "scheme": board.scheme,
                         "district": district, **results[district].model_dump(),
                         "kpis": entry.evaluation.kpis, "submission_id": entry.submission_id,
                         "revision": entry.revision})
        self.state.cache_finals(board.scheme, board.period, results)
        return docs
