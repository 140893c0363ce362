"""In-memory stand-ins for the alerts service's ports (services/alerts/ports.py). The alert
store's behaviour is pinned against the MongoDB adapter by tests/integration/alerts/
test_alerts_store_contract.py."""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry

from services.alerts.dispatch import Dispatcher
from services.alerts.domain.ledger import Triple
from services.alerts.domain.silences import Silence, instant
from services.alerts.domain.suppression import Verdict
from services.alerts.handlers import ScoresHandler
from services.alerts.metrics import AlertMetrics
from services.alerts.outbox import Outbox
from services.alerts.ports import Ack, AlertQuery, Pending, ScoreKey, Stores
from services.alerts.rankings import RankingsHandler
from services.alerts.repository import PENDING, PUBLISHED, SILENT, new_document, pending_of, public
from shared.catalog import Scheme
from shared.events.alerts import Alert, AlertType
from shared.events.envelope import OutgoingEvent, iso
from shared.events.scoring import CompositeRanked, SchemeRanked, SchemeScored
from shared.observability import ServiceMetrics
from shared.periods import PeriodWindow, period_of
from tests.support.kafka import Record


class FakeAlertStore:
    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.mark_failures = 0  # the next calls to mark_published fail, as a lost database would

    def _alerts(self, keep: Any) -> list[Alert]:
        return [Alert.read(d) for d in self.docs.values() if keep(d)]

    async def of_triples(self, triples: Collection[Triple]) -> list[Alert]:
        return self._alerts(lambda d: (d["district"], d["scheme"], d["period"]) in set(triples))

    async def of_scheme(self, scheme: str | None, period: str) -> list[Alert]:
        return self._alerts(lambda d: d["scheme"] == scheme and d["period"] == period)

    async def of_type(self, type_: AlertType, period: str) -> list[Alert]:
        return self._alerts(lambda d: d["type"] == type_ and d["period"] == period)

    async def store(self, raised: Sequence[Verdict], resolved: Sequence[Alert], announced: Collection[str],
                    at: datetime) -> list[Verdict]:
        inserted = [v for v in raised if v.alert.alert_id not in self.docs]
        for i, v in enumerate(inserted):
            self.docs[v.alert.alert_id] = new_document(v, at, i)
        for alert in resolved:
            if alert.alert_id in self.docs:
                self.docs[alert.alert_id].update(status="resolved", resolved_at=iso(at),
                                                 resolution=PENDING if alert.alert_id in announced else SILENT)
        return inserted

    async def pending(self) -> list[Pending]:
        return [pending_of(d) for d in sorted(self.docs.values(), key=lambda d: d["stored_at"])
                if PENDING in (d["publication"], d["resolution"])]

    async def mark_published(self, raised: Collection[str], resolved: Collection[str]) -> None:
        if self.mark_failures:
            self.mark_failures -= 1
            raise TimeoutError("database did not answer")
        for alert_id in raised:
            self.docs[alert_id]["publication"] = PUBLISHED
        for alert_id in resolved:
            self.docs[alert_id]["resolution"] = PUBLISHED

    async def find(self, query: AlertQuery) -> list[dict[str, Any]]:
        wanted = {k: v for k, v in (("district", query.district), ("period", query.period),
                                     ("type", query.type), ("status", query.status)) if v is not None}
        docs = [d for d in self.docs.values() if all(d[k] == v for k, v in wanted.items())]
        newest = sorted(docs, key=lambda d: (d["stored_at"], d["order"]), reverse=True)
        return [public(d) for d in newest[: query.limit]]

    async def latest_period(self, district: str | None) -> str | None:
        return max((d["period"] for d in self.docs.values() if district in (None, d["district"])), default=None)

    async def get(self, alert_id: str) -> dict[str, Any] | None:
        doc = self.docs.get(alert_id)
        return public(doc) if doc else None

    async def acknowledge(self, alert_id: str, ack: Ack) -> dict[str, Any] | None:
        doc = self.docs.get(alert_id)
        if doc is None or doc["status"] not in ("open", "acknowledged"):
            return None
        entry = {"by": ack.by, "note": ack.note, "at": iso(ack.at), "key_id": ack.key_id}
        doc.update(status="acknowledged", acknowledged=entry,
                   acknowledgements=[*doc.get("acknowledgements", []), entry])
        return public(doc)

    def status(self, alert_id: str) -> str:
        return str(self.docs[alert_id]["status"])

    def published(self, alert_id: str) -> bool:
        return bool(self.docs[alert_id]["publication"] == PUBLISHED)


