"""The frozen periods ingest has seen (`frozen_periods`: one document per period, `_id`), so
that it refuses submissions for them (409) before they reach scoring."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from shared.observability import log_context

log = logging.getLogger("anushravan.ingest.frozen_periods")
FROZEN = "frozen_periods"
Database = Callable[[], AsyncDatabase[dict[str, Any]]]


class FrozenPeriods:
    """The frozen periods: stored by this service's consumer, held in memory by every
    instance and reloaded every second (only one instance of the group consumes the
    freeze, and a period once frozen stays frozen)."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.known: frozenset[str] = frozenset()

    @property
    def _col(self) -> Any:
        return self._db()[FROZEN]

    async def reload(self) -> None:
        self.known = self.known | {doc["_id"] async for doc in self._col.find({}, {"_id": 1})}

    async def freeze(self, periods: Iterable[str], at: datetime) -> None:
        for period in sorted(set(periods)):
            await self._col.update_one({"_id": period}, {"$setOnInsert": {"frozen_at": at}}, upsert=True)
            self.known = self.known | {period}


async def reload_loop(frozen: FrozenPeriods, interval_s: float = 1.0) -> None:
    while True:
        await asyncio.sleep(interval_s)
        try:
            await frozen.reload()
        except PyMongoError as exc:
            log.warning("could not reload the frozen periods", extra=log_context(error=repr(exc)))
