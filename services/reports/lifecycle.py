"""The life of a district's minutes for a period: drafts regenerated as the facts change,
directives typed by officers, and the final version after the meeting.

Every change is a new version document. Writers in this process take a per-minutes lock;
writers in other replicas are kept apart by the unique version number (DuplicateKeyError:
re-read and try again). Once a final version exists nothing is added any more.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pymongo.errors import DuplicateKeyError

from services.reports.domain.meeting import next_period
from services.reports.domain.minutes import assemble, general_number
from services.reports.errors import MinutesFinal, NoMinutes, UnknownItems, VersionConflict
from services.reports.loading import InputLoader
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore, version_id
from services.reports.repository import ReadModels
from services.reports.versions import build_version, content_hash, event_id
from shared.events.envelope import iso, make_event
from shared.events.reports import MINUTES_UPDATED, MinutesUpdated
from shared.messaging import RETRYABLE, EventPublisher
from shared.observability import log_context
from shared.topics import MINUTES_PUBLISHED

log = logging.getLogger("anushravan.reports")
Doc = dict[str, Any]
Kind = Literal["new_version", "unchanged", "final", "no_data"]
_ATTEMPTS = 5
SOURCE = "anushravan/reports"


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    doc: Doc | None


def item_ids(doc: Mapping[str, Any]) -> set[str]:
    return {i["item_id"] for s in doc.get("sections", []) for i in s.get("items", [])}


class MinutesLifecycle:
    def __init__(self, store: MinutesStore, readmodels: ReadModels, loader: InputLoader,
                 publisher: EventPublisher, metrics: ReportsMetrics, clock: Callable[[], float] = time.time) -> None:
        self.store, self.readmodels, self.loader = store, readmodels, loader
        self.publisher, self.metrics, self.clock = publisher, metrics, clock
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    def _lock(self, district: str, period: str) -> asyncio.Lock:
        return self._locks.setdefault((district, period), asyncio.Lock())

    async def regenerate(self, district: str, period: str, trigger: str = "events", by: str | None = None,
                         via: str | None = None) -> Outcome:
        """Assemble the draft afresh; a new version only when what it says has changed. `by` is
        who asked (a person, or a key), `via` the key a person acted through."""
        async with self._lock(district, period):
            outcome = await self._regenerate(district, period, trigger, by, via)
        self.metrics.regenerations.labels(outcome.kind).inc()
        return outcome

    async def _regenerate(self, district: str, period: str, trigger: str, by: str | None,
                          via: str | None = None) -> Outcome:
        for _ in range(_ATTEMPTS):
            latest = await self.store.latest(district, period)
            if latest is not None and latest["status"] == "final":
                return Outcome("final", latest)
            with self.metrics.regeneration_seconds.time():
                inp = await self.loader.load(district, period)
                if inp is None:
                    return Outcome("no_data", latest)
                content = {**assemble(inp), "ranks_final": await self.readmodels.frozen(period)}
                if latest is not None and latest["content_hash"] == content_hash(content):
                    return Outcome("unchanged", latest)
                doc = self._version(content, latest, "draft", trigger, by, {"via": via} if via else None)
            if await self._store(doc):
                return Outcome("new_version", doc)
        raise RuntimeError(f"no version stored for {district} {period} after {_ATTEMPTS} attempts")

    async def set_directives(self, district: str, period: str, texts: Mapping[str, str], by: str,
                             via: str | None = None) -> Doc:
        """Store directives for items of the latest version and regenerate with them."""
        async with self._lock(district, period):
            latest = await self._open_latest(district, period)
            unknown = sorted(k for k in set(texts) - item_ids(latest) if general_number(period, k) is None)
            if unknown:
                raise UnknownItems(unknown)
            await self.store.save_directives(district, period, {k: v.strip() for k, v in texts.items()}, by,
                                             self.clock())
            outcome = await self._regenerate(district, period, "directives", by, via)
        self.metrics.regenerations.labels(outcome.kind).inc()
        if outcome.kind == "final":
            raise MinutesFinal(district, period)
        return outcome.doc or latest

    async def set_meeting(self, district: str, period: str, record: Mapping[str, Any], by: str,
                          via: str | None = None) -> Doc:
        """Record the meeting (letter number, issue date, attendance) and regenerate with it."""
        async with self._lock(district, period):
            latest = await self._open_latest(district, period)
            await self.store.save_meeting(district, period, record, by, self.clock())
            outcome = await self._regenerate(district, period, "meeting", by, via)
        self.metrics.regenerations.labels(outcome.kind).inc()
        if outcome.kind == "final":
            raise MinutesFinal(district, period)
        return outcome.doc or latest

    async def finalize(self, district: str, period: str, by: str, expected: int | None = None,
                       via: str | None = None) -> Doc:
        """A final copy of the latest draft as the next version; the next period's draft then
        starts from its items."""
        async with self._lock(district, period):
            for _ in range(_ATTEMPTS):
                latest = await self._open_latest(district, period)
                if expected is not None and latest["version"] != expected:
                    raise VersionConflict(latest["version"])
                doc = self._version(latest, latest, "final", "finalize", by,
                                    {"finalized_from": latest["version"], **({"via": via} if via else {})})
                if await self._store(doc):
                    await self.store.mark_dirty([(district, next_period(period))], self.clock())
                    return doc
        raise RuntimeError(f"could not finalise {district} {period} after {_ATTEMPTS} attempts")

    async def _open_latest(self, district: str, period: str) -> Doc:
        latest = await self.store.latest(district, period)
        if latest is None:
            raise NoMinutes(district, period)
        if latest["status"] == "final":
            raise MinutesFinal(district, period)
        return latest

    def _version(self, content: Mapping[str, Any], latest: Doc | None, status: str, trigger: str,
                 by: str | None, extra: Mapping[str, Any] | None = None) -> Doc:
        now = self.clock()
        doc = build_version(content, version=(latest["version"] if latest else 0) + 1, status=status,
                            trigger=trigger, by=by, now=now, created_at=iso_at(now), extra=extra)
        self.metrics.renders.labels("md").inc(2)
        self.metrics.renders.labels("html").inc(2)
        return doc

    async def _store(self, doc: Doc) -> bool:
        """Insert and announce a version; False when another writer took its number."""
        try:
            await self.store.insert(doc)
        except DuplicateKeyError:
            return False
        self.metrics.versions.inc()
        log.info("minutes version stored", extra=log_context(
            district=doc["district"], period=doc["period"], version=doc["version"], status=doc["status"]))
        await self.publish(doc)
        return True

    async def publish(self, doc: Mapping[str, Any]) -> bool:
        """`minutes.updated.v1`, then the version is marked published. When the broker fails the
        version stays unpublished and the scheduler publishes it later (same event id)."""
        district, period, version = doc["district"], doc["period"], doc["version"]
        data = MinutesUpdated(district=district, period=period, version=version, status=doc["status"])
        event = make_event(MINUTES_UPDATED, SOURCE, data, id_=event_id(district, period, version))
        try:
            await self.publisher.publish(MINUTES_PUBLISHED, district, event)
        except RETRYABLE as exc:
            log.warning("minutes.updated.v1 not published yet", extra=log_context(
                district=district, period=period, version=version, error=repr(exc)))
            return False
        await self.store.mark_published(version_id(district, period, version))
        return True


def iso_at(ts: float) -> str:
    return iso(datetime.fromtimestamp(ts, UTC))
