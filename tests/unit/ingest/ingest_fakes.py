"""In-memory stand-ins for the ingest service's receipts, frozen periods and publisher."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pymongo.errors import ServerSelectionTimeoutError

from services.ingest.domain.idempotency import ACCEPTED, Prior
from services.ingest.publishing import Outbound
from services.ingest.repository import Reservation


@dataclass
class FakeReceipts:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    down: bool = False
    # ids another request reserves just before this one does
    raced: dict[str, Reservation] = field(default_factory=dict)

    async def find(self, ids: Iterable[str]) -> dict[str, Prior]:
        self._check()
        return {i: Prior(r["content_hash"], r["status"], r["received_at"]) for i in ids
                if (r := self.records.get(i)) is not None}

    async def reserve(self, reservations: Sequence[Reservation]) -> set[str]:
        self._check()
        for other in self.raced.values():
            self.records.setdefault(other.submission_id, other.document())
        taken = {r.submission_id for r in reservations if r.submission_id in self.records}
        for r in reservations:
            if r.submission_id not in taken:
                self.records[r.submission_id] = r.document()
                self.log.append(f"reserve {r.submission_id}")
        return taken

    async def confirm(self, ids: Sequence[str], at: datetime) -> None:
        self._check()
        for i in ids:
            self.records[i]["status"] = ACCEPTED
            self.log.append(f"confirm {i}")

    def _check(self) -> None:
        if self.down:
            raise ServerSelectionTimeoutError("no server")


@dataclass
class FakeFrozen:
    known: frozenset[str] = frozenset()


@dataclass
class FakePublisher:
    log: list[str]
    acknowledge: int | None = None  # how many to acknowledge; None: all
    sent: list[Outbound] = field(default_factory=list)

    async def publish(self, items: Sequence[Outbound]) -> list[bool]:
        for item in items:
            self.log.append(f"publish {item.topic} {item.event.data.get('submission_id')}")
        self.sent.extend(items)
        n = len(items) if self.acknowledge is None else self.acknowledge
        return [i < n for i in range(len(items))]


@dataclass
class FakeCatalog:
    schemes: dict[str, Any]
