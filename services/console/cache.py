"""Upstream answers kept briefly and shared: 200 sessions looking at the same period cost the
other services one read per period and kind, not 200. Entries carry the generation of their
period; a ranks.updated event of that period bumps it, so a change is never hidden for the TTL.
Concurrent misses of one key wait for one load (single flight)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any

from services.console.metrics import ConsoleMetrics

ANY_PERIOD = "*"


class ReadCache:
    def __init__(self, ttl_s: float, metrics: ConsoleMetrics, max_entries: int = 4000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.metrics = metrics
        self.max_entries = max_entries
        self.clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._loading: dict[Hashable, asyncio.Future[Any]] = {}
        self._generation: dict[str, int] = {}

    def generation(self, scopes: Iterable[str]) -> tuple[int, ...]:
        return tuple(self._generation.get(s, 0) for s in scopes)

    def invalidate(self, scopes: Iterable[str]) -> None:
        for scope in scopes:
            self._generation[scope] = self._generation.get(scope, 0) + 1

    async def get(self, key: Hashable, scopes: Iterable[str], load: Callable[[], Awaitable[Any]]) -> Any:
        """The cached answer for `key`, valid while none of its `scopes` changed."""
        full = (key, self.generation(scopes))
        hit = self._entries.get(full)
        now = self.clock()
        if hit is not None and hit[0] > now:
            self._entries.move_to_end(full)
            self.metrics.cache.labels("hit").inc()
            return hit[1]
        pending = self._loading.get(full)
        if pending is not None:
            self.metrics.cache.labels("shared").inc()
            return await asyncio.shield(pending)
        self.metrics.cache.labels("miss").inc()
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._loading[full] = future
        try:
            value = await load()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        finally:
            self._loading.pop(full, None)
        future.set_result(value)
        self._entries[full] = (now + self.ttl_s, value)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return value