@dataclass
class FakeReadModels:
    scores: dict[ScoreKey, dict[str, Any]] = field(default_factory=dict)
    finals: dict[tuple[str | None, str], SchemeRanked | CompositeRanked] = field(default_factory=dict)

    async def save_scores(self, events: Sequence[SchemeScored]) -> None:
        for e in events:
            doc = self.scores.setdefault((e.district, e.scheme, e.period), {"accepted": False, "kpis": {}})
            doc["status"] = e.status
            if e.status == "scored":
                doc.update(accepted=True, kpis=e.kpis)

    async def kpis(self, keys: Collection[ScoreKey]) -> dict[ScoreKey, dict[str, float]]:
        return {k: self.scores[k]["kpis"] for k in keys if k in self.scores and self.scores[k]["accepted"]}

    async def accepted(self, period: str) -> set[tuple[str, str]]:
        return {(s, d) for (d, s, p), doc in self.scores.items() if p == period and doc["accepted"]}

    async def save_final(self, ranking: SchemeRanked | CompositeRanked) -> None:
        scheme = ranking.scheme if isinstance(ranking, SchemeRanked) else None
        self.finals[(scheme, ranking.period)] = ranking

    async def scheme_finals(self, scheme: str, periods: Collection[str]) -> list[SchemeRanked]:
        return [r for (s, p), r in self.finals.items() if s == scheme and p in periods and isinstance(r, SchemeRanked)]

    async def composite_finals(self, periods: Collection[str]) -> list[CompositeRanked]:
        return [r for (s, p), r in self.finals.items() if s is None and p in periods
                and isinstance(r, CompositeRanked)]


@dataclass
class FakeSilenceStore:
    silences: dict[str, Silence] = field(default_factory=dict)

    async def active(self, now: datetime) -> list[Silence]:
        return [s for s in self.silences.values() if instant(s.until) > now]

    async def add(self, silence: Silence, key_id: str) -> None:
        self.silences[silence.id] = silence

    async def all(self) -> list[Silence]:
        return list(self.silences.values())

    async def remove(self, silence_id: str) -> bool:
        return self.silences.pop(silence_id, None) is not None

    async def expire(self, silence_id: str, now: datetime, by: str) -> Silence | None:
        found = self.silences.get(silence_id)
        if found is not None:
            self.silences[silence_id] = found = found.ended(now)
        return found


@dataclass
class FakePublisher:
    """Keeps what was published; `failures` makes the next calls fail as a broker would."""

    sent: list[tuple[str, str, OutgoingEvent]] = field(default_factory=list)
    failures: int = 0

    async def publish_many(self, items: Sequence[tuple[str, str, OutgoingEvent]]) -> None:
        if self.failures:
            self.failures -= 1
            raise TimeoutError("broker did not acknowledge")
        self.sent.extend(items)

    def alert_ids(self, event_type: str = "alert.raised.v1") -> list[str]:
        return [e.data["alert_id"] for _, _, e in self.sent if e.type == event_type]


@dataclass
class FakeLog:
    ids: set[str] = field(default_factory=set)

    async def event_ids(self, since: datetime) -> set[str]:
        return self.ids


@dataclass
class FakeBarrier:
    waited: int = 0

    async def wait(self) -> None:
        self.waited += 1


@dataclass
class FakeCatalog:
    schemes: dict[str, Scheme]

    def get(self, scheme_id: str) -> Scheme | None:
        return self.schemes.get(scheme_id)

    def graded(self) -> list[Scheme]:
        return [s for s in self.schemes.values() if s.graded]


def record(topic: str, event_type: str, data: Any, key: str = "k") -> Record:
    envelope = {"specversion": "1.0", "id": str(uuid.uuid4()),
                "type": event_type, "source": "tests", "data": data}
    return Record(topic, key.encode(), json.dumps(envelope, default=str).encode())



NOW = datetime(2026, 3, 24, 10, 15, tzinfo=UTC)


@dataclass
class Harness:
    """Both handlers of the alerts service wired to fakes, with a fixed clock."""

    catalog: FakeCatalog
    districts: Sequence[str]
    alerts: FakeAlertStore = field(default_factory=FakeAlertStore)
    read: FakeReadModels = field(default_factory=FakeReadModels)
    silences: FakeSilenceStore = field(default_factory=FakeSilenceStore)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    barrier: FakeBarrier = field(default_factory=FakeBarrier)
    now: datetime = NOW

    def __post_init__(self) -> None:
        self.service = ServiceMetrics("alerts", CollectorRegistry())
        self.metrics = AlertMetrics(self.service.registry)
        stores = Stores(self.alerts, self.read, self.silences)
        self.outbox = Outbox(self.alerts, self.publisher, self.metrics)
        dispatcher = Dispatcher(self.alerts, self.outbox, self.metrics, self.service)
        self.scores = ScoresHandler(stores, self.catalog, dispatcher, self.service, clock=lambda: self.now)
        self.rankings = RankingsHandler(stores, self.catalog, dispatcher, self.barrier, self.districts,
                                        self.service, lambda: PeriodWindow(2018, period_of(self.now.date())),
                                        clock=lambda: self.now)

    def counted(self, metric: str, **labels: str) -> float:
        return self.service.registry.get_sample_value(metric, labels) or 0.0


def harness(*schemes: Scheme, districts: Sequence[str] = ("agra", "kanpur-nagar"),
            alerts: FakeAlertStore | None = None) -> Harness:
    """A fresh service; pass the `alerts` of another to restart it on the same database."""
    return Harness(FakeCatalog({s.id: s for s in schemes}), districts, alerts=alerts or FakeAlertStore())
