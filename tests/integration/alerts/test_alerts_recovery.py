"""The crash window between storing an alert and marking it published, against a real broker
and database: recovery publishes what is missing and does not repeat what is on the topic."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client import CollectorRegistry

from services.alerts.domain.suppression import Verdict
from services.alerts.main import SCHEMA
from services.alerts.metrics import AlertMetrics
from services.alerts.outbox import Outbox, alert_event, event_id
from services.alerts.published_log import TopicLog
from services.alerts.repository import MongoAlertStore
from shared.events.alerts import ALERT_RAISED
from shared.events.envelope import OutgoingEvent, encode
from shared.mongo import Mongo, connect
from shared.settings import Settings
from shared.topics import ALERTS
from tests.support.kafka import TopicReader
from tests.unit.alerts.alerts_builders import alert


class KafkaPublisher:
    """The service's publisher, as plain aiokafka."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self.producer = producer

    async def publish_many(self, items: Sequence[tuple[str, str, OutgoingEvent]]) -> None:
        for topic, key, event in items:
            await self.producer.send_and_wait(topic, encode(event), key=key.encode())


@pytest.fixture
async def mongo(mongo_url: str, database_name: str) -> AsyncIterator[Mongo]:
    mongo = await connect(Settings(MONGODB_URL=mongo_url, MONGODB_DATABASE=database_name), SCHEMA)
    yield mongo
    await mongo.client.drop_database(database_name)
    await mongo.close()


@pytest.fixture
async def publisher(kafka: str) -> AsyncIterator[KafkaPublisher]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
    await producer.start()
    yield KafkaPublisher(producer)
    await producer.stop()


async def test_recovery_publishes_the_unpublished_and_skips_what_only_lost_its_mark(
    kafka: str, mongo: Mongo, publisher: KafkaPublisher,
) -> None:
    tag = uuid.uuid4().hex[:8]
    on_topic = alert(alert_id=f"grade_drop:recovery-{tag}:s:2026-03:D", district=f"recovery-{tag}")
    lost = alert(alert_id=f"grade_drop:recovery-{tag}:s:2026-03:C", district=f"recovery-{tag}")
    store = MongoAlertStore(mongo.db)
    # Both stored; the first was published just before the crash, the second never.
    await store.store([Verdict(on_topic), Verdict(lost)], [], (), datetime.now(UTC))
    await publisher.publish_many([(ALERTS, on_topic.district, alert_event(on_topic, ALERT_RAISED))])
    outbox = Outbox(store, publisher, AlertMetrics(CollectorRegistry()))
    assert await outbox.recover(TopicLog(kafka)) == 1
    assert await store.pending() == []
    async with TopicReader(kafka, ALERTS) as reader:
        await reader.wait_for(lambda r: any(e["id"] == event_id(lost.alert_id, ALERT_RAISED) for e in r.events()),
                              20, what="the lost alert")
        mine = [e["data"]["alert_id"] for e in reader.events() if e["data"]["district"] == on_topic.district]
    assert sorted(mine) == sorted([on_topic.alert_id, lost.alert_id])
