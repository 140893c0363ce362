"""The reports service as a real process on its own Tansu, for the acceptance modules."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from anushravan.admin import create_topics, publish_catalog
from shared.auth import add_key
from tests.integration.reports.golden_events import DISTRICT, Event, catalogue
from tests.support import servers
from tests.support.kafka import produce


async def publish(bootstrap: str, events: list[Event]) -> None:
    """Publish in order per topic, as the producing services would."""
    for topic in dict.fromkeys(t for t, _, _ in events):
        await produce(bootstrap, topic, [(k, v) for t, k, v in events if t == topic])


async def produce_and_locate(bootstrap: str, events: list[Event]) -> list[tuple[TopicPartition, int]]:
    """Publish, returning where each event landed (partition and offset)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        placed = [await producer.send_and_wait(t, v, key=k.encode()) for t, k, v in events]
    finally:
        await producer.stop()
    return [(TopicPartition(m.topic, m.partition), m.offset) for m in placed]


async def committed_past(bootstrap: str, placed: list[tuple[TopicPartition, int]]) -> bool:
    """Whether the group `reports` has committed every one of these records."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id="reports", enable_auto_commit=False)
    await consumer.start()
    try:
        positions = [(await consumer.committed(tp)) or 0 for tp, _ in placed]
        return all(pos > offset for pos, (_, offset) in zip(positions, placed, strict=True))
    finally:
        await consumer.stop()


async def eventually(check: Callable[[], Awaitable[Any]], timeout_s: float = 30.0, what: str = "it") -> Any:
    """Poll until `check` returns something truthy."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.2)
    raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")


class Reports:
    """The service under test, its broker, and an HTTP client with the district's own key."""

    def __init__(self, bootstrap: str, env: dict[str, str], work: Path, keys: dict[str, str]) -> None:
        self.bootstrap, self.env, self.work, self.keys = bootstrap, env, work, keys
        self.process = self.start()
        self.http = httpx.AsyncClient(base_url=self.process.url, timeout=60.0,
                                      headers={"Authorization": f"Bearer {keys['district']}"})

    def start(self, **extra: str) -> servers.ServiceProcess:
        process = servers.ServiceProcess("reports", {**self.env, **extra}, self.work / "reports.log")
        process.start().wait_ready()
        return process

    def crash_and_restart(self, **extra: str) -> None:
        """SIGKILL (no shutdown, no commit), then a new process."""
        self.process.kill()
        self.process = self.start(**extra)
        self.http.base_url = httpx.URL(self.process.url)

    async def minutes(self, period: str, **params: Any) -> dict[str, Any] | None:
        response = await self.http.get(f"/v1/minutes/{DISTRICT}/{period}", params=params)
        return response.json() if response.status_code == 200 else None

    async def versions(self, period: str) -> list[dict[str, Any]]:
        response = await self.http.get(f"/v1/minutes/{DISTRICT}/{period}/versions")
        return response.json() if response.status_code == 200 else []


@asynccontextmanager
async def reports_service(work: Path, mongo_url: str, debounce_s: float) -> AsyncIterator[Reports]:
    """A dedicated Tansu with the topics and the golden catalogue, and the service on it."""
    with servers.tansu(work / "tansu") as broker:
        await create_topics(broker.url)
        await publish_catalog(broker.url, catalogue())
        keys = {"district": add_key(work / "keys.yaml", "cdo-kanpur", "district", district=DISTRICT),
                "viewer": add_key(work / "keys.yaml", "cc-reader", "viewer"),
                "submitter": add_key(work / "keys.yaml", "sw-portal", "submitter", ["social-welfare"])}
        env = servers.service_env(broker.url, mongo_url, f"reports_{uuid.uuid4().hex[:8]}", work / "keys.yaml",
                                  {"ANUSHRAVAN_MINUTES_DEBOUNCE_S": str(debounce_s)})
        service = Reports(broker.url, env, work, keys)
        try:
            yield service
        finally:
            await service.http.aclose()
            service.process.stop()
