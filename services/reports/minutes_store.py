"""The minutes in MongoDB: one document per version, the directives typed per item, and
the dirty marks that say which drafts must be regenerated.

Versions are append-only: a version document is never changed (only its `published`
delivery flag is set once its event is acknowledged), and the unique index on
(district, period, version) serialises writers — two regenerations racing for the same
version number cannot both win, the loser re-reads and tries again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pymongo import DESCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from services.reports.rankings import pair_key
from shared.mongo import Index

Pair = tuple[str, str]
Doc = dict[str, Any]
MINUTES, DIRECTIVES, DIRTY = "minutes", "reports_directives", "reports_dirty"
MEETINGS = "reports_meetings"  # one document per (district, period): letter number, date, attendance
# Drafts that could not be prepared (not for want of the database): one document per
# district-period, with the reason; tried again when their facts change or the service starts.
DEAD = "reports_dead_drafts"
MINUTES_SCHEMA: dict[str, list[Index]] = {
    MINUTES: [Index([("district", 1), ("period", 1), ("version", 1)], unique=True), Index([("published", 1)]),
              Index([("period", 1)]),
              Index([("dp", 1)])],
    DIRECTIVES: [Index([("district", 1), ("period", 1)])],
    DIRTY: [Index([("last_at", 1)])],
    MEETINGS: [],
    DEAD: [],
}
# What GET …/versions lists of each version (the content is fetched one version at a time).
VERSION_FIELDS = {"_id": 0, "version": 1, "status": 1, "created_at": 1, "trigger": 1, "by": 1, "via": 1,
                  "content_hash": 1, "finalized_from": 1}


def version_id(district: str, period: str, version: int) -> str:
    return f"{district}|{period}|{version}"


class MinutesStore:
    def __init__(self, database: Callable[[], AsyncDatabase[Doc]]) -> None:
        # A provider, not the database: the service connects only when it starts.
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Doc]:
        return self._database()

    async def latest(self, district: str, period: str) -> Doc | None:
        return await self.db[MINUTES].find_one({"dp": pair_key(district, period)}, sort=[("version", DESCENDING)])

    async def version(self, district: str, period: str, version: int) -> Doc | None:
        return await self.db[MINUTES].find_one({"_id": version_id(district, period, version)})

    async def latest_final(self, district: str, period: str) -> Doc | None:
        return await self.db[MINUTES].find_one({"dp": pair_key(district, period), "status": "final"},
                                                sort=[("version", DESCENDING)])

    async def latest_period(self, district: str) -> str | None:
        """The latest period with minutes for the district (for `latest`)."""
        found = await self.db[MINUTES].find_one({"district": district}, {"period": 1}, sort=[("period", DESCENDING)])
        return found["period"] if found else None

    async def latest_of_period(self, period: str) -> dict[str, Doc]:
        """Each district's latest version number of the period and when it was made (no content)."""
        latest: dict[str, Doc] = {}
        async for d in self.db[MINUTES].find({"period": period}, {"district": 1, "version": 1, "created_at_s": 1}):
            if d["version"] > latest.get(d["district"], {"version": 0})["version"]:
                latest[d["district"]] = d
        return latest

    async def versions(self, district: str, period: str) -> list[Doc]:
        cursor = self.db[MINUTES].find({"dp": pair_key(district, period)}, VERSION_FIELDS)
        return sorted([d async for d in cursor], key=lambda d: d["version"])

    async def insert(self, doc: Doc) -> None:
        """Store a new version; raises DuplicateKeyError when another writer took its number."""
        await self.db[MINUTES].insert_one(doc)

    async def mark_published(self, doc_id: str) -> None:
        await self.db[MINUTES].update_one({"_id": doc_id}, {"$set": {"published": True}})

    async def unpublished(self, created_before: float) -> list[Doc]:
        cursor = self.db[MINUTES].find({"published": False, "created_at_s": {"$lt": created_before}},
                                       {"district": 1, "period": 1, "version": 1, "status": 1})
        return [d async for d in cursor]

    async def with_minutes(self, districts: Iterable[str] | None, periods: Iterable[str]) -> set[Pair]:
        """The pairs among these districts (None: any) and periods that have minutes."""
        query: Doc = {"period": {"$in": list(periods)}}
        if districts is not None:
            query["district"] = {"$in": list(districts)}
        cursor = self.db[MINUTES].find(query, {"district": 1, "period": 1})
        return {(d["district"], d["period"]) async for d in cursor}

    async def open_drafts(self) -> set[Pair]:
        """Every (district, period) whose minutes are not final yet."""
        drafts = {(d["district"], d["period"]) async for d in
                  self.db[MINUTES].find({"status": "draft"}, {"district": 1, "period": 1})}
        finals = {(d["district"], d["period"]) async for d in
                  self.db[MINUTES].find({"status": "final"}, {"district": 1, "period": 1})}
        return drafts - finals

    # Directives, one document per (district, period, item).

    async def directives(self, district: str, period: str) -> dict[str, str]:
        cursor = self.db[DIRECTIVES].find({"district": district, "period": period})
        return {d["item_id"]: d["text"] async for d in cursor}

    async def save_directives(self, district: str, period: str, texts: Mapping[str, str], by: str,
                              now: float) -> None:
        writes = [UpdateOne({"_id": f"{district}|{period}|{item}"},
                            {"$set": {"district": district, "period": period, "item_id": item,
                                      "text": text, "by": by, "at": now}}, upsert=True)
                  for item, text in texts.items()]
        if writes:
            await self.db[DIRECTIVES].bulk_write(writes, ordered=False)

    # The meeting's record, replaced whole by each PUT.

    async def meeting(self, district: str, period: str) -> Doc | None:
        return await self.db[MEETINGS].find_one({"_id": pair_key(district, period)}, {"_id": 0, "by": 0, "at": 0})

    async def save_meeting(self, district: str, period: str, record: Mapping[str, Any], by: str, now: float) -> None:
        # The id is repeated in the replacement: nx-27017 gives an upserted replacement a new one.
        key = pair_key(district, period)
        await self.db[MEETINGS].replace_one({"_id": key}, {**record, "_id": key, "district": district,
                                                          "period": period, "by": by, "at": now}, upsert=True)

    # Dirty marks: (district, period) pairs to regenerate, kept in MongoDB so a restart loses none.

    async def mark_dirty(self, pairs: Iterable[Pair], now: float) -> None:
        writes = [UpdateOne({"_id": pair_key(d, p)},
                            {"$set": {"district": d, "period": p, "last_at": now},
                             "$setOnInsert": {"first_at": now}}, upsert=True)
                  for d, p in sorted(set(pairs))]
        if writes:
            await self.db[DIRTY].bulk_write(writes, ordered=False)

    async def due(self, now: float, debounce_s: float, max_wait_s: float) -> list[Doc]:
        """Marks quiet for the debounce, or waiting longer than the maximum under a steady stream."""
        query = {"$or": [{"last_at": {"$lte": now - debounce_s}}, {"first_at": {"$lte": now - max_wait_s}}]}
        return [d async for d in self.db[DIRTY].find(query).sort("first_at", 1)]

    async def clear(self, mark: Mapping[str, Any]) -> bool:
        """Remove a mark unless an event touched it again since it was read."""
        result = await self.db[DIRTY].delete_one({"_id": mark["_id"], "last_at": mark["last_at"]})
        return result.deleted_count == 1

    async def pending(self) -> int:
        return await self.db[DIRTY].count_documents({})

    # Dead letters: drafts that could not be prepared, with why.

    async def dead_letter(self, mark: Mapping[str, Any], reason: str, error_id: str, now: float) -> None:
        """Set a draft aside with its reason; its dirty mark goes (no retry loop)."""
        await self.db[DEAD].update_one(
            {"_id": mark["_id"]}, {"$set": {"district": mark["district"], "period": mark["period"], "reason": reason,
                                            "error_id": error_id, "at": now}, "$inc": {"attempts": 1}}, upsert=True)
        await self.clear(mark)

    async def revive(self, district: str, period: str) -> None:
        """The draft was prepared: it is no longer set aside."""
        await self.db[DEAD].delete_one({"_id": pair_key(district, period)})

    async def dead(self, district: str, period: str) -> Doc | None:
        return await self.db[DEAD].find_one({"_id": pair_key(district, period)})

    async def dead_drafts(self) -> list[Pair]:
        return [(d["district"], d["period"]) async for d in self.db[DEAD].find({}, {"district": 1, "period": 1})]

    async def dead_count(self) -> int:
        return await self.db[DEAD].count_documents({})
