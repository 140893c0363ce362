"""The `alerts` collection: every alert once (unique `alert_id`), its state, and an outbox.

Besides the contract's fields each document carries `publication` (`pending` until its
`alert.raised.v1` is on the topic, then `published`; `suppressed` for an inhibited or
silenced alert, which is never published) and `resolution` (null until resolved; then
`pending` until its `alert.resolved.v1` is on the topic, then `published`; `silent` for a
resolved alert that was never published). A state moves on only after the broker
acknowledged, so an alert stored just before a crash is published after the restart,
never lost. (States are strings and times set by an update ISO strings: nx-27017 stores a
boolean `$set` on an existing document as 0 or 1, and a date set in a bulk update as text.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from pymongo import DESCENDING, InsertOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from services.alerts.domain.ledger import Triple
from services.alerts.domain.suppression import Verdict
from services.alerts.ports import Ack, AlertQuery, Pending
from shared.events.alerts import Alert, AlertType
from shared.events.envelope import iso
from shared.mongo import Document, Index

ALERTS = "alerts"
DUPLICATE_KEY = 11000
PENDING, PUBLISHED, SUPPRESSED, SILENT = "pending", "published", "suppressed", "silent"
# Up to this many (district, scheme, period) per period a batch looks each up; beyond, it
# reads the periods whole.
PER_TRIPLE_UP_TO = 20
# Lookups are single-field equalities on denormalised keys: they use an index everywhere,
# while nx-27017 scans the collection for compound filters, `$in` and `$or`.
INDEXES = [
    Index([("alert_id", 1)], unique=True),
    Index([("triple", 1)]),
    Index([("scheme_period", 1)]),
    Index([("publication", 1)]),
    Index([("resolution", 1)]),
    Index([("period", 1)]),
    Index([("stored_at", -1)]),
]
# Outbox states, lookup keys and Mongo's own id are not part of what the API shows.
_INTERNAL = ("_id", "publication", "resolution", "stored_at", "order", "triple", "scheme_period", "ack_count")
ACK_ATTEMPTS = 10
NEWEST_FIRST = [("stored_at", DESCENDING), ("order", DESCENDING)]


def triple_key(district: str, scheme: str | None, period: str) -> str:
    return f"{district}|{scheme or '-'}|{period}"


def scheme_period_key(scheme: str | None, period: str) -> str:
    return f"{scheme or '-'}|{period}"


def new_document(verdict: Verdict, at: datetime, order: int = 0) -> Document:
    """How a newly raised alert is stored (also used by the tests' fake store); `order` is
    its place among the alerts stored at the same time, for listing newest first."""
    alert = verdict.stored
    return {
        # The alert id is also the document id: lookups by `_id` are the fastest on every server.
        "_id": alert.alert_id,
        **alert.model_dump(mode="json"),
        "inhibited_by": verdict.inhibited_by, "silenced_by": verdict.silenced_by,
        "publication": PENDING if verdict.notify else SUPPRESSED, "resolution": None,
        "stored_at": at, "order": order, "resolved_at": None, "acknowledged": None,
        "triple": triple_key(alert.district, alert.scheme, alert.period),
        "scheme_period": scheme_period_key(alert.scheme, alert.period),
    }


def pending_of(doc: Document) -> Pending:
    return Pending(Alert.read(doc), publish_raised=doc["publication"] == PENDING,
                   publish_resolved=doc.get("resolution") == PENDING, stored_at=doc["stored_at"])


def public(doc: Document) -> dict[str, Any]:
    """A stored alert as the HTTP API shows it: the contract's fields and its history."""
    out = {k: v for k, v in doc.items() if k not in _INTERNAL}
    out["published"] = doc.get("publication") == PUBLISHED
    return out


class MongoAlertStore:
    def __init__(self, db: AsyncDatabase[Document]) -> None:
        self._alerts = db[ALERTS]

    async def _read(self, query: Document) -> list[Alert]:
        return [Alert.read(doc) async for doc in self._alerts.find(query)]

    async def of_triples(self, triples: Collection[Triple]) -> list[Alert]:
        periods = {period for _, _, period in triples}
        if len(triples) <= PER_TRIPLE_UP_TO * len(periods):
            found = await asyncio.gather(*(self._read({"triple": triple_key(*t)}) for t in triples))
            return [alert for alerts in found for alert in alerts]
        # A burst (a month's figures arriving at once): a few period reads beat many lookups.
        wanted = {triple_key(*t) for t in triples}
        docs = await asyncio.gather(*(self._alerts.find({"period": p}).to_list(None) for p in periods))
        return [Alert.read(d) for batch in docs for d in batch if d["triple"] in wanted]

    async def of_scheme(self, scheme: str | None, period: str) -> list[Alert]:
        return await self._read({"scheme_period": scheme_period_key(scheme, period)})

    async def of_type(self, type_: AlertType, period: str) -> list[Alert]:
        return await self._read({"period": period, "type": type_})

    async def store(self, raised: Sequence[Verdict], resolved: Sequence[Alert], announced: Collection[str],
                    at: datetime) -> list[Verdict]:
        inserted = list(raised)
        if raised:
            try:
                docs = [InsertOne(new_document(v, at, i)) for i, v in enumerate(raised)]
                await self._alerts.bulk_write(docs, ordered=False)
            except BulkWriteError as exc:
                errors = exc.details.get("writeErrors", [])
                if any(e.get("code") != DUPLICATE_KEY for e in errors):
                    raise
                # Another delivery stored these first: they are handled, not new.
                duplicates = {e["index"] for e in errors}
                inserted = [v for i, v in enumerate(raised) if i not in duplicates]
        if resolved:
            await self._alerts.bulk_write([
                UpdateOne({"_id": a.alert_id}, {"$set": {
                    "status": "resolved", "resolved_at": iso(at),
                    "resolution": PENDING if a.alert_id in announced else SILENT}})
                for a in resolved
            ])
        return inserted

    async def pending(self) -> list[Pending]:
        raising, resolving = await asyncio.gather(
            self._alerts.find({"publication": PENDING}).to_list(None),
            self._alerts.find({"resolution": PENDING}).to_list(None),
        )
        docs = {d["_id"]: d for d in [*raising, *resolving]}
        return [pending_of(d) for d in sorted(docs.values(), key=lambda d: (d["stored_at"], d["_id"]))]

    async def mark_published(self, raised: Collection[str], resolved: Collection[str]) -> None:
        # By id alone: only what this process published is marked.
        ops = [UpdateOne({"_id": i}, {"$set": {"publication": PUBLISHED}}) for i in raised]
        ops += [UpdateOne({"_id": i}, {"$set": {"resolution": PUBLISHED}}) for i in resolved]
        if ops:
            await self._alerts.bulk_write(ops, ordered=False)

    async def find(self, query: AlertQuery) -> list[dict[str, Any]]:
        filters = {k: v for k, v in (("district", query.district), ("period", query.period),
                                      ("type", query.type), ("status", query.status)) if v is not None}
        cursor = self._alerts.find(filters).sort(NEWEST_FIRST)
        return [public(doc) async for doc in cursor.limit(query.limit)]

    async def latest_period(self, district: str | None) -> str | None:
        found = await self._alerts.find_one({} if district is None else {"district": district}, {"period": 1},
                                            sort=[("period", DESCENDING)])
        return found["period"] if found else None

    async def get(self, alert_id: str) -> dict[str, Any] | None:
        doc = await self._alerts.find_one({"_id": alert_id})
        return public(doc) if doc else None

    async def acknowledge(self, alert_id: str, ack: Ack) -> dict[str, Any] | None:
        """Acknowledge an open (or re-acknowledge an acknowledged) alert; None otherwise. The
        latest stays in `acknowledged`; every one is appended to `acknowledgements`.

        The list is written whole, guarded by its length (`ack_count`), and written again if
        another acknowledgement came in between: nx-27017 stores a `$push`ed document as text."""
        entry = {"by": ack.by, "note": ack.note, "at": iso(ack.at), "key_id": ack.key_id}
        for _ in range(ACK_ATTEMPTS):
            doc = await self._alerts.find_one({"_id": alert_id, "status": {"$in": ["open", "acknowledged"]}})
            if doc is None:
                return None
            history = [*doc.get("acknowledgements", []), entry]
            seen = doc.get("ack_count")
            done = await self._alerts.find_one_and_update(
                {"_id": alert_id, "status": {"$in": ["open", "acknowledged"]},
                 "ack_count": seen if seen is not None else {"$exists": False}},
                {"$set": {"status": "acknowledged", "acknowledged": entry, "acknowledgements": history,
                          "ack_count": len(history)}},
                return_document=True,
            )
            if done is not None:
                return public(done)
        raise RuntimeError(f"alert {alert_id} kept changing: acknowledgement not stored")
