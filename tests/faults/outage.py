"""A database outage in the middle of a replay, and what the services did meanwhile: whether
they said so (/readyz 503 while /healthz stays 200, same processes), whether any consumer
committed offsets without the database (it must not: nothing could have been stored), and
how often they retried (backing off, not spinning)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.topics import PROGRESS_SUBMITTED, SCORES_BY_PERIOD, SCORES_UPDATED
from tests.faults.stack import SERVICES, Stack

# The consumer groups and the topics whose committed offsets must stand still meanwhile.
GROUPS = {"scoring": PROGRESS_SUBMITTED, "scoring-composite": SCORES_BY_PERIOD, "alerts": SCORES_UPDATED,
          "reports": SCORES_UPDATED}
RETRIES = re.compile(r"^anushravan_(\w+)_infrastructure_retries_total\{[^}]*\} ([0-9.e+]+)$", re.M)
Offsets = dict[tuple[str, int], int]


@dataclass
class OutageReport:
    began_after: int = 0  # submissions in the audit trail when the database went away
    unready_after_s: dict[str, float] = field(default_factory=dict)
    health_while_down: dict[str, int] = field(default_factory=dict)
    committed_when_unready: Offsets = field(default_factory=dict)
    committed_before_restart: Offsets = field(default_factory=dict)
    retries_while_down: dict[str, float] = field(default_factory=dict)
    backoff_delays_s: dict[str, list[float]] = field(default_factory=dict)  # logged, in order
    ready_again_after_s: dict[str, float] = field(default_factory=dict)
    pids_before: dict[str, int] = field(default_factory=dict)
    pids_after: dict[str, int] = field(default_factory=dict)


async def committed(bootstrap: str) -> Offsets:
    """Committed offsets of GROUPS (a consumer that never subscribes only reads them)."""
    out: Offsets = {}
    for group, topic in GROUPS.items():
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        await consumer.start()
        try:
            for partition in sorted(consumer.partitions_for_topic(topic) or await _partitions(consumer, topic)):
                out[(group, partition)] = await consumer.committed(TopicPartition(topic, partition)) or 0
        finally:
            await consumer.stop()
    return out


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    await consumer.topics()
    return consumer.partitions_for_topic(topic) or set()


async def retries(stack: Stack) -> dict[str, float]:
    """Infrastructure retries so far, per service (summed over consumers and topics)."""
    out: dict[str, float] = {}
    for name in SERVICES:
        text = (await stack.http.get(f"{stack.url(name)}/metrics", timeout=5.0)).text
        out[name] = sum(float(v) for _, v in RETRIES.findall(text))
    return out


def logged_delays(path: Path, offset: int) -> list[float]:
    """The delays of the retries a service logged after `offset` bytes of its log."""
    with path.open("rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    delays = []
    for line in lines:
        with contextlib.suppress(ValueError):
            doc = json.loads(line)
            if isinstance(doc, dict) and "delay_s" in doc:
                delays.append(float(doc["delay_s"]))
    return delays


async def wait_all(stack: Stack, status_ok: Callable[[int], bool], timeout_s: float) -> dict[str, float]:
    """Seconds until each service's /readyz satisfied `status_ok`."""
    started, seen = time.monotonic(), dict[str, float]()
    while len(seen) < len(SERVICES) and time.monotonic() - started < timeout_s:
        for name in SERVICES:
            if name not in seen and status_ok(await stack.ready(name)):
                seen[name] = round(time.monotonic() - started, 1)
        await asyncio.sleep(0.2)
    return seen


async def outage(stack: Stack, begin: Callable[[], Awaitable[int]], down_s: float) -> OutageReport:
    """Stop the database once `begin()` returns a positive number (the audit trail's size),
    observe for `down_s`, start it again on the same port and file, and wait for readiness."""
    report = OutageReport(pids_before={n: s.pid for n, s in stack.services.items()})
    while (count := await begin()) <= 0:
        await asyncio.sleep(0.1)
    report.began_after = count
    logs = {n: s.log_path.stat().st_size for n, s in stack.services.items()}
    stack.stop_database()
    stopped = time.monotonic()
    report.unready_after_s = await wait_all(stack, lambda status: status == 503, down_s)
    report.committed_when_unready = await committed(stack.bootstrap)
    before = await retries(stack)
    await asyncio.sleep(max(0.0, down_s - (time.monotonic() - stopped)))
    report.health_while_down = {n: (await stack.http.get(f"{stack.url(n)}/healthz")).status_code for n in SERVICES}
    report.retries_while_down = {n: v - before[n] for n, v in (await retries(stack)).items()}
    report.committed_before_restart = await committed(stack.bootstrap)
    report.backoff_delays_s = {n: logged_delays(stack.services[n].log_path, logs[n]) for n in SERVICES}
    stack.restart_database()
    report.ready_again_after_s = await wait_all(stack, lambda status: status == 200, 120.0)
    report.pids_after = {n: s.pid for n, s in stack.services.items()}
    return report
