"""The raw ceilings of this machine and run: plain aiokafka on the same broker and plain PyMongo
on the same database server, no application."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient

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


async def relay(bootstrap: str, topic: str, n: int) -> float:
    """Plain consume→produce of the `n` records waiting in `topic`, each forwarded as it is:
    the raw ceiling for a service's own messages (keys, sizes, partitions), not PAYLOAD's."""
    await _topic(bootstrap, f"{topic}.relayed")
    return await consume(bootstrap, topic, n, produce_to=f"{topic}.relayed")


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


def _audit_like(i: int, tag: str) -> dict[str, object]:
    """A document of the size and shape of one audit record of scoring."""
    return {"_id": f"{tag}-{i}", "scheme": "jsy", "district": "agra", "period": "2026-03", "revision": 1,
            "submitted_at": "2026-03-24T10:00:00Z", "submitted_by": None,
            "values": {"beneficiaries_paid": 10.0, "institutional_deliveries": 20.0, "registered": 30.0},
            "status": "scored", "reasons": [], "event_id": f"e-{i}", "source": "bench",
            "received_at": "2026-03-24T10:00:00Z", "position": f"progress.submitted/0/{i}"}


async def database_ceilings(mongo_url: str, n: int = 20_000, batch: int = 2_000) -> dict[str, float]:
    """What the database server does with no application in front of it, with the write concern
    the services use (majority, journaled), in batches of `batch` as scoring writes them:
    plain inserts, and the per-submission pattern of scoring's scheme stage (look the ids up in
    the audit trail, insert the audit records, insert the scores: three operations per
    submission in three round trips per batch)."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongo_url, w="majority", journal=True)
    db = client[f"raw_{time.time_ns()}"]
    try:
        started = time.perf_counter()
        for i in range(0, n, batch):
            await db["inserts"].insert_many([_audit_like(j, "i") for j in range(i, i + batch)], ordered=False)
        inserts = n / (time.perf_counter() - started)
        started = time.perf_counter()
        for i in range(0, n, batch):
            ids = [f"s-{j}" for j in range(i, i + batch)]
            await db["audit"].find({"_id": {"$in": ids}}).to_list()
            await db["audit"].insert_many([_audit_like(j, "s") for j in range(i, i + batch)], ordered=False)
            await db["scores"].insert_many([_audit_like(j, "s") for j in range(i, i + batch)], ordered=False)
        pattern = n / (time.perf_counter() - started)
        await client.drop_database(db.name)
    finally:
        await client.close()
    return {"db_insert_docs_per_s": round(inserts), "db_scoring_pattern_per_s": round(pattern), "db_docs": n}
