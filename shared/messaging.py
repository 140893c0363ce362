"""Kafka plumbing: the broker factory, an event publisher, and at-least-once batch consumers
that commit only after their effect is stored, retry infrastructure failures and dead-letter
poison messages."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from pydantic import ValidationError

from shared import fastjson
from shared.events.envelope import CloudEvent, OutgoingEvent, encode, iso, utc_now
from shared.health import Health
from shared.mongo import INFRASTRUCTURE_ERRORS
from shared.observability import ServiceMetrics, log_context
from shared.settings import Settings
from shared.topics import dlq

log = logging.getLogger("anushravan.messaging")
Record = ConsumerRecord
BatchHandler = Callable[[Sequence[Any]], Awaitable[None]]
RETRYABLE: tuple[type[BaseException], ...] = (*INFRASTRUCTURE_ERRORS, KafkaError, asyncio.TimeoutError)


class PoisonMessage(Exception):
    """A message that can never be processed; it goes to the topic's dead-letter topic."""


def create_broker(settings: Settings, metrics: ServiceMetrics, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        settings.bootstrap,
        acks="all",
        enable_idempotence=settings.kafka_idempotence,
        client_id=client_id,
        linger_ms=2,
        request_timeout_ms=15000,
        middlewares=[KafkaPrometheusMiddleware(
            registry=metrics.registry, app_name=f"anushravan-{metrics.service}",
            metrics_prefix=f"anushravan_{metrics.service}_faststream",
        )],
        log_level=logging.DEBUG,  # per-message logs stay below the configured level
        graceful_timeout=20.0,
    )


