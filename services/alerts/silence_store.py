"""The `silences` collection: operators' silences, read at every raise (so a silence made
through any instance's API applies at once on every instance)."""

from __future__ import annotations

from datetime import datetime

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.alerts.domain.silences import Silence, instant
from shared.mongo import Document, Index

SILENCES = "silences"
INDEXES = [Index([("until_at", 1)]), Index([("created_at", -1)])]
_FIELDS = tuple(Silence.model_fields)


def _silence(doc: Document) -> Silence:
    return Silence.model_validate({k: doc[k] for k in _FIELDS})


class MongoSilenceStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._silences = db[SILENCES]

    async def active(self, now: datetime) -> list[Silence]:
        # `until_at` is the parsed `until`, so that MongoDB can skip the expired ones.
        return [_silence(d) async for d in self._silences.find({"until_at": {"$gt": now}})]

    async def add(self, silence: Silence, key_id: str) -> None:
        await self._silences.insert_one(
            {"_id": silence.id, **silence.model_dump(mode="json"), "until_at": instant(silence.until),
             "key_id": key_id}
        )

    async def all(self) -> list[Silence]:
        return [_silence(d) async for d in self._silences.find().sort("created_at", DESCENDING)]

    async def expire(self, silence_id: str, now: datetime, by: str) -> Silence | None:
        doc = await self._silences.find_one({"_id": silence_id})
        if doc is None:
            return None
        ended = _silence(doc).ended(now)
        await self._silences.update_one({"_id": silence_id}, {"$set": {
            "until": ended.until, "until_at": instant(ended.until), "expired_by": by, "expired_at": now}})
        return ended

    async def remove(self, silence_id: str) -> bool:
        result = await self._silences.delete_one({"_id": silence_id})
        return result.deleted_count == 1
