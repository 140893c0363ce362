"""MongoDB access of the ingest service: its receipts, and the schema of its collections.

`ingest_receipts`: one document per submission id within its scheme's department (`_id` is
`<department>|<submission_id>`, so one department can never take another's id), with the
content hash, when it was first received, by which key, and its status (`pending` until the
broker acknowledged it, then `accepted`). `ingest_revisions`: the highest revision accepted
per scheme, district and period (`_id` `<scheme>|<district>|<period>`) once it is above 1 (a
first revision outranks nothing), to tell a portal that a lower revision it sends is
superseded. The frozen periods are in frozen_periods.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.ingest.domain.idempotency import ACCEPTED, PENDING, Prior
from services.ingest.frozen_periods import FROZEN
from services.ingest.group_commit import GroupCommit
from shared.mongo import Index

RECEIPTS = "ingest_receipts"
REVISIONS = "ingest_revisions"
SCHEMA: dict[str, list[Index]] = {
    # _id is the scoped submission id, unique by construction; this index answers "what did
    # this portal send, and when" (e.g. proof of upload before the deadline).
    RECEIPTS: [Index([("key_id", 1), ("received_at", 1)])],
    REVISIONS: [],
    FROZEN: [],
}
DUPLICATE_KEY = 11000
QUERY_CHUNK = 1000


@dataclass(frozen=True)
class Reservation:
    key: str  # the submission id within its department: shared.submission_rules.scoped_id
    submission_id: str
    content_hash: str
    key_id: str
    received_at: datetime
    scheme: str
    district: str
    period: str
    revision: int

    def document(self) -> dict[str, Any]:
        return {"_id": self.key, "submission_id": self.submission_id, "content_hash": self.content_hash,
                "status": PENDING, "key_id": self.key_id, "received_at": self.received_at,
                "scheme": self.scheme, "district": self.district, "period": self.period,
                "revision": self.revision}


Database = Callable[[], AsyncDatabase[dict[str, Any]]]


class Receipts:
    # The database is given as a function: it is connected only when the service starts.
    def __init__(self, db: Database) -> None:
        self._db = db
        self._inserts: GroupCommit[Reservation, bool] = GroupCommit(self._insert)
        self._confirms: GroupCommit[tuple[str, datetime], None] = GroupCommit(self._accept)
        self._revisions: GroupCommit[str, int] = GroupCommit(self._highest)
        self._raises: GroupCommit[tuple[str, int], None] = GroupCommit(self._raise)

    @property
    def _col(self) -> Any:
        return self._db()[RECEIPTS]

    async def find(self, ids: Iterable[str]) -> dict[str, Prior]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Prior] = {}
        for start in range(0, len(wanted), QUERY_CHUNK):
            cursor = self._col.find({"_id": {"$in": wanted[start:start + QUERY_CHUNK]}},
                                    {"content_hash": 1, "status": 1, "received_at": 1})
            async for doc in cursor:
                found[doc["_id"]] = Prior(doc["content_hash"], doc["status"], doc["received_at"])
        return found

    async def reserve(self, reservations: Sequence[Reservation]) -> set[str]:
        """Record new submission ids as pending; returns the keys of those already recorded (by
        an earlier request, or by a concurrent one that got there first)."""
        taken = await self._inserts.run(reservations)
        return {r.key for r, was_taken in zip(reservations, taken, strict=True) if was_taken}

    async def confirm(self, keys: Sequence[str], at: datetime) -> None:
        """Mark submissions the broker acknowledged (at `at`) as accepted."""
        await self._confirms.run([(k, at) for k in keys])

    async def highest_revisions(self, slots: Sequence[str]) -> dict[str, int]:
        """The highest revision accepted so far per `<scheme>|<district>|<period>` (0: none)."""
        unique = list(dict.fromkeys(slots))
        return dict(zip(unique, await self._revisions.run(unique), strict=True))

    async def raise_revisions(self, accepted: Sequence[tuple[str, int]]) -> None:
        """Record accepted revisions: each slot keeps the highest."""
        await self._raises.run(list(accepted))

    async def _insert(self, reservations: list[Reservation]) -> list[bool]:
        taken = [False] * len(reservations)
        try:
            await self._col.insert_many([r.document() for r in reservations], ordered=False)
        except BulkWriteError as exc:
            for err in exc.details.get("writeErrors", []):
                if err.get("code") != DUPLICATE_KEY:
                    raise
                taken[err["index"]] = True
        return taken

    async def _highest(self, slots: list[str]) -> list[int]:
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(slots))
        for start in range(0, len(unique), QUERY_CHUNK):
            async for doc in self._db()[REVISIONS].find({"_id": {"$in": unique[start:start + QUERY_CHUNK]}}):
                found[doc["_id"]] = int(doc["revision"])
        return [found.get(slot, 0) for slot in slots]

    async def _raise(self, items: list[tuple[str, int]]) -> list[None]:
        highest: dict[str, int] = {}
        for slot, revision in items:
            highest[slot] = max(revision, highest.get(slot, 0))
        ops = [UpdateOne({"_id": slot}, {"$max": {"revision": revision}}, upsert=True)
               for slot, revision in highest.items()]
        for start in range(0, len(ops), QUERY_CHUNK):
            await self._db()[REVISIONS].bulk_write(ops[start:start + QUERY_CHUNK], ordered=False)
        return [None] * len(items)

    async def _accept(self, items: list[tuple[str, datetime]]) -> list[None]:
        at = max(when for _, when in items)
        ids = [i for i, _ in items]
        for start in range(0, len(ids), QUERY_CHUNK):
            await self._col.update_many({"_id": {"$in": ids[start:start + QUERY_CHUNK]}},
                                        {"$set": {"status": ACCEPTED, "accepted_at": at}})
        return [None] * len(items)
