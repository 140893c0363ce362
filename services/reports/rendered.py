"""Printed documents kept for the meeting day: the PDF of each district's minutes (per version)
and booklet (per content), in each language, stored in MongoDB (`reports_rendered`), so every
replica serves what any of them printed, and a restart loses none.

One document per (kind, district, period, language): the latest rendering, with the `stamp` it
was printed for — the minutes' version, or the hash of the booklet's content. A new version or
a changed booklet has another stamp, so the kept PDF no longer answers for it and is replaced
(a new version invalidates). Bounded: beyond `ANUSHRAVAN_PDF_CACHE_MAX` documents the least
recently used go. Requests for the same document at once print it once (single flight)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from services.reports.metrics import ReportsMetrics
from services.reports.printing import PdfPrinter
from shared.mongo import Index

RENDERED = "reports_rendered"
INDEXES = [Index([("used_at", 1)])]
TOUCH_EVERY_S = 600.0  # a hit records its use at most this often: serving is a read, not a write
Kind = Literal["minutes", "booklet"]
Doc = dict[str, Any]


@dataclass(frozen=True)
class Printed:
    kind: Kind
    district: str
    period: str
    lang: str

    @property
    def id(self) -> str:
        return f"{self.kind}|{self.district}|{self.period}|{self.lang}"


def booklet_stamp(booklet: Mapping[str, Any]) -> str:
    """What a booklet says, hashed: the same content is the same PDF."""
    said = json.dumps(booklet, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(said.encode()).hexdigest()


class RenderedDocuments:
    def __init__(self, database: Callable[[], AsyncDatabase[Doc]], printer: PdfPrinter, metrics: ReportsMetrics,
                 max_kept: int, clock: Callable[[], float] = time.time) -> None:
        self.database, self.printer, self.metrics = database, printer, metrics
        self.max_kept, self.clock = max_kept, clock
        self._printing: dict[tuple[str, str], asyncio.Future[bytes]] = {}

    async def kept(self, printed: Printed, stamp: str) -> bytes | None:
        """The PDF printed for `stamp`, if it is kept."""
        doc = await self.database()[RENDERED].find_one({"_id": printed.id})
        if doc is None or doc.get("stamp") != stamp:
            return None
        if self.clock() - doc.get("used_at", 0) > TOUCH_EVERY_S:
            await self.database()[RENDERED].update_one({"_id": printed.id}, {"$set": {"used_at": self.clock()}})
        return bytes(doc["pdf"])

    async def pdf(self, printed: Printed, stamp: str, html: Callable[[], str], keep: bool = True) -> bytes:
        """The PDF of `printed` as of `stamp`: kept, or printed now (once, however many ask) and
        kept when `keep` (an older version asked for is printed, not kept: it would push out
        the latest). Raises PdfUnavailable."""
        found = await self.kept(printed, stamp) if keep else None
        if found is not None:
            self.metrics.pdf_lookups.labels(printed.kind, "hit").inc()
            return found
        flight = (printed.id, stamp)
        if flight in self._printing:
            self.metrics.pdf_lookups.labels(printed.kind, "shared").inc()
            return await asyncio.shield(self._printing[flight])
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._printing[flight] = future
        try:
            with self.metrics.pdf_seconds.time():
                pdf = await self.printer.print(html())
            if keep:
                await self.keep(printed, stamp, pdf)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        finally:
            self._printing.pop(flight, None)
        self.metrics.pdf_lookups.labels(printed.kind, "printed").inc()
        future.set_result(pdf)
        return pdf

    async def keep(self, printed: Printed, stamp: str, pdf: bytes) -> None:
        now = self.clock()
        # `$set`, not a replacement: nx-27017 cannot replace a stored document holding bytes.
        await self.database()[RENDERED].update_one({"_id": printed.id}, {"$set": {
            "kind": printed.kind, "district": printed.district, "period": printed.period, "lang": printed.lang,
            "stamp": stamp, "pdf": pdf, "size": len(pdf), "made_at": now, "used_at": now}}, upsert=True)
        await self.prune()

    async def prune(self) -> None:
        """The least recently used beyond `max_kept` go."""
        collection = self.database()[RENDERED]
        excess = await collection.count_documents({}) - self.max_kept
        if excess > 0:
            oldest = await collection.find({}, {"_id": 1}).sort("used_at", ASCENDING).limit(excess).to_list(None)
            await collection.delete_many({"_id": {"$in": [d["_id"] for d in oldest]}})
