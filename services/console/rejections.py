"""Refused submissions for the departments' desks: the console consumes `progress.rejected`
(ingest's refusals at the door and scoring's of what portals published to Kafka) into a
collection of its own, `console_rejections`, one document per refusal (its CloudEvents id: a
redelivery writes the same document again), keyed by department and period for the desk.

Bounded: beyond `ANUSHRAVAN_CONSOLE_REJECTIONS_MAX` documents the oldest are removed after each
batch; only the reasons and the first characters of what was sent are kept. A refusal whose
scheme is unknown has no department and no desk: it is counted and skipped. The consumer group
is shared by every replica (`console-rejections`), so each refusal is stored once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from pydantic import ValidationError
from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase

from shared.catalog import Scheme
from shared.events.envelope import CloudEvent
from shared.events.ingest import ProgressRejected
from shared.mongo import Index

log = logging.getLogger("anushravan.console.rejections")
REJECTIONS = "console_rejections"
INDEXES = [Index([("dp", 1)]), Index([("received_at", 1)])]
GROUP = "console-rejections"
RAW_KEPT = 300  # characters of what was sent: enough to recognise it, never the 64 KiB
REASONS_KEPT = 20
Database = Callable[[], AsyncDatabase[dict[str, Any]]]


def department_period(department: str, period: str) -> str:
    return f"{department}|{period}"


def document(event: CloudEvent, schemes: dict[str, Scheme]) -> dict[str, Any] | None:
    """The stored refusal, or None when it names no scheme of the catalogue or period (no desk shows it)."""
    data = ProgressRejected.read(event.data)
    scheme = schemes.get(data.scheme or "")
    if scheme is None or not data.period:
        return None
    reasons = [{"field": r.field[:200], "code": r.code[:80], "message": r.message[:500]}
               for r in data.reasons[:REASONS_KEPT]]
    return {"_id": event.id, "dp": department_period(scheme.department.id, data.period),
            "department": scheme.department.id, "scheme": scheme.id, "district": data.district,
            "period": data.period, "submission_id": data.submission_id, "reasons": reasons,
            "raw": data.raw[:RAW_KEPT], "received_at": data.received_at, "source": event.source[:200]}


class Rejections:
    def __init__(self, database: Database, schemes: Callable[[], dict[str, Scheme]], max_kept: int) -> None:
        self.database, self.schemes, self.max_kept = database, schemes, max_kept

    async def handle(self, records: Sequence[Any]) -> None:
        """A batch of progress.rejected records; one that cannot be read is skipped (the console
        only listens; ingest and scoring keep the refusals of record)."""
        writes = []
        for record in records:
            try:
                doc = document(CloudEvent.model_validate(orjson.loads(record.value)), self.schemes())
            except (orjson.JSONDecodeError, ValidationError, TypeError) as exc:
                log.warning("a progress.rejected record could not be read; skipped", extra={"error": repr(exc)[:300]})
                continue
            if doc is not None:
                writes.append(UpdateOne({"_id": doc["_id"]}, {"$set": doc}, upsert=True))
        if writes:
            await self.database()[REJECTIONS].bulk_write(writes, ordered=False)
            await self.prune()

    async def prune(self) -> None:
        """Keep the newest `max_kept` refusals."""
        collection = self.database()[REJECTIONS]
        excess = await collection.count_documents({}) - self.max_kept
        if excess > 0:
            oldest = await collection.find({}, {"_id": 1}).sort("received_at", ASCENDING).limit(excess).to_list(None)
            await collection.delete_many({"_id": {"$in": [d["_id"] for d in oldest]}})

    async def of(self, department: str, period: str, limit: int = 500) -> list[dict[str, Any]]:
        """The department's refusals of the period, newest first."""
        cursor = self.database()[REJECTIONS].find({"dp": department_period(department, period)}, {"dp": 0})
        return await cursor.sort("received_at", DESCENDING).limit(limit).to_list(None)
