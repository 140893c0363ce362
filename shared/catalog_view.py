"""Each service's view of the compacted `catalog.schemes`: last value per key, a null value
retires the scheme. Read from the beginning at every start (Tansu never compacts, and a new
instance needs the whole catalogue anyway), without a consumer group."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError

from shared.catalog import Scheme
from shared.events.catalog import SCHEME_DEFINED
from shared.messaging import PoisonMessage, parse_envelope
from shared.observability import log_context
from shared.topics import CATALOG_SCHEMES

log = logging.getLogger("anushravan.catalog")
ChangeCallback = Callable[[str, Scheme | None, Scheme | None], Awaitable[None]]


class CatalogView:
    def __init__(self, bootstrap: str, client_id: str) -> None:
        self._bootstrap = bootstrap
        self._client_id = client_id
        self.schemes: dict[str, Scheme] = {}
        self.retired: set[str] = set()
        self._listeners: list[ChangeCallback] = []
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self.caught_up = asyncio.Event()
        self.invalid_messages = 0

    def on_change(self, callback: ChangeCallback) -> None:
        self._listeners.append(callback)

    def get(self, scheme_id: str) -> Scheme | None:
        return self.schemes.get(scheme_id)

    def graded(self) -> list[Scheme]:
        return [s for s in self.schemes.values() if s.graded]

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap, client_id=self._client_id, group_id=None,
            enable_auto_commit=False, fetch_max_wait_ms=100,
        )
        await self._consumer.start()
        partitions = self._consumer.partitions_for_topic(CATALOG_SCHEMES) or {0}
        tps = [TopicPartition(CATALOG_SCHEMES, p) for p in sorted(partitions)]
        self._consumer.assign(tps)
        await self._consumer.seek_to_beginning(*tps)
        ends = await self._consumer.end_offsets(tps)
        self._task = asyncio.create_task(self._run(ends), name="catalog-view")

    async def wait_caught_up(self, timeout: float = 30.0) -> None:
        await asyncio.wait_for(self.caught_up.wait(), timeout)

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):
                pass
        if self._consumer:
            await self._consumer.stop()

    async def _run(self, ends: dict[Any, int]) -> None:
        assert self._consumer is not None
        if all(v == 0 for v in ends.values()):
            self.caught_up.set()
        while True:
            batches = await self._consumer.getmany(timeout_ms=200, max_records=1000)
            for records in batches.values():
                for record in records:
                    await self.apply(record.key, record.value)
            if not self.caught_up.is_set():
                positions = [await self._consumer.position(tp) for tp in ends]
                if all(pos >= end for pos, end in zip(positions, ends.values(), strict=True)):
                    self.caught_up.set()

    async def apply(self, key: bytes | None, value: bytes | None) -> None:
        """Apply one catalogue record (also used directly by tests)."""
        scheme_id = key.decode(errors="replace") if key else None
        if value is None or value == b"":
            if scheme_id and scheme_id in self.schemes:
                old = self.schemes.pop(scheme_id)
                self.retired.add(scheme_id)
                await self._notify(scheme_id, old, None)
            return
        try:
            event = parse_envelope(value)
            if event.type != SCHEME_DEFINED:
                raise PoisonMessage(f"unexpected event type {event.type!r}")
            scheme = Scheme.model_validate(event.data)
        except (PoisonMessage, ValidationError) as exc:
            self.invalid_messages += 1
            log.error("ignored an invalid catalogue record", extra=log_context(key=scheme_id, error=str(exc)))
            return
        previous = self.schemes.get(scheme.id)
        self.schemes[scheme.id] = scheme
        self.retired.discard(scheme.id)
        if previous != scheme:
            await self._notify(scheme.id, previous, scheme)

    async def _notify(self, scheme_id: str, old: Scheme | None, new: Scheme | None) -> None:
        for callback in self._listeners:
            try:
                await callback(scheme_id, old, new)
            except Exception:
                log.exception("catalogue change listener failed", extra=log_context(scheme=scheme_id))
