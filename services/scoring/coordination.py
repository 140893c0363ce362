"""Who does what when partitions move: state is dropped on every rebalance and reloaded on
use; owned schemes are reconciled with the catalogue after every assignment."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any

from aiokafka.abc import ConsumerRebalanceListener

from services.scoring.ownership import Ownership
from services.scoring.reconcile import Reconciler
from shared.health import Health
from shared.messaging import RETRYABLE
from shared.observability import log_context
from shared.topics import PROGRESS_SUBMITTED

log = logging.getLogger("anushravan.scoring")


class Rebalance(ConsumerRebalanceListener):  # type: ignore[misc]
    """Drops a stage's memory when its partitions move (under the stage's lock)."""

    def __init__(self, lock: AbstractAsyncContextManager[Any], reset: Callable[[], None],
                 assigned: Callable[[set[Any]], Awaitable[None]] | None = None) -> None:
        self.lock = lock
        self.reset = reset
        self.assigned = assigned

    async def on_partitions_revoked(self, revoked: set[Any]) -> None:
        async with self.lock:
            self.reset()

    async def on_partitions_assigned(self, assigned: set[Any]) -> None:
        async with self.lock:
            self.reset()
        if self.assigned is not None:
            await self.assigned(assigned)


class ReconcileQueue:
    """Schemes waiting to be compared with the catalogue; worked off by one background task."""

    def __init__(self, reconciler: Reconciler, lock: AbstractAsyncContextManager[Any], ownership: Ownership,
                 health: Health) -> None:
        self.reconciler = reconciler
        self.lock = lock
        self.ownership = ownership
        self.health = health
        self.pending: set[str] = set()
        self.wake = asyncio.Event()

    def add(self, schemes: Iterable[str]) -> None:
        self.pending.update(s for s in schemes if self.ownership.owns(s))
        if self.pending:
            self.wake.set()

    async def on_catalogue_change(self, scheme_id: str, old: object, new: object) -> None:
        self.add([scheme_id])

    async def run(self) -> None:
        attempt = 0
        while True:
            await self.wake.wait()
            self.wake.clear()
            try:
                await self._work()
                attempt = 0
                self.health.recover("catalogue-reconcile")
            except RETRYABLE as exc:
                attempt += 1
                self.health.degrade("catalogue-reconcile", f"retrying after {type(exc).__name__}")
                log.warning("re-scoring failed, retrying", extra=log_context(error=repr(exc)))
                self.wake.set()
                await asyncio.sleep(min(0.2 * 2**attempt, 5.0))

    async def _work(self) -> None:
        while self.pending:
            async with self.lock:
                await self._reconcile(min(self.pending))

    def waiting(self, schemes: Iterable[str]) -> bool:
        return not self.pending.isdisjoint(schemes)

    async def before_scoring(self, schemes: Iterable[str]) -> None:
        """Reconcile the waiting ones among `schemes` now, with the stage's lock held, before
        any of their submissions is scored: scored first, a scheme would have to be re-scored
        once its definition is compared (at a first start, every period the catch-up had
        already stored — guarded rewrites of whole boards: by their count and measured cost,
        about a quarter of the database's time in the benchmark)."""
        for scheme in sorted(self.pending.intersection(schemes)):
            await self._reconcile(scheme)

    async def _reconcile(self, scheme: str) -> None:
        try:
            if self.ownership.owns(scheme):
                await self.reconciler.reconcile(scheme)
        except RETRYABLE:
            self.reconciler.state.reset()
            raise
        except Exception:
            # A bug, not an outage: retrying would loop; the next assignment tries again.
            self.reconciler.state.reset()
            log.exception("re-scoring a changed scheme failed", extra=log_context(scheme=scheme))
        self.pending.discard(scheme)


def owned_partitions(assigned: Iterable[Any]) -> set[int]:
    return {tp.partition for tp in assigned if tp.topic == PROGRESS_SUBMITTED}