def parse_envelope(value: bytes | None) -> CloudEvent:
    """Decode a CloudEvents structured-mode message; PoisonMessage names what is wrong."""
    if value is None:
        raise PoisonMessage("empty message value")
    try:
        doc = fastjson.loads(value)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, a 4,301-digit integer
        raise PoisonMessage(f"not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise PoisonMessage("not a CloudEvents envelope: expected a JSON object")
    try:
        return CloudEvent.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PoisonMessage(f"invalid envelope: {where}: {first['msg']}") from None


@dataclass
class EventPublisher:
    """Publishes events and waits for the broker's acknowledgement (acks=all)."""

    broker: KafkaBroker

    async def publish(self, topic: str, key: str, event: OutgoingEvent) -> None:
        await self.broker.publish(encode(event), topic, key=key.encode())

    async def publish_many(self, items: Sequence[tuple[str, str, OutgoingEvent]]) -> None:
        """Pipelined: send all, then await every acknowledgement."""
        futures = [
            await self.broker.publish(encode(e), t, key=k.encode(), no_confirm=True) for t, k, e in items
        ]
        if futures:
            await asyncio.gather(*futures)

    async def publish_raw(self, topic: str, key: bytes | None, value: bytes | None,
                          headers: dict[str, str]) -> None:
        await self.broker.publish(value or b"", topic, key=key, headers=headers)


@dataclass
class BatchConsumer:
    """One at-least-once consumer: handler(records) stores its effects, then offsets are committed."""

    name: str
    topics: tuple[str, ...]
    group_id: str
    handler: BatchHandler
    publisher: EventPublisher
    metrics: ServiceMetrics
    health: Health
    subscriber: Any = None
    max_backoff_s: float = 5.0
    # A WriteBehind (shared/write_behind.py) takes the batches over when attached to this consumer.
    pipeline: Any = None
    _stopping: bool = field(default=False, repr=False)
    # (topic, partition) pairs this consumer has a lag series for; see collect_lag.
    _lag_reported: set[tuple[str, int]] = field(default_factory=set, repr=False)

    def attach(self, broker: KafkaBroker, settings: Settings, max_records: int | None = None,
               listener: Any = None) -> None:
        async def no_decode(_: Any) -> None:  # we read raw records; bad bytes must not fail decoding
            return None

        self.subscriber = broker.subscriber(
            *self.topics, group_id=self.group_id, batch=True,
            max_records=max_records or settings.max_batch_records, ack_policy=AckPolicy.MANUAL,
            auto_offset_reset="earliest", fetch_max_wait_ms=settings.fetch_max_wait_ms,
            batch_timeout_ms=settings.fetch_max_wait_ms, decoder=no_decode,
            max_poll_interval_ms=600_000, title=self.name, listener=listener,
        )

        @self.subscriber  # type: ignore[untyped-decorator]
        async def consume(body: Any, message: KafkaMessage) -> None:
            records = list(message.raw_message)
            started = time.perf_counter()
            if self.pipeline is not None:
                await self.pipeline.consume(records)  # commits explicit offsets once stored
            else:
                await self.process(records)
                await message.ack()
            now = time.time()
            for topic in {r.topic for r in records}:
                self.metrics.last_processed.labels(topic).set(now)
                self.metrics.message_duration.labels(topic).observe(
                    (time.perf_counter() - started) / max(len(records), 1))

    async def process(self, records: list[Any], attempt: int = 0) -> None:
        """Run the handler until it succeeds; isolate and dead-letter what can never succeed.

        A handler may count its records' outcomes itself (`metrics.messages`, e.g. "scored",
        "duplicate", "ignored"); the records it does not count are counted here as "ok", and a
        dead-lettered one as "error" — so every record is counted once.
        """
        while True:
            counted_before = self._counted({r.topic for r in records})
            try:
                await self.handler(records)
                self.health.recover(self.name)
                self._count_ok(records, self._counted({r.topic for r in records}) - counted_before)
                return
            except RETRYABLE as exc:
                attempt += 1
                await self.back_off(records, exc, attempt)
            except Exception as exc:
                if len(records) == 1:
                    await self.dead_letter(records[0], exc)
                    return
                # One bad record must not block the others: retry them one by one.
                for record in records:
                    await self.process([record])
                return

    async def back_off(self, records: Sequence[Any], exc: BaseException, attempt: int) -> None:
        """Unready, counted and logged, wait before the `attempt`-th retry (growing delays)."""
        self.health.degrade(self.name, f"retrying after {type(exc).__name__}")
        for topic in {r.topic for r in records}:
            self.metrics.retries.labels(topic).inc()
        delay = min(0.1 * 2 ** min(attempt, 10), self.max_backoff_s)
        log.warning("infrastructure failure, retrying", extra=log_context(
            consumer=self.name, error=repr(exc), attempt=attempt, delay_s=delay))
        await asyncio.sleep(delay)

    def _counted(self, topics: set[str]) -> Counter[str]:
        """Messages counted so far per topic, whatever their outcome."""
        totals: Counter[str] = Counter()
        for metric in self.metrics.messages.collect():
            for sample in metric.samples:
                if sample.name.endswith("_total") and sample.labels["topic"] in topics:
                    totals[sample.labels["topic"]] += int(sample.value)
        return totals

    def _count_ok(self, records: list[Any], counted: Counter[str]) -> None:
        for topic, count in Counter(r.topic for r in records).items():
            if count > counted[topic]:
                self.metrics.messages.labels(topic, "ok").inc(count - counted[topic])

    async def dead_letter(self, record: Any, exc: BaseException) -> None:
        headers = {
            "x-error": str(exc)[:1000] or type(exc).__name__,
            "x-error-type": type(exc).__name__,
            "x-source-topic": record.topic,
            "x-source-partition": str(record.partition),
            "x-source-offset": str(record.offset),
            "x-consumer-group": self.group_id,
            "x-failed-at": iso(utc_now()),
        }
        log.error("dead-lettered a message", extra=log_context(consumer=self.name, **headers),
                  exc_info=(type(exc), exc, exc.__traceback__))
        while True:
            try:
                await self.publisher.publish_raw(dlq(record.topic), record.key, record.value, headers)
                break
            except RETRYABLE as err:
                self.health.degrade(self.name, f"dead-letter publish failed: {type(err).__name__}")
                await asyncio.sleep(1.0)
        self.metrics.dead_letters.labels(record.topic).inc()
        self.metrics.messages.labels(record.topic, "error").inc()

    async def collect_lag(self) -> None:
        """Lag per assigned partition: the broker's end offset minus our position."""
        consumer = getattr(self.subscriber, "consumer", None)
        if consumer is None:
            return
        assigned = {(tp.topic, tp.partition): tp for tp in consumer.assignment()}
        # A revoked partition is reported by its new owner; a stale series here would count
        # its lag twice and never fall.
        for topic, partition in self._lag_reported - assigned.keys():
            with contextlib.suppress(KeyError):
                self.metrics.lag.remove(topic, str(partition))
        self._lag_reported &= assigned.keys()
        if not assigned:
            return
        ends = await self._end_offsets(consumer, list(assigned.values()))
        for key, tp in assigned.items():
            known = [v for v in (ends.get(tp), consumer.highwater(tp)) if v is not None]
            if not known:
                continue
            high = max(known)
            try:
                position = await consumer.position(tp)
            except Exception:  # not yet positioned after a rebalance
                continue
            self.metrics.lag.labels(tp.topic, str(tp.partition)).set(max(high - position, 0))
            self._lag_reported.add(key)

    @staticmethod
    async def _end_offsets(consumer: Any, partitions: list[Any]) -> dict[Any, int]:
        # The high-water mark of fetch responses stops moving while a handler is stuck (the
        # consumer fetches nothing), which is exactly when lag matters: ask the broker.
        try:
            return dict(await asyncio.wait_for(consumer.end_offsets(partitions), 3.0))
        except Exception:
            log.debug("end offsets unavailable", exc_info=True)
            return {}

    def assigned(self) -> bool:
        consumer = getattr(self.subscriber, "consumer", None)
        return bool(consumer is not None and consumer.assignment())


async def lag_loop(consumers: Sequence[BatchConsumer], interval_s: float = 5.0) -> None:
    while True:
        for c in consumers:
            try:
                # Bounded: position() may wait for a rebalance to settle.
                await asyncio.wait_for(c.collect_lag(), max(interval_s, 5.0))
            except Exception:
                log.debug("lag collection failed", exc_info=True)
        await asyncio.sleep(interval_s)
