"""Read models the rules need, built from the consumed events and kept in MongoDB so that a
restart forgets nothing: the latest score per (district, scheme, period) and the final
rankings (scheme and composite) per period.

"Accepted" (for `missed_deadline`) means scoring accepted figures for the pair at least
once: a `scored` status was seen. A pair with only quarantined figures has no accepted
submission (its figures are kept out of marks and ranks), so at the deadline it gets a
`missed_deadline` beside its `implausible_data`. (`accepted` is 1 or 0, not a boolean:
nx-27017 stores a boolean `$set` on an existing document as a number.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterable, Sequence

from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.alerts.ports import ScoreKey
from shared.events.scoring import CompositeRanked, SchemeRanked, SchemeScored
from shared.mongo import Document, Index

# Prefixed: the services may share one database, and scoring has `scores` and `finals` of its own.
SCORES = "alerts_scores"
FINALS = "alerts_finals"
INDEXES = {
    SCORES: [Index([("period", 1), ("accepted", 1)])],
    FINALS: [Index([("kind", 1), ("period", 1)])],
}


def score_id(district: str, scheme: str, period: str) -> str:
    return f"{district}|{scheme}|{period}"


def final_id(scheme: str | None, period: str) -> str:
    return f"scheme|{scheme}|{period}" if scheme else f"composite|{period}"


def _score_update(event: SchemeScored) -> UpdateOne:
    where = {"district": event.district, "scheme": event.scheme, "period": event.period}
    latest = {**where, "status": event.status, "submission_id": event.submission_id, "revision": event.revision}
    if event.status == "scored":
        update: Document = {"$set": {**latest, "kpis": event.kpis, "grade": event.grade, "marks": event.marks,
                                     "accepted": 1}}
    else:
        # Quarantined figures keep the last accepted KPI scores (the driver compares with them).
        update = {"$set": latest, "$setOnInsert": {"accepted": 0, "kpis": {}}}
    return UpdateOne({"_id": score_id(event.district, event.scheme, event.period)}, update, upsert=True)


class MongoReadModels:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._scores = db[SCORES]
        self._finals = db[FINALS]

    async def save_scores(self, events: Sequence[SchemeScored]) -> None:
        """Upsert in order: the partition's order is the order of the revisions."""
        if events:
            await self._scores.bulk_write([_score_update(e) for e in events], ordered=True)

    async def kpis(self, keys: Collection[ScoreKey]) -> dict[ScoreKey, dict[str, float]]:
        # One lookup by id per key: an index everywhere (nx-27017 scans the collection for `$in`).
        ordered = list(keys)
        found = await asyncio.gather(*(self._scores.find_one({"_id": score_id(*k), "accepted": 1}, {"kpis": 1})
                                       for k in ordered))
        return {key: dict(doc["kpis"]) for key, doc in zip(ordered, found, strict=True) if doc}

    async def accepted(self, period: str) -> set[tuple[str, str]]:
        cursor = self._scores.find({"period": period, "accepted": 1}, {"scheme": 1, "district": 1})
        return {(d["scheme"], d["district"]) async for d in cursor}

    async def save_final(self, ranking: SchemeRanked | CompositeRanked) -> None:
        scheme = ranking.scheme if isinstance(ranking, SchemeRanked) else None
        key = final_id(scheme, ranking.period)
        # The id is repeated in the replacement: nx-27017 gives an upserted replacement a new id.
        doc = {"_id": key, "kind": "scheme" if scheme else "composite", "scheme": scheme, "period": ranking.period,
               "ranking": ranking.model_dump(mode="json")}
        await self._finals.bulk_write([ReplaceOne({"_id": key}, doc, upsert=True)])

    async def scheme_finals(self, scheme: str, periods: Collection[str]) -> list[SchemeRanked]:
        found = await self._finals_by_id(final_id(scheme, p) for p in periods)
        return [SchemeRanked.read(d["ranking"]) for d in found]

    async def composite_finals(self, periods: Collection[str]) -> list[CompositeRanked]:
        found = await self._finals_by_id(final_id(None, p) for p in periods)
        return [CompositeRanked.read(d["ranking"]) for d in found]

    async def _finals_by_id(self, ids: Iterable[str]) -> list[Document]:
        found = await asyncio.gather(*(self._finals.find_one({"_id": i}) for i in ids))
        return [doc for doc in found if doc]
