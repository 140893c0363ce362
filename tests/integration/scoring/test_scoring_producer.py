"""Scoring's producer over real TCP: events sent as record batches per partition arrive every one,
each key's in the order published, in the partition the client's default partitioner gives it —
batches that fill up included, and a topic the client has not seen yet."""

from __future__ import annotations

import json
import uuid

from aiokafka.partitioner import DefaultPartitioner
from prometheus_client import CollectorRegistry

from anushravan.admin import create_topics
from services.scoring.producer import Producer
from shared.settings import Settings
from tests.support.kafka import TopicReader

PARTITIONS = 3


async def test_every_event_arrives_in_order_per_key_in_the_default_partitioners_partition(kafka: str) -> None:
    topic = f"test.scoring-producer.{uuid.uuid4().hex[:8]}"
    await create_topics(kafka, {topic: (PARTITIONS, {})})
    keys = [f"district-{i}" for i in range(4)]
    padding = "x" * 700  # 1,500 of these fill several 256 KiB batches per partition
    items = [(topic, keys[i % len(keys)], json.dumps({"n": i, "pad": padding}).encode()) for i in range(1_500)]
    producer = Producer(Settings(kafka_bootstrap_servers=kafka), CollectorRegistry(), "test-producer")
    await producer.start()
    try:
        await producer.publish(items[:1])  # unknown to the client yet: it looks the topic up itself
        await producer.publish(items[1:])
    finally:
        await producer.stop()

    async with TopicReader(kafka, topic) as reader:
        await reader.wait_for(lambda r: len(r.records) >= len(items), what="every event")
    assert len(reader.records) == len(items)
    every = list(range(PARTITIONS))
    for key in keys:
        mine = [r for r in reader.records if r.key == key.encode()]
        assert [json.loads(r.value)["n"] for r in mine] == [i for i in range(len(items)) if keys[i % len(keys)] == key]
        assert {r.partition for r in mine} == {DefaultPartitioner()(key.encode(), every, every)}
