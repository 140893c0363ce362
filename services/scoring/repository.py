"""MongoDB access of the scheme stage: audit trail, current scores, rankings, finals, periods."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from pymongo import InsertOne, ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document, entry_from, previous_from
from services.scoring.domain.entries import Entry
from services.scoring.schema import (
    FINALS,
    PERIODS,
    RANKINGS,
    REJECTIONS,
    SCHEME_DEFINITIONS,
    SCORES,
    SUBMISSIONS,
    ranking_key,
)
from services.scoring.writes import bulk, guarded_upsert
from shared.events.scoring import PreviousResult


class SchemeRepository:
    def __init__(self, database: Callable[[], AsyncDatabase[Document]]) -> None:
        # A provider: the database is connected by the service's lifespan, after wiring.
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Document]:
        return self._database()

    async def frozen_periods(self) -> set[str]:
        return {d["_id"] async for d in self.db[PERIODS].find({"frozen": True}, {"_id": 1})}

    async def stored_submissions(self, ids: Iterable[str]) -> dict[str, Document]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        return {d["_id"]: d async for d in self.db[SUBMISSIONS].find({"_id": {"$in": wanted}})}

    async def add_submissions(self, docs: Sequence[Document]) -> None:
        """Append to the audit trail; a version already there (a redelivery) is left as it is."""
        await bulk(self.db[SUBMISSIONS], [InsertOne(d) for d in docs])

    async def add_rejections(self, docs: Sequence[Document]) -> None:
        """Record refused submissions (keyed by Kafka position: a redelivery adds nothing)."""
        if docs:
            await bulk(self.db[REJECTIONS], [InsertOne(d) for d in docs])

    async def entries(self, scheme: str, period: str) -> list[tuple[str, Entry]]:
        cursor = self.db[SCORES].find({"scheme": scheme, "period": period})
        return [(d["district"], entry_from(d)) async for d in cursor]

    async def period_entries(self, period: str, schemes: Collection[str]) -> dict[str, list[tuple[str, Entry]]]:
        """`entries` of several schemes of one period, in one query (half the time of one query
        per scheme on the embedded server, measured; the period's index narrows it)."""
        found: dict[str, list[tuple[str, Entry]]] = {s: [] for s in schemes}
        async for d in self.db[SCORES].find({"period": period, "scheme": {"$in": list(found)}}):
            found[d["scheme"]].append((d["district"], entry_from(d)))
        return found

    async def save_scores(self, docs: Iterable[Document], new: Collection[str] = ()) -> None:
        """Version-guarded: a stored later version is never replaced by an earlier one.

        Ids in `new` had no document when their board was loaded, so they are inserted (half
        the work of a guarded upsert); one that was stored meanwhile by a former owner of the
        scheme is then written with the guard.
        """
        latest = list({d["_id"]: d for d in docs}.values())
        ops = [InsertOne(d) if d["_id"] in new else self._guarded(d) for d in latest]
        taken = await bulk(self.db[SCORES], ops)
        await bulk(self.db[SCORES], [self._guarded(latest[i]) for i in sorted(taken) if latest[i]["_id"] in new])

    @staticmethod
    def _guarded(doc: Document) -> ReplaceOne[Document]:
        return guarded_upsert(doc, {"version": {"$lte": doc["version"]}})

    async def finals(self, scheme: str, period: str) -> dict[str, PreviousResult]:
        cursor = self.db[FINALS].find({"scheme": scheme, "period": period})
        return {d["district"]: previous_from(d) async for d in cursor}

    async def save_finals(self, docs: Sequence[Document]) -> None:
        await bulk(self.db[FINALS], [ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs])

    async def ranking(self, scheme: str, period: str) -> Document | None:
        return await self.db[RANKINGS].find_one({"_id": ranking_key(scheme, period)})

    async def save_rankings(self, payloads: Sequence[dict[str, Any]]) -> None:
        """Store `scheme.ranked.v1` data; a live ranking never overwrites a final one."""
        ops = []
        for data in payloads:
            doc = {"_id": ranking_key(data["scheme"], data["period"]), **data}
            ops.append(ReplaceOne({"_id": doc["_id"]}, doc, upsert=True) if data["final"]
                       else guarded_upsert(doc, {"final": {"$ne": True}}))
        await bulk(self.db[RANKINGS], ops)

    async def mark_frozen(self, period: str, at: str) -> None:
        await self.db[PERIODS].update_one(
            {"_id": period}, {"$set": {"frozen": True}, "$setOnInsert": {"frozen_at": at}}, upsert=True)

    async def schemes_in_period(self, period: str) -> list[str]:
        return sorted(await self.db[SCORES].distinct("scheme", {"period": period}))

    async def periods_of(self, scheme: str) -> list[str]:
        return sorted(await self.db[SCORES].distinct("period", {"scheme": scheme}))

    async def definition(self, scheme: str) -> Document | None:
        return await self.db[SCHEME_DEFINITIONS].find_one({"_id": scheme})

    async def save_definition(self, scheme: str, fields: Document) -> None:
        await self.db[SCHEME_DEFINITIONS].replace_one({"_id": scheme}, {"_id": scheme, **fields}, upsert=True)
