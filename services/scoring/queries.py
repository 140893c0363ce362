"""What the HTTP API reads: the stored rankings, composites, scores and submissions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document
from services.scoring.schema import (
    COMPOSITE_HISTORY,
    COMPOSITES,
    RANKINGS,
    REJECTIONS,
    SCORES,
    SUBMISSIONS,
    history_key,
    ranking_key,
    score_key,
)
from shared.submission_rules import scoped_id

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

    # `latest` (shared/latest.py): the most recent period that has something to show.

    async def latest_composite_period(self) -> str | None:
        """The latest period whose composite ranks someone (quarantined figures alone rank nobody)."""
        async for doc in self.db[COMPOSITES].find({}, {"_id": 1, "ranks": 1}).sort("_id", -1):
            if doc.get("ranks"):
                return str(doc["_id"])
        return None

    async def latest_ranking_period(self, scheme: str) -> str | None:
        """The latest period in which the scheme ranks someone."""
        async for doc in self.db[RANKINGS].find({"scheme": scheme}, {"period": 1, "ranks": 1}).sort("period", -1):
            if doc.get("ranks"):
                return str(doc["period"])
        return None

    async def latest_period_of(self, district: str) -> str | None:
        """The latest period in whose composite the district is ranked (a district with accepted
        marks is): the composites, one per period, newest first."""
        async for doc in self.db[COMPOSITES].find({}, {"_id": 1, "ranks": 1}).sort("_id", -1):
            if any(row.get("district") == district for row in doc.get("ranks", [])):
                return str(doc["_id"])
        return None

    # A submission's outcome (GET /v1/submissions/{id}).

    async def submission(self, submission_id: str, departments: Iterable[str]) -> Document | None:
        """The audit record of the id in one of the departments (ids are scoped by department)."""
        keys = [scoped_id(department, submission_id) for department in sorted(departments)]
        return await self.db[SUBMISSIONS].find_one({"_id": {"$in": keys}})

    async def counting(self, scheme: str, period: str, district: str) -> Document | None:
        """The score document of the version that counts for the (scheme, period, district)."""
        return await self.db[SCORES].find_one({"_id": score_key(scheme, period, district)},
                                              {"submission_id": 1, "revision": 1, "marks": 1, "grade": 1})

    async def rejections(self, submission_id: str) -> list[Document]:
        cursor = self.db[REJECTIONS].find({"submission_id": submission_id}).sort("received_at", -1)
        return await cursor.to_list(None)
