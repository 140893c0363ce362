"""What a batch consumer reports to Prometheus: processed messages by outcome, and lag per
assigned partition from the broker's end offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka.structs import TopicPartition

from shared.health import Health
from shared.messaging import BatchConsumer
from shared.observability import ServiceMetrics


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int = 0
    offset: int = 0
    key: bytes | None = b"k"
    value: bytes | None = b"{}"


@dataclass
class Publisher:
    sent: list[tuple[str, bytes | None]] = field(default_factory=list)

    async def publish_raw(self, topic: str, key: bytes | None, value: bytes | None, headers: Any) -> None:
        self.sent.append((topic, value))


@dataclass
class KafkaConsumer:
    """The parts of aiokafka's consumer that lag collection reads."""

    positions: dict[TopicPartition, int]
    ends: dict[TopicPartition, int]
    fetched_highwater: dict[TopicPartition, int] = field(default_factory=dict)

    def assignment(self) -> set[TopicPartition]:
        return set(self.positions)

    def highwater(self, tp: TopicPartition) -> int | None:
        return self.fetched_highwater.get(tp)

    async def position(self, tp: TopicPartition) -> int:
        return self.positions[tp]

    async def end_offsets(self, partitions: Sequence[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: self.ends[tp] for tp in partitions}


@dataclass
class Subscriber:
    consumer: KafkaConsumer


def consumer(handler: Any, metrics: ServiceMetrics) -> BatchConsumer:
    return BatchConsumer("c", ("a", "b"), "g", handler, Publisher(), metrics, Health())  # type: ignore[arg-type]


def sample(metrics: ServiceMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(f"anushravan_t_{name}", labels)


async def test_every_record_of_a_stored_batch_counts_as_processed_ok_under_its_topic() -> None:
    metrics = ServiceMetrics("t")

    async def store(records: Sequence[Any]) -> None:
        pass

    await consumer(store, metrics).process([Record("a"), Record("a"), Record("b")])
    assert sample(metrics, "messages_processed_total", topic="a", outcome="ok") == 2
    assert sample(metrics, "messages_processed_total", topic="b", outcome="ok") == 1


async def test_a_poison_record_counts_as_one_error_and_the_rest_of_its_batch_as_ok() -> None:
    metrics = ServiceMetrics("t")

    async def store(records: Sequence[Any]) -> None:
        if any(r.value == b"bad" for r in records):
            raise ValueError("cannot be processed")

    await consumer(store, metrics).process([Record("a"), Record("a", value=b"bad"), Record("a")])
    assert sample(metrics, "messages_processed_total", topic="a", outcome="ok") == 2
    assert sample(metrics, "messages_processed_total", topic="a", outcome="error") == 1
    assert sample(metrics, "dead_letters_total", topic="a") == 1


async def test_a_record_the_handler_dead_letters_itself_is_not_also_counted_ok() -> None:
    metrics = ServiceMetrics("t")
    batch = consumer(None, metrics)

    async def store(records: Sequence[Any]) -> None:
        await batch.dead_letter(records[0], ValueError("rejected by the handler"))

    batch.handler = store
    await batch.process([Record("a"), Record("a")])
    assert sample(metrics, "messages_processed_total", topic="a", outcome="ok") == 1
    assert sample(metrics, "messages_processed_total", topic="a", outcome="error") == 1


async def test_records_whose_outcome_the_handler_counts_are_not_also_counted_ok() -> None:
    metrics = ServiceMetrics("t")

    async def store(records: Sequence[Any]) -> None:
        metrics.messages.labels("a", "scored").inc(2)  # the third record it leaves uncounted

    await consumer(store, metrics).process([Record("a"), Record("a"), Record("a")])
    assert sample(metrics, "messages_processed_total", topic="a", outcome="scored") == 2
    assert sample(metrics, "messages_processed_total", topic="a", outcome="ok") == 1


async def test_lag_is_the_brokers_end_offset_minus_the_position_even_when_fetching_stopped() -> None:
    metrics = ServiceMetrics("t")
    p0, p1 = TopicPartition("a", 0), TopicPartition("a", 1)
    # The last fetch saw offset 12 on p0; the broker has 50 since (a stuck handler fetches nothing).
    kafka = KafkaConsumer({p0: 10, p1: 7}, {p0: 50, p1: 7}, {p0: 12})
    batch = consumer(None, metrics)
    batch.subscriber = Subscriber(kafka)
    await batch.collect_lag()
    assert sample(metrics, "consumer_lag_messages", topic="a", partition="0") == 40
    assert sample(metrics, "consumer_lag_messages", topic="a", partition="1") == 0


async def test_a_revoked_partition_loses_its_lag_series() -> None:
    metrics = ServiceMetrics("t")
    p0, p1 = TopicPartition("a", 0), TopicPartition("a", 1)
    kafka = KafkaConsumer({p0: 10, p1: 3}, {p0: 15, p1: 9})
    batch = consumer(None, metrics)
    batch.subscriber = Subscriber(kafka)
    await batch.collect_lag()
    del kafka.positions[p1]  # a rebalance gave partition 1 to another replica
    await batch.collect_lag()
    assert sample(metrics, "consumer_lag_messages", topic="a", partition="0") == 5
    assert sample(metrics, "consumer_lag_messages", topic="a", partition="1") is None
