"""Publishing with a bounded wait: which events did the broker acknowledge in time?

The producer is acks=all. Events are sent pipelined, a chunk at a time; a chunk that is not
acknowledged within the timeout stops the rest of the batch from being sent. An event whose
acknowledgement did not come in time is reported as not acknowledged, although the producer
may still deliver it later: the caller answers 503, the client sends it again, and a second
copy is harmless because the event id and the submission id are the same.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka.errors import KafkaError
from faststream.kafka import KafkaBroker

from services.ingest.metrics import IngestMetrics
from shared.events.envelope import OutgoingEvent, encode
from shared.observability import log_context

log = logging.getLogger("anushravan.ingest.publishing")
SEND_ERRORS: tuple[type[BaseException], ...] = (KafkaError, TimeoutError, OSError)


@dataclass(frozen=True)
class Outbound:
    topic: str
    key: str
    event: OutgoingEvent


class AckPublisher:
    def __init__(self, broker: KafkaBroker, metrics: IngestMetrics, timeout_s: float, chunk: int) -> None:
        self._broker = broker
        self._metrics = metrics
        self._timeout_s = timeout_s
        self._chunk = chunk

    async def publish(self, items: Sequence[Outbound]) -> list[bool]:
        """Per item: did the broker acknowledge it within the timeout?"""
        acked = [False] * len(items)
        for start in range(0, len(items), self._chunk):
            part = items[start:start + self._chunk]
            results = await self._publish_chunk(part)
            acked[start:start + len(part)] = results
            if not all(results):
                self._metrics.broker_unavailable.inc()
                log.warning("the broker did not acknowledge in time", extra=log_context(
                    sent=start + len(part), unacknowledged=len(items) - start - sum(results)))
                break
        return acked

    async def _publish_chunk(self, part: Sequence[Outbound]) -> list[bool]:
        started = time.perf_counter()
        futures: list[asyncio.Future[Any]] = []
        try:
            async with asyncio.timeout(self._timeout_s):
                for item in part:
                    futures.append(await self._broker.publish(
                        encode(item.event), item.topic, key=item.key.encode(), no_confirm=True))
        except SEND_ERRORS as exc:
            log.warning("sending to the broker failed", extra=log_context(error=repr(exc)))
        for future in futures:
            future.add_done_callback(_retrieve)
        remaining = self._timeout_s - (time.perf_counter() - started)
        done: set[asyncio.Future[Any]] = set()
        if futures and remaining > 0:
            done, _ = await asyncio.wait(futures, timeout=remaining)
        results = [f in done and not f.cancelled() and f.exception() is None for f in futures]
        results += [False] * (len(part) - len(futures))
        if all(results):
            self._metrics.ack_seconds.observe(time.perf_counter() - started)
        return results


def _retrieve(future: asyncio.Future[Any]) -> None:
    # A late failure of an event already reported as unacknowledged needs no handling, but
    # must be retrieved, or asyncio logs "exception was never retrieved".
    if not future.cancelled():
        future.exception()
