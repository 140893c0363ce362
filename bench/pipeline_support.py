"""What bench_pipeline needs beside its steps: the four services as processes on a broker of
their own, the submissions it offers, and an observer that notes when each submission was
scored, each alert raised and each district's minutes redrafted."""

from __future__ import annotations

import asyncio
import bisect
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from random import Random
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition

from anushravan.embedded import free_port, stop_pid
from anushravan.sim.figures import figures_for
from anushravan.sim.magnitudes import base_size
from bench.harness import BenchEnv, rss_mb, wait_ready
from shared.auth import add_key
from shared.catalog import Scheme
from shared.topics import ALERTS, MINUTES_PUBLISHED, SCORES_UPDATED

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("ingest", "scoring", "alerts", "reports")
LAG = re.compile(r"^anushravan_\w+_consumer_lag_messages\{[^}]*\} ([0-9.e+]+)$", re.M)


@dataclass
class Pipeline:
    """The four services, each a process with a port; stopped by process id."""

    procs: dict[str, subprocess.Popen[bytes]]
    ports: dict[str, int]
    admin_key: str

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def rss_mb(self) -> dict[str, float]:
        return {name: round(rss_mb(proc.pid), 1) for name, proc in self.procs.items()}

    async def lag(self, client: httpx.AsyncClient) -> dict[str, float]:
        """Each service's consumer lag as its /metrics reports it (summed over partitions)."""
        out = {}
        for name in SERVICES:
            text = (await client.get(f"{self.url(name)}/metrics", timeout=5)).text
            out[name] = sum(float(v) for v in LAG.findall(text))
        return out

    def stop(self) -> None:
        for proc in self.procs.values():
            stop_pid(proc.pid, timeout=20)


async def start_pipeline(env: BenchEnv, kafka: str, settings: dict[str, str]) -> Pipeline:
    keys = env.workdir / f"pipeline-keys-{time.time_ns()}.yaml"
    admin = add_key(keys, "bench-portal", "admin")
    common = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": kafka, "MONGODB_URL": env.mongo_url,
              "MONGODB_DATABASE": env.database(f"pipeline_{time.time_ns()}"), "ANUSHRAVAN_API_KEYS_FILE": str(keys),
              "ANUSHRAVAN_LOG_LEVEL": "WARNING", **settings}
    ports = {name: free_port() for name in SERVICES}
    procs = {}
    for name in SERVICES:
        log = (env.workdir / f"pipeline-{name}.log").open("ab")
        procs[name] = subprocess.Popen(
            [sys.executable, "-m", "anushravan.cli", "serve", name], cwd=ROOT, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
            env={**common, "ANUSHRAVAN_HTTP_PORT": str(ports[name])})
    pipeline = Pipeline(procs, ports, admin)
    try:
        await asyncio.gather(*(wait_ready(pipeline.url(name), pipeline.procs[name], name) for name in SERVICES))
    except BaseException:
        pipeline.stop()
        raise
    return pipeline



def submissions(schemes: list[Scheme], districts: list[str], periods: Iterator[str], alert_share: float,
                seed: int) -> Iterator[dict[str, Any]]:
    """Endless distinct submissions: each district's schemes in turn, period after period.
    About `alert_share` of the graded ones fall into grade D (an `entered_grade_d` alert)."""
    rng = Random(seed)
    for period in periods:
        for scheme in schemes:
            for district in districts:
                falls = scheme.graded and rng.random() < alert_share
                values = figures_for(scheme, 1.0 if falls else 8.5, partial(base_size, scheme), rng)
                yield {"submission_id": f"bench-{scheme.id}-{district}-{period}", "scheme": scheme.id,
                       "district": district, "period": period, "revision": 1, "values": values,
                       "alert": falls}


def old_periods(start_year: int = 2001) -> Iterator[str]:
    year = start_year
    while True:
        for month in range(1, 13):
            yield f"{year:04d}-{month:02d}"
        year += 1


@dataclass
class Observer:
    """Reads scores.updated, alerts.rank-change and minutes.published from their ends."""

    kafka: str
    scored: dict[str, float] = field(default_factory=dict)  # submission id -> when seen
    alerts: dict[str, float] = field(default_factory=dict)  # alert id -> when seen
    minutes: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    _consumer: AIOKafkaConsumer | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(bootstrap_servers=self.kafka, group_id=None, fetch_max_wait_ms=20,
                                          enable_auto_commit=False, max_partition_fetch_bytes=4 * 1024 * 1024)
        await self._consumer.start()
        await self._consumer.topics()
        tps = [TopicPartition(t, p) for t in (SCORES_UPDATED, ALERTS, MINUTES_PUBLISHED)
               for p in sorted(self._consumer.partitions_for_topic(t) or {0})]
        self._consumer.assign(tps)
        await self._consumer.seek_to_end(*tps)

    async def run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=10_000)
            now = time.perf_counter()
            for record in (r for records in batches.values() for r in records):
                self._note(record.topic, json.loads(record.value), now)

    def _note(self, topic: str, event: dict[str, Any], now: float) -> None:
        data = event.get("data") or {}
        if topic == SCORES_UPDATED:
            self.scored.setdefault(str(data.get("submission_id")), now)
        elif topic == ALERTS and event.get("type") == "alert.raised.v1":
            self.alerts.setdefault(str(data.get("alert_id")), now)
        elif topic == MINUTES_PUBLISHED:
            self.minutes[(str(data.get("district")), str(data.get("period")))].append(now)

    def minutes_after(self, district: str, period: str, sent: float) -> float | None:
        """When the district's minutes for the period were first redrafted after `sent`."""
        times = self.minutes.get((district, period), [])
        i = bisect.bisect_left(times, sent)
        return times[i] if i < len(times) else None

    async def stop(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
