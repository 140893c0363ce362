"""Write-behind for a batch consumer: batch N is stored while batch N+1 is prepared.

A stage whose batches are CPU work (reading, scoring) followed by database and broker writes
spends half its time waiting on one or the other. Here the consumer prepares batch N+1 (reads
and folds it in memory) while batch N's writes run, then waits for them, commits N's offsets —
explicit offsets, not the consumer's position, which is already past N+1 — and starts N+1's
writes. Writes still happen batch after batch, in order, so events and documents of one key keep
their order, and offsets are committed only once what they cover is stored (at-least-once).

Writes that meet an infrastructure failure (the database or the broker away) are retried in
place with growing delays, the stage unready meanwhile. A write that fails otherwise rewinds the
consumer to the first record not stored and makes the stage forget its memory (`reset`); the
next batch then goes the consumer's plain way (retries with backoff, poison isolated), after
which write-behind resumes. Whoever else touches the stage's memory takes `settling`:
acquired, no batch is still being stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from aiokafka.structs import TopicPartition

from shared.messaging import RETRYABLE
from shared.observability import log_context

if TYPE_CHECKING:
    from shared.messaging import BatchConsumer

log = logging.getLogger("anushravan.messaging")
Write = Callable[[], Coroutine[Any, Any, None]]
# Reads and folds a batch in memory; returns its writes, or None when the batch must go the plain
# way (e.g. it holds a control event that needs everything before it stored).
Prepare = Callable[[Sequence[Any]], Awaitable[Write | None]]


class PlainWay(Exception):
    """Raised by `prepare` for a batch that must be stored the plain way, with nothing else
    being stored meanwhile."""


def next_offsets(records: Sequence[Any]) -> dict[TopicPartition, int]:
    """The offset to commit per partition once `records` are stored: one past the last."""
    last: dict[tuple[str, int], int] = {}
    for r in records:  # a TopicPartition per partition, not per record
        key = (r.topic, r.partition)
        if r.offset >= last.get(key, -1):
            last[key] = r.offset
    return {TopicPartition(topic, partition): offset + 1 for (topic, partition), offset in last.items()}


def first_offsets(records: Sequence[Any]) -> dict[TopicPartition, int]:
    """Where to resume per partition to see `records` again."""
    offsets: dict[TopicPartition, int] = {}
    for r in records:
        tp = TopicPartition(r.topic, r.partition)
        offsets[tp] = min(offsets.get(tp, r.offset), r.offset)
    return offsets


class WriteBehind:
    def __init__(self, name: str, prepare: Prepare, reset: Callable[[], None]) -> None:
        self.name = name
        self.prepare = prepare
        self.reset = reset
        self.lock = asyncio.Lock()  # held while preparing; `settling` for everyone else
        self.settling = SettlingLock(self)
        self.consumer: BatchConsumer | None = None
        self._pending: tuple[Sequence[Any], asyncio.Task[None]] | None = None
        self._failures = 0  # the last write failed so many times: the next batch goes the plain way

    def attach(self, consumer: BatchConsumer) -> None:
        self.consumer = consumer
        consumer.pipeline = self

    async def consume(self, records: Sequence[Any]) -> None:
        """One consumed batch: prepared now, stored behind the next one."""
        async with self.lock:
            write: Write | None = None
            unprepared = False
            if not self._failures:  # after a failed write, the plain way first
                try:
                    write = await self.prepare(records)
                except Exception as exc:
                    if not isinstance(exc, PlainWay):
                        log.debug("preparing a batch failed; storing it the plain way", exc_info=True)
                    unprepared = True
            settled = await self.settle(also=records)
            if unprepared:
                self.reset()  # memory may hold part of this batch; the plain way retries or isolates it
            if not settled:
                return
            if write is not None:
                self._pending = (records, asyncio.create_task(self._store(records, write), name=f"{self.name}-write"))
                return
        await self._plain(records)

    async def _store(self, records: Sequence[Any], write: Write) -> None:
        """Run the batch's writes, again and again while the infrastructure fails (they are
        idempotent): the outage is retried right away, not when the next batch comes — after
        the last batch of a quiet spell that could be hours — and memory stays what will be
        stored. Anything else fails the write, and `settle` rewinds to it."""
        assert self.consumer is not None
        attempt = 0
        while True:
            try:
                await write()
            except RETRYABLE as exc:
                attempt += 1
                await self.consumer.back_off(records, exc, attempt)
                continue
            if attempt:
                self.consumer.health.recover(self.consumer.name)
            return

    async def _plain(self, records: Sequence[Any]) -> None:
        assert self.consumer is not None
        await self.consumer.process(list(records), attempt=self._failures)
        self._failures = 0
        await self._commit(records)

    async def settle(self, also: Sequence[Any] = ()) -> bool:
        """Wait until the batch being stored is stored and commit its offsets (lock held).

        False if storing it failed: memory is forgotten, the consumer is rewound to the batch
        (and to `also`, a batch prepared after it), and the next batch goes the plain way after
        a pause."""
        if self._pending is None:
            return True
        records, task = self._pending
        self._pending = None
        try:
            await task
        except Exception as exc:
            assert self.consumer is not None
            self.reset()
            self._rewind([*records, *also])
            log.warning("storing a batch failed; rewound to it", extra=log_context(
                consumer=self.name, error=repr(exc), records=len(records)))
            # The first retry: the plain way goes on from here, its delays growing further.
            self._failures = 1
            await self.consumer.back_off(records, exc, self._failures)
            return False
        await self._commit(records)
        return True

    async def finish(self) -> None:
        """At shutdown: let the batch being stored finish (its offsets stay uncommitted: the
        consumer is closed; the batch is redelivered and deduplicated at the next start)."""
        if self._pending is not None:
            _, task = self._pending
            self._pending = None
            with contextlib.suppress(Exception):
                await task

    def _kafka(self) -> Any:
        return getattr(self.consumer.subscriber, "consumer", None) if self.consumer is not None else None

    async def _commit(self, records: Sequence[Any]) -> None:
        kafka = self._kafka()
        if kafka is None:
            return
        assigned = kafka.assignment()
        offsets = {tp: o for tp, o in next_offsets(records).items() if tp in assigned}
        if not offsets:
            return
        try:
            await kafka.commit(offsets)
        except Exception as exc:
            # Not fatal: uncommitted records are redelivered and deduplicated.
            log.warning("committing offsets failed", extra=log_context(consumer=self.name, error=repr(exc)))

    def _rewind(self, records: Sequence[Any]) -> None:
        kafka = self._kafka()
        if kafka is None:
            return
        assigned = kafka.assignment()
        for tp, offset in first_offsets(records).items():
            if tp in assigned:
                kafka.seek(tp, offset)


class SettlingLock:
    """The stage's lock for everyone but the consumer: once acquired, no batch is still being
    stored, so memory and database agree (rebalances, catalogue re-scoring, plain batches)."""

    def __init__(self, pipeline: WriteBehind) -> None:
        self.pipeline = pipeline

    async def __aenter__(self) -> None:
        await self.pipeline.lock.acquire()
        try:
            await self.pipeline.settle()
        except BaseException:
            self.pipeline.lock.release()
            raise

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        self.pipeline.lock.release()

    def locked(self) -> bool:
        return self.pipeline.lock.locked()
