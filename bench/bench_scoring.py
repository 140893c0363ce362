"""Scoring: submissions per second through the running scoring service (storage included) and
through its scheme stage alone (Kafka side: consume, score, publish; nothing stored), both
against the raw consume→produce ceilings of the same run (raw.PAYLOAD relayed, and the very
submissions the Kafka side reads, relayed by plain aiokafka on the same broker); the service's
RSS after 100,000 submissions; p50/p99 from publishing a submission to reading its
`scheme.scored.v1` at 500 submissions/s, on a service holding one month (every district and
scheme); and the pure ranking of 7,000 units (updates per second).

The service catches up on submissions that wait in `progress.submitted` when it starts (its
rate is taken from the broker timestamps of the first and last `scheme.scored.v1`), with
`ANUSHRAVAN_MAX_BATCH_RECORDS=2000` and `ANUSHRAVAN_FETCH_MAX_WAIT_MS=10`."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from anushravan.admin import publish_catalog
from anushravan.embedded import free_port, stop_pid
from bench.harness import BenchEnv, percentile, rss_mb, wait_ready
from bench.raw import relay
from services.scoring.context import Context
from services.scoring.domain.ranking import Ranking
from services.scoring.metrics import ScoringMetrics
from services.scoring.producer import Producer
from services.scoring.scheme_stage import SchemeStage
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.districts import district_ids
from shared.health import Health
from shared.messaging import BatchConsumer
from shared.observability import ServiceMetrics
from shared.settings import Settings
from shared.topics import PROGRESS_SUBMITTED, SCORES_UPDATED

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-03-28"
BATCH = "2000"  # ANUSHRAVAN_MAX_BATCH_RECORDS: bigger batches spread each round trip over more submissions


def periods(count: int, last: str = "2026-03") -> list[str]:
    year, month = int(last[:4]), int(last[5:])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def submissions(schemes: list[Scheme], n: int, tag: str, revision: int = 1) -> Iterator[tuple[bytes, bytes]]:
    """(key, CloudEvent bytes) of `n` submissions: every district and scheme, month after month."""
    units = sorted(district_ids())
    rng = random.Random(n)
    per_period = len(schemes) * len(units)
    i = 0
    for period in periods(n // per_period + 1):
        for scheme in schemes:
            for unit in units:
                if i == n:
                    return
                values = {f: float(rng.randint(0, 1000)) for f in scheme.input_fields}
                for k in scheme.kpis:  # achievements within their targets: scored, not quarantined
                    if k.kind != "percent":
                        values[k.denominator_fields[0]] += sum(values[f] for f in k.numerator_fields)
                    elif k.value:
                        values[k.value] = min(values[k.value], 100.0)
                data = {"submission_id": f"{tag}-{i}", "scheme": scheme.id, "district": unit, "period": period,
                        "revision": revision, "values": values}
                event = {"specversion": "1.0", "id": f"{tag}-{i}", "type": "progress.submitted.v1",
                         "source": "bench", "time": "2026-03-24T10:00:00Z", "data": data}
                yield scheme.id.encode(), json.dumps(event, separators=(",", ":")).encode()
                i += 1


async def produce(kafka: str, items: Iterator[tuple[bytes, bytes]], topic: str = PROGRESS_SUBMITTED) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all", linger_ms=5, max_batch_size=262144)
    await producer.start()
    try:
        futures = [await producer.send(topic, value, key=key) for key, value in items]
        await asyncio.gather(*futures)
        return len(futures)
    finally:
        await producer.stop()


def start(env: BenchEnv, kafka: str, port: int) -> subprocess.Popen[bytes]:
    variables = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, "MONGODB_URL": env.mongo_url,
                 "MONGODB_DATABASE": env.database(f"scoring_{time.time_ns()}"), "ANUSHRAVAN_TODAY": TODAY,
                 "ANUSHRAVAN_HTTP_PORT": str(port), "ANUSHRAVAN_LOG_LEVEL": "WARNING",
                 "ANUSHRAVAN_MAX_BATCH_RECORDS": BATCH, "ANUSHRAVAN_FETCH_MAX_WAIT_MS": "10"}
    log = (env.workdir / "scoring-bench.log").open("ab")
    return subprocess.Popen([sys.executable, "-m", "anushravan.cli", "serve", "scoring"], env=variables,
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)



def reader(kafka: str, topic: str = SCORES_UPDATED) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(topic, bootstrap_servers=kafka, group_id=None, auto_offset_reset="earliest",
                            fetch_max_wait_ms=10, enable_auto_commit=False)


async def catch_up(kafka: str, n: int, timeout_s: float) -> float:
    """Submissions per second: `n` scheme.scored.v1 over the span of their broker timestamps."""
    consumer = reader(kafka)
    await consumer.start()
    try:
        seen, first, last = 0, None, None
        deadline = time.monotonic() + timeout_s
        while seen < n:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {seen} of {n} submissions were scored in {timeout_s} s")
            for records in (await consumer.getmany(timeout_ms=500, max_records=20_000)).values():
                for r in records:
                    seen += 1
                    first = r.timestamp if first is None else min(first, r.timestamp)
                    last = r.timestamp if last is None else max(last, r.timestamp)
        assert first is not None and last is not None
        return float(n / max((last - first) / 1000, 1e-3))
    finally:
        await consumer.stop()


async def drain(consumer: AIOKafkaConsumer) -> None:
    """Read what is already there: Tansu reports end offsets too low (STACK.md), so a reader that
    seeks to the end still receives older records, which must not count as late ones."""
    quiet = 0
    while quiet < 3:
        batch = await consumer.getmany(timeout_ms=200, max_records=20_000)
        quiet = 0 if batch else quiet + 1


async def latency(kafka: str, schemes: list[Scheme], rate: float, seconds: float) -> list[float]:
    """Milliseconds from sending each submission to reading its scheme.scored.v1, at `rate` per second."""
    tag = f"lat-{time.time_ns()}"
    month = len(schemes) * len(district_ids())
    wanted = int(rate * seconds)
    # Revisions of the month the service holds (2, 3, …), not submissions of new months.
    items = [item for r in range(wanted // month + 1)
             for item in submissions(schemes, month, f"{tag}-{r}", revision=2 + r)][:wanted]
    sent: dict[str, float] = {}
    received: dict[str, float] = {}
    consumer = reader(kafka)
    await consumer.start()
    await consumer.seek_to_end()
    await drain(consumer)
    producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all", linger_ms=0)
    await producer.start()
    marker = tag.encode()

    async def listen() -> None:
        while len(received) < len(items):
            for records in (await consumer.getmany(timeout_ms=100)).values():
                now = time.perf_counter()
                for r in records:
                    if marker in r.value:
                        received.setdefault(json.loads(r.value)["data"]["submission_id"], now)

    listener = asyncio.create_task(listen())
    try:
        began = time.perf_counter()
        for i, (key, value) in enumerate(items):
            await asyncio.sleep(max(0.0, began + i / rate - time.perf_counter()))
            sent[json.loads(value)["data"]["submission_id"]] = time.perf_counter()
            await producer.send(PROGRESS_SUBMITTED, value, key=key)
        await asyncio.wait_for(listener, timeout=60)
    finally:
        listener.cancel()
        await producer.stop()
        await consumer.stop()
    return [(received[s] - sent[s]) * 1000 for s in received if s in sent]


def ranking_updates(units: int = 7_000, updates: int = 200_000) -> dict[str, float]:
    """The pure ranking: move a random unit to random marks and read its rank, `updates` times."""
    rng = random.Random(1)
    ranking = Ranking()
    names = [f"block-{i:04d}" for i in range(units)]
    for name in names:
        ranking.upsert(name, rng.randint(0, 1000) / 100)
    moves = [(rng.choice(names), rng.randint(0, 1000) / 100) for _ in range(updates)]
    started = time.perf_counter()
    for name, marks in moves:
        ranking.upsert(name, marks)
        ranking.rank(name)
    elapsed = time.perf_counter() - started
    return {"ranking_units": units, "ranking_updates_per_s": round(updates / elapsed),
            "ranking_us_per_update": round(elapsed / updates * 1e6, 2)}


class NoStore:
    """The scheme stage's store reduced to nothing, to measure the Kafka side alone."""

    async def frozen_periods(self) -> set[str]:
        return set()

    async def stored_submissions(self, ids: Any) -> dict[str, Any]:
        return {}

    async def entries(self, scheme: str, period: str) -> list[Any]:
        return []

    async def period_entries(self, period: str, schemes: Any) -> dict[str, list[Any]]:
        return {s: [] for s in schemes}

    async def finals(self, scheme: str, period: str) -> dict[str, Any]:
        return {}

    async def ranking(self, scheme: str, period: str) -> None:
        return None

    async def add_submissions(self, docs: Any) -> None: ...

    async def save_scores(self, docs: Any, new: Any = ()) -> None: ...

    async def save_rankings(self, payloads: Any) -> None: ...


