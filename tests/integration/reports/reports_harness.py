"""The reports service's parts wired to a real MongoDB, with a fake clock and publisher, so a
test can play events into the consumer and step the debounce by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka.errors import KafkaTimeoutError
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient

from services.reports.handlers import ReportsConsumer
from services.reports.lifecycle import MinutesLifecycle
from services.reports.loading import InputLoader
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MINUTES_SCHEMA, MinutesStore
from services.reports.repository import READ_MODEL_SCHEMA, ReadModels
from services.reports.scheduler import Scheduler
from services.reports.standings import Texts
from shared.catalog import Scheme
from shared.events.envelope import OutgoingEvent
from shared.health import Health
from shared.mongo import Mongo, ensure_schema
from shared.periods import PeriodWindow
from tests.support.kafka import Record

DEBOUNCE_S = 2.0


@dataclass
class FakeClock:
    now: float = 1_774_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class FakePublisher:
    """Keeps what was published; `fail_next` makes the next publications fail like a broker would."""

    published: list[tuple[str, str, OutgoingEvent]] = field(default_factory=list)
    fail_next: int = 0

    async def publish(self, topic: str, key: str, event: OutgoingEvent) -> None:
        if self.fail_next:
            self.fail_next -= 1
            raise KafkaTimeoutError()
        self.published.append((topic, key, event))


class Harness:
    def __init__(self, client: AsyncMongoClient[dict[str, Any]], database: str, schemes: Sequence[Scheme]) -> None:
        db = client[database]
        self.mongo = Mongo(client, db, {**READ_MODEL_SCHEMA, **MINUTES_SCHEMA})
        self.db = db
        self.clock = FakeClock()
        self.publisher = FakePublisher()
        self.metrics = ReportsMetrics(CollectorRegistry())
        self.readmodels = ReadModels(lambda: db)
        self.store = MinutesStore(lambda: db)
        self.loader = InputLoader(self.readmodels, self.store, lambda: list(schemes), 16, Texts())
        self.lifecycle = MinutesLifecycle(self.store, self.readmodels, self.loader, self.publisher,  # type: ignore[arg-type]
                                          self.metrics, clock=self.clock)
        self.consumer = ReportsConsumer(self.readmodels, self.store, self.metrics,
                                        lambda: PeriodWindow(2018, "2026-12"), clock=self.clock)
        self.dead_letters: list[tuple[Any, BaseException]] = []

        async def dead_letter(record: Any, exc: BaseException) -> None:
            self.dead_letters.append((record, exc))

        self.consumer.dead_letter = dead_letter
        self.scheduler = Scheduler(self.store, self.lifecycle, self.metrics, Health(), DEBOUNCE_S, 30.0,
                                   clock=self.clock)

    async def start(self) -> Harness:
        await ensure_schema(self.mongo)
        return self

    async def play(self, events: Sequence[tuple[str, str, bytes]]) -> None:
        """Consume the events as one batch, in order."""
        records = [Record(t, k.encode(), v, offset=i) for i, (t, k, v) in enumerate(events)]
        await self.consumer.handle(records)

    async def settle(self) -> int:
        """Let the debounce pass and regenerate what is due."""
        self.clock.advance(DEBOUNCE_S + 0.1)
        return await self.scheduler.tick()

    async def latest(self, district: str, period: str) -> dict[str, Any]:
        doc = await self.store.latest(district, period)
        assert doc is not None, f"no minutes for {district} {period}"
        return doc
