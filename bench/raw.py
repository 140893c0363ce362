"""The raw ceilings of this machine and run: plain aiokafka on the same broker, no application."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bench.harness import percentile

PAYLOAD = b'{"specversion":"1.0","id":"x","type":"progress.submitted.v1","source":"bench","data":' \
          b'{"submission_id":"s","scheme":"jsy","district":"agra","period":"2026-03","values":' \
          b'{"beneficiaries_paid":10,"institutional_deliveries":20}}}'


async def _topic(bootstrap: str, name: str, partitions: int = 6) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()


async def produce(bootstrap: str, topic: str, n: int) -> float:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        started = time.perf_counter()
        futures = [await producer.send(topic, PAYLOAD, key=str(i % 32).encode()) for i in range(n)]
        await asyncio.gather(*futures)
        return n / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def consume(bootstrap: str, topic: str, n: int, produce_to: str | None = None) -> float:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"raw-{topic}-{produce_to}",
                                auto_offset_reset="earliest", fetch_max_wait_ms=20, enable_auto_commit=False)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await consumer.start()
    await producer.start()
    try:
        seen, started = 0, None
        while seen < n:
            batches = await consumer.getmany(timeout_ms=200, max_records=5000)
            if started is None and batches:
                started = time.perf_counter()
            futures = []
            for records in batches.values():
                seen += len(records)
                if produce_to:
                    futures += [await producer.send(produce_to, r.value, key=r.key) for r in records]
            await asyncio.gather(*futures)
            if batches:
                await consumer.commit()
        return n / (time.perf_counter() - (started or time.perf_counter()))
    finally:
        await consumer.stop()
        await producer.stop()


async def roundtrip(bootstrap: str, topic: str, n: int = 300, fetch_max_wait_ms: int = 20) -> list[float]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=f"rt-{topic}",
                                auto_offset_reset="latest", fetch_max_wait_ms=fetch_max_wait_ms)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await consumer.start()
    await producer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.1)
        await consumer.seek_to_end()
        latencies = []
        for i in range(n):
            started = time.perf_counter()
            await producer.send_and_wait(topic, str(i).encode())
            while True:
                batch = await consumer.getmany(timeout_ms=1000)
                if any(r.value == str(i).encode() for rs in batch.values() for r in rs):
                    break
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.002)
        return latencies
    finally:
        await consumer.stop()
        await producer.stop()


async def ceilings(bootstrap: str, n: int = 50_000) -> dict[str, float]:
    await _topic(bootstrap, "raw.a")
    await _topic(bootstrap, "raw.b")
    await _topic(bootstrap, "raw.rt", 1)
    produced = await produce(bootstrap, "raw.a", n)
    consumed = await consume(bootstrap, "raw.a", n)
    relayed = await consume(bootstrap, "raw.a", n, produce_to="raw.b")
    latencies = await roundtrip(bootstrap, "raw.rt")
    return {
        "produce_msgs_per_s": round(produced), "consume_msgs_per_s": round(consumed),
        "consume_produce_msgs_per_s": round(relayed),
        "roundtrip_p50_ms": round(percentile(latencies, 50), 2),
        "roundtrip_p99_ms": round(percentile(latencies, 99), 2),
        "messages": n,
    }