async def kafka_side(kafka: str, schemes: list[Scheme], n: int) -> float:
    """The scheme stage in this process: consume, score, publish scores, marks and rankings, commit."""
    settings = Settings(kafka_bootstrap_servers=kafka, today=TODAY)
    metrics = ServiceMetrics("bench_scoring")
    producer = Producer(settings, metrics.registry, "bench-scoring")
    await producer.start()
    by_id = {s.id: s for s in schemes}
    catalog = SimpleNamespace(schemes=by_id, retired=set(), get=by_id.get)
    ctx = Context(settings, catalog, producer, ScoringMetrics(metrics.registry), metrics)  # type: ignore[arg-type]
    stage = SchemeStage(ctx, NoStore())  # type: ignore[arg-type]
    consumer = AIOKafkaConsumer(PROGRESS_SUBMITTED, bootstrap_servers=kafka, group_id="bench-kafka-side",
                                auto_offset_reset="earliest", fetch_max_wait_ms=10, enable_auto_commit=False)
    await consumer.start()
    # As in the service: each batch is published (and committed) behind the next one's scoring.
    stage.pipeline.attach(BatchConsumer("scheme-stage", (PROGRESS_SUBMITTED,), "bench-kafka-side", stage.handle,
                                        None, metrics, Health(), subscriber=SimpleNamespace(consumer=consumer)))  # type: ignore[arg-type]
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)  # as the service sets them (services/scoring/main.py)
    try:
        seen, started, ticked = 0, 0.0, 0.0
        while seen < n:
            records = [r for rs in (await consumer.getmany(timeout_ms=200, max_records=int(BATCH))).values()
                       for r in rs]
            if records:
                started = started or time.perf_counter()
                await stage.pipeline.consume(records)
                seen += len(records)
            if time.perf_counter() - ticked >= 0.25:  # the service's ranking loop
                await stage.tick()
                ticked = time.perf_counter()
        async with stage.lock:  # the last batch published and committed
            return n / (time.perf_counter() - started)
    finally:
        gc.set_threshold(*thresholds)
        await consumer.stop()
        await producer.stop()


