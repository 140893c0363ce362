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
    revisions: dict[str, int] = field(default_factory=dict)

    async def find(self, ids: Iterable[str]) -> dict[str, Prior]:
        self._check()
        return {i: Prior(r["content_hash"], r["status"], r["received_at"]) for i in ids
                if (r := self.records.get(i)) is not None}

    async def reserve(self, reservations: Sequence[Reservation]) -> set[str]:
        self._check()
        for other in self.raced.values():
            self.records.setdefault(other.key, other.document())
        taken = {r.key for r in reservations if r.key in self.records}
        for r in reservations:
            if r.key not in taken:
                self.records[r.key] = r.document()
                self.log.append(f"reserve {r.submission_id}")
        return taken

    async def confirm(self, ids: Sequence[str], at: datetime) -> None:
        self._check()
        for i in ids:
            self.records[i]["status"] = ACCEPTED
            self.log.append(f"confirm {self.records[i]['submission_id']}")

    async def highest_revisions(self, slots: Sequence[str]) -> dict[str, int]:
        self._check()
        return {slot: self.revisions.get(slot, 0) for slot in slots}

    async def raise_revisions(self, accepted: Sequence[tuple[str, int]]) -> None:
        self._check()
        for slot, revision in accepted:
            self.revisions[slot] = max(revision, self.revisions.get(slot, 0))

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
