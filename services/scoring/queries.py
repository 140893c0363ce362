"""What the HTTP API reads: the stored rankings, composites and scores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document
from services.scoring.schema import COMPOSITE_HISTORY, COMPOSITES, RANKINGS, SCORES, history_key, ranking_key

SCORE_FIELDS = ("scheme", "department", "status", "marks", "grade", "kpis", "values", "reasons",
                "submission_id", "revision", "submitted_by", "submitted_at")
# Stored only when not empty (services/scoring/documents.py).
SCORE_DEFAULTS: dict[str, Any] = {"reasons": []}


class Queries:
    def __init__(self, database: Callable[[], AsyncDatabase[Document]]) -> None:
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Document]:
        return self._database()

    async def ranking(self, scheme: str, period: str) -> Document | None:
        return await self.db[RANKINGS].find_one({"_id": ranking_key(scheme, period)}, {"_id": 0})

    async def composite(self, period: str) -> Document | None:
        return await self.db[COMPOSITES].find_one({"_id": period}, {"_id": 0})

    async def scores(self, district: str, period: str) -> list[Document]:
        """The district's current score on every scheme, with its latest published rank."""
        docs = await self.db[SCORES].find({"district": district, "period": period}).sort("scheme", 1).to_list(None)
        keys = [ranking_key(d["scheme"], period) for d in docs]
        ranks: dict[str, tuple[int, int]] = {}
        async for ranking in self.db[RANKINGS].find({"_id": {"$in": keys}}):
            for row in ranking.get("ranks", []):
                if row["district"] == district:
                    ranks[ranking["scheme"]] = (row["rank"], ranking["of"])
        out = []
        for doc in docs:
            rank, of = ranks.get(doc["scheme"], (None, None))
            out.append({**{k: doc.get(k, SCORE_DEFAULTS.get(k)) for k in SCORE_FIELDS}, "rank": rank, "of": of})
        return out

    async def composite_of(self, district: str, period: str) -> dict[str, Any] | None:
        """The district's composite in the period: final from the history, else the live one."""
        doc = await self.db[COMPOSITE_HISTORY].find_one({"_id": history_key(district, period)})
        if doc is not None:
            return {k: doc.get(k) for k in ("marks", "rank", "of", "categories", "final")}
        live = await self.db[COMPOSITES].find_one({"_id": period})
        row = next((r for r in (live or {}).get("ranks", []) if r["district"] == district), None)
        if live is None or row is None:
            return None
        return {"marks": row["marks"], "rank": row["rank"], "of": live["of"], "categories": row["categories"],
                "final": live["final"]}