async def running_service(env: BenchEnv, kafka: str, schemes: list[Scheme], preload: int,
                          measure: Any) -> tuple[float, float, Any]:
    """Start the service on `kafka` with `preload` submissions waiting, let it catch up, then
    `measure(proc)`; (catch-up submissions/s, RSS in MiB after it, what `measure` returned)."""
    await publish_catalog(kafka, schemes)
    await produce(kafka, submissions(schemes, preload, f"pre-{time.time_ns()}"))
    port = free_port()
    proc = start(env, kafka, port)
    try:
        await wait_ready(f"http://127.0.0.1:{port}", proc, "scoring")
        per_s = await catch_up(kafka, preload, timeout_s=900)
        memory = rss_mb(proc.pid)
        return per_s, memory, await measure(proc)
    finally:
        stop_pid(proc.pid, timeout=30)


async def service(env: BenchEnv, schemes: list[Scheme], n: int, lat_seconds: float) -> dict[str, Any]:
    """Throughput and memory over `n` submissions; latency on a fresh service holding one month
    (every district and scheme), as in steady operation."""
    async def nothing(_: Any) -> None:
        return None

    async def lat(_: Any) -> list[float]:
        await asyncio.sleep(3.0)  # the month's rankings and composite are published
        return await latency(kafka, schemes, 500, lat_seconds)

    async with env.fresh_tansu() as kafka:
        per_s, memory, _ = await running_service(env, kafka, schemes, n, nothing)
    async with env.fresh_tansu() as kafka:
        _, _, samples = await running_service(env, kafka, schemes, len(schemes) * len(district_ids()), lat)
    return {"service_submissions": n, "service_submissions_per_s": round(per_s),
            "service_rss_mb_after": round(memory, 1),
            "latency_rate_per_s": 500, "latency_samples": len(samples),
            "latency_p50_ms": round(percentile(samples, 50), 2), "latency_p99_ms": round(percentile(samples, 99), 2),
            "latency_max_ms": round(max(samples), 2)}


async def run(env: BenchEnv) -> dict[str, Any]:
    n, lat_seconds, n_kafka = (20_000, 4.0, 20_000) if env.quick else (100_000, 10.0, 50_000)
    schemes = load_catalog(default_catalog_path())
    figures: dict[str, Any] = ranking_updates()
    figures.update(await service(env, schemes, n, lat_seconds))
    async with env.fresh_tansu() as kafka:
        await produce(kafka, submissions(schemes, n_kafka, f"ks-{time.time_ns()}"))
        # The same submissions relayed by plain aiokafka, on the same broker: the raw ceiling for
        # these messages (about 350 bytes, keyed by scheme), below the one of raw.PAYLOAD.
        same = await relay(kafka, PROGRESS_SUBMITTED, n_kafka)
        figures["kafka_side_submissions_per_s"] = round(await kafka_side(kafka, schemes, n_kafka))
    ceiling = env.raw.get("consume_produce_msgs_per_s") or float("nan")
    figures["raw_consume_produce_msgs_per_s"] = ceiling
    figures["kafka_side_vs_raw"] = round(figures["kafka_side_submissions_per_s"] / ceiling, 4)
    figures["raw_relay_same_submissions_msgs_per_s"] = round(same)
    figures["kafka_side_vs_raw_same_submissions"] = round(figures["kafka_side_submissions_per_s"] / same, 4)
    figures["service_vs_raw"] = round(figures["service_submissions_per_s"] / ceiling, 4)
    # With storage, the database server is the tighter ceiling: the same writes, no application.
    db_ceiling = env.raw.get("db_scoring_pattern_per_s") or float("nan")
    figures["db_scoring_pattern_per_s"] = db_ceiling
    figures["service_vs_db_ceiling"] = round(figures["service_submissions_per_s"] / db_ceiling, 4)
    figures["raw_roundtrip_p99_ms"] = env.raw.get("roundtrip_p99_ms")
    return figures
