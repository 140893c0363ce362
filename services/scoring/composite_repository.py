"""MongoDB access of the composite stage: marks in, composites and the FY history out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pymongo import ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document
from services.scoring.schema import COMPOSITE_HISTORY, COMPOSITES, SCORES
from services.scoring.writes import bulk, guarded_upsert


class CompositeRepository:
    def __init__(self, database: Callable[[], AsyncDatabase[Document]]) -> None:
        # A provider: the database is connected by the service's lifespan, after wiring.
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Document]:
        return self._database()

    async def marks(self, period: str) -> list[tuple[str, str, float]]:
        """(district, scheme, marks) of every accepted current score in the period."""
        cursor = self.db[SCORES].find({"period": period, "status": "scored"},
                                      {"district": 1, "scheme": 1, "marks": 1})
        return [(d["district"], d["scheme"], float(d["marks"])) async for d in cursor]

    async def composite(self, period: str) -> Document | None:
        return await self.db[COMPOSITES].find_one({"_id": period})

    async def save_composite(self, data: dict[str, Any]) -> None:
        """Store `composite.ranked.v1` data; a live composite never overwrites a final one."""
        doc = {"_id": data["period"], **data}
        op = ReplaceOne({"_id": doc["_id"]}, doc, upsert=True) if data["final"] else \
            guarded_upsert(doc, {"final": {"$ne": True}})
        await bulk(self.db[COMPOSITES], [op])

    async def save_history(self, docs: Sequence[Document]) -> None:
        """Each district's final composite rank in a period (idempotent: replaced by id)."""
        await bulk(self.db[COMPOSITE_HISTORY], [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs])
