"""Alerts: how soon the Command Centre learns of a collapse. The time from publishing a
`scheme.scored.v1` that causes a `grade_drop` to that alert on `alerts.rank-change`
(target: median under 50 ms on the embedded broker), against the raw produce-to-consume
round trip of the same run; and how many such alerts a burst yields per second. A live
service process on a broker of its own."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from anushravan.admin import publish_catalog
from anushravan.embedded import free_port, stop_pid
from bench.harness import BenchEnv, percentile, rss_mb, wait_ready
from shared.catalog import default_catalog_path, load_catalog
from shared.districts import district_ids
from shared.events.envelope import encode, make_event
from shared.events.scoring import SCHEME_SCORED
from shared.topics import ALERTS, SCORES_UPDATED

ROOT = Path(__file__).resolve().parents[1]
SCHEME = "sc-postmatric-scholarship"


def start(env: BenchEnv, kafka: str, port: int) -> subprocess.Popen[bytes]:
    variables = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, "MONGODB_URL": env.mongo_url,
                 "MONGODB_DATABASE": env.database(f"alerts_{time.time_ns()}"), "ANUSHRAVAN_HTTP_PORT": str(port),
                 "ANUSHRAVAN_LOG_LEVEL": "WARNING"}
    log = (env.workdir / "alerts-bench.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "anushravan.cli", "serve", "alerts"], env=variables,
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)



def fall(district: str, period: str) -> bytes:
    """A fall from B last month to D now: a grade_drop (and an entry into D)."""
    data = {"scheme": SCHEME, "department": "social-welfare", "district": district, "period": period,
            "marks": 1.57, "grade": "D", "rank": 71, "of": 75, "kpis": {"disposal": 0.1566},
            "previous": {"period": "x", "marks": 6.88, "grade": "B", "rank": 53, "of": 75},
            "status": "scored", "submission_id": f"bench-{district}-{period}", "revision": 1}
    return encode(make_event(SCHEME_SCORED, "bench", data))


def periods(count: int) -> list[str]:
    # Distinct (district, period) pairs give distinct alert ids: every event raises anew.
    return [f"{2000 + i // 12:04d}-{i % 12 + 1:02d}" for i in range(count)]


@asynccontextmanager
async def clients(kafka: str) -> AsyncIterator[tuple[AIOKafkaProducer, AIOKafkaConsumer]]:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
    # As the raw round trip reads: no group, 20 ms fetch wait.
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka, group_id=None, fetch_max_wait_ms=20,
                                enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    try:
        await consumer.topics()
        tps = [TopicPartition(ALERTS, p) for p in sorted(consumer.partitions_for_topic(ALERTS) or {0})]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        yield producer, consumer
    finally:
        await consumer.stop()
        await producer.stop()


def drops(batches: dict[Any, list[Any]]) -> list[str]:
    found = []
    for records in batches.values():
        for record in records:
            data = json.loads(record.value)["data"]
            if data["type"] == "grade_drop":
                found.append(data["alert_id"])
    return found


async def latencies(kafka: str, pairs: list[tuple[str, str]]) -> list[float]:
    """One at a time: publish a fall, wait for its grade_drop, note the milliseconds."""
    out: list[float] = []
    async with clients(kafka) as (producer, consumer):
        for district, period in pairs:
            wanted = f"grade_drop:{district}:{SCHEME}:{period}:D"
            started = time.perf_counter()
            await producer.send_and_wait(SCORES_UPDATED, fall(district, period), key=district.encode())
            while wanted not in drops(await consumer.getmany(timeout_ms=1000)):
                if time.perf_counter() - started > 30:
                    raise TimeoutError(f"no {wanted} within 30 s")
            out.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.002)
    return out


async def burst(kafka: str, pairs: list[tuple[str, str]]) -> float:
    """All at once: grade_drop alerts per second until the last one is on the topic."""
    async with clients(kafka) as (producer, consumer):
        started = time.perf_counter()
        sends = [await producer.send(SCORES_UPDATED, fall(d, p), key=d.encode()) for d, p in pairs]
        await asyncio.gather(*sends)
        seen = 0
        while seen < len(pairs):
            seen += len(drops(await consumer.getmany(timeout_ms=1000, max_records=5000)))
            if time.perf_counter() - started > 120:
                raise TimeoutError(f"only {seen} of {len(pairs)} alerts within 120 s")
        return len(pairs) / (time.perf_counter() - started)


async def run(env: BenchEnv) -> dict[str, Any]:
    n_single, n_burst = (150, 1_000) if env.quick else (500, 5_000)
    units = sorted(district_ids())
    pairs = [(d, p) for p in periods((n_single + n_burst) // len(units) + 2) for d in units]
    async with env.fresh_tansu() as kafka:
        await publish_catalog(kafka, load_catalog(default_catalog_path()))
        port = free_port()
        proc = start(env, kafka, port)
        try:
            await wait_ready(f"http://127.0.0.1:{port}", proc, "alerts")
            await latencies(kafka, pairs[:20])  # warm-up: connections, caches, first batches
            measured = await latencies(kafka, pairs[20:20 + n_single])
            per_s = await burst(kafka, pairs[20 + n_single:20 + n_single + n_burst])
            memory = rss_mb(proc.pid)
        finally:
            stop_pid(proc.pid, timeout=30)
    raw_p50 = env.raw.get("roundtrip_p50_ms") or float("nan")
    p50 = percentile(measured, 50)
    return {
        "grade_drop_to_alert_p50_ms": round(p50, 2),
        "grade_drop_to_alert_p99_ms": round(percentile(measured, 99), 2),
        "grade_drop_to_alert_max_ms": round(max(measured), 2),
        "measured_events": len(measured),
        "raw_roundtrip_p50_ms": raw_p50,
        "raw_roundtrip_p99_ms": env.raw.get("roundtrip_p99_ms") or float("nan"),
        "p50_vs_raw_roundtrip": round(p50 / raw_p50, 2),
        "burst_events": n_burst,
        "burst_alerts_per_s": round(per_s),
        "target_p50_ms": 50,
        "service_rss_mb": round(memory, 1),
    }
