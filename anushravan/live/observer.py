"""Reads what the pipeline publishes, to know when a step has settled.

Every accepted or quarantined submission comes back as a `scheme.scored.v1` on
`scores.updated` carrying its `submission_id`; every refused one as `progress.rejected.v1`.
So "everything I sent has been processed" is a set comparison, not a guess. Alerts are
counted as they arrive on `alerts.rank-change`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer

from shared.events.alerts import ALERT_RAISED
from shared.events.ingest import PROGRESS_REJECTED
from shared.events.scoring import SCHEME_SCORED
from shared.topics import ALERTS, SCORES_UPDATED
from shared.topics import PROGRESS_REJECTED as REJECTED_TOPIC


class Observer:
    """Tails scores, refusals and alerts from the beginning of their topics (no consumer group)."""

    def __init__(self, bootstrap: str) -> None:
        self.bootstrap = bootstrap
        self.scored: set[str] = set()
        self.quarantined: set[str] = set()
        self.rejected: dict[str, list[str]] = {}
        self.alerts: list[dict[str, Any]] = []
        self.severities: Counter[str] = Counter()
        self.last_alert_at = time.monotonic()
        self.last_scored_wall = 0.0  # epoch seconds: when the latest scheme.scored.v1 was read
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            SCORES_UPDATED, REJECTED_TOPIC, ALERTS, bootstrap_servers=self.bootstrap, group_id=None,
            auto_offset_reset="earliest", enable_auto_commit=False, fetch_max_wait_ms=20,
            max_partition_fetch_bytes=4 * 1024 * 1024, client_id="anushravan-demo-observer")
        await self._consumer.start()
        self._task = asyncio.create_task(self._run(), name="observer")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer:
            await self._consumer.stop()

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=10_000)
            for records in batches.values():
                for record in records:
                    self._take(record.value)

    def _take(self, value: bytes | None) -> None:
        try:
            event = json.loads(value or b"")
        except ValueError:
            return
        if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
            return
        data, kind = event["data"], event.get("type")
        if kind == SCHEME_SCORED and data.get("submission_id"):
            target = self.quarantined if data.get("status") == "quarantined" else self.scored
            target.add(str(data["submission_id"]))
            self.last_scored_wall = time.time()
        elif kind == PROGRESS_REJECTED and data.get("submission_id"):
            codes = [str(r.get("code")) for r in data.get("reasons") or [] if isinstance(r, dict)]
            self.rejected[str(data["submission_id"])] = codes
        elif kind == ALERT_RAISED:
            self.alerts.append(data)
            self.severities[str(data.get("severity"))] += 1
            self.last_alert_at = time.monotonic()

    def processed(self, submission_id: str) -> bool:
        return (submission_id in self.scored or submission_id in self.quarantined
                or submission_id in self.rejected)

    async def wait_processed(self, ids: Iterable[str], timeout: float) -> set[str]:
        """Wait until every id was scored, quarantined or refused; returns those still missing."""
        waiting = {i for i in ids if not self.processed(i)}
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            waiting = {i for i in waiting if not self.processed(i)}
        return waiting

    async def wait_quiet(self, quiet: float, timeout: float) -> None:
        """Wait until no alert has arrived for `quiet` seconds (at most `timeout`)."""
        deadline = time.monotonic() + timeout
        start = time.monotonic()
        while time.monotonic() < deadline:
            if time.monotonic() - max(self.last_alert_at, start) >= quiet:
                return
            await asyncio.sleep(0.05)
