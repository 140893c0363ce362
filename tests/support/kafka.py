"""Kafka helpers for tests: publish CloudEvents and read topics until a condition holds."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.events.envelope import encode, make_event


async def produce(bootstrap: str, topic: str, items: Iterable[tuple[str | None, bytes | None]]) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key.encode() if key else None) for key, value in items]
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


@dataclass
class Record:
    """What the handlers read of an aiokafka ConsumerRecord, for feeding them directly."""

    topic: str
    key: bytes | None
    value: bytes | None
    partition: int = 0
    offset: int = 0


def event_bytes(type_: str, data: dict[str, Any], source: str = "tests", id_: str | None = None) -> bytes:
    return encode(make_event(type_, source, data, id_=id_ or str(uuid.uuid4())))


class TopicReader:
    """Reads one or more topics from the beginning (no group) and keeps every record."""

    def __init__(self, bootstrap: str, *topics: str) -> None:
        self.bootstrap = bootstrap
        self.topics = topics
        self.records: list[Any] = []
        self._consumer: AIOKafkaConsumer | None = None

    async def __aenter__(self) -> TopicReader:
        self._consumer = AIOKafkaConsumer(*self.topics, bootstrap_servers=self.bootstrap, group_id=None,
                                          auto_offset_reset="earliest", fetch_max_wait_ms=20,
                                          enable_auto_commit=False)
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._consumer:
            await self._consumer.stop()

    async def poll(self, timeout_s: float = 0.2) -> list[Any]:
        assert self._consumer is not None
        batches = await self._consumer.getmany(timeout_ms=int(timeout_s * 1000), max_records=5000)
        new = [r for rs in batches.values() for r in rs]
        self.records.extend(new)
        return new

    def events(self, type_: str | None = None) -> list[dict[str, Any]]:
        out = []
        for r in self.records:
            try:
                doc = json.loads(r.value)
            except (TypeError, ValueError):
                continue
            if type_ is None or doc.get("type") == type_:
                out.append(doc)
        return out

    async def wait_for(self, condition: Callable[[TopicReader], bool], timeout_s: float = 30.0,
                       what: str = "condition") -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            await self.poll()
            if condition(self):
                return
        raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}; saw {len(self.records)} records")
