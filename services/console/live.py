"""Live updates: the console's consumer of `ranks.updated` (a consumer group per replica, so
every replica sees every ranking) drops the cached answers of the period and tells the open
pages of that period, which fetch their live parts again over Server-Sent Events."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import orjson

from services.console.cache import ANY_PERIOD, ReadCache
from services.console.metrics import ConsoleMetrics
from services.console.reads import scopes
from shared.periods import is_period

log = logging.getLogger("anushravan.console.live")
QUEUE_SIZE = 64
CLOSED = ""  # put on every queue at shutdown: the streams end and the server can stop at once


class LiveHub:
    def __init__(self, cache: ReadCache, metrics: ConsoleMetrics) -> None:
        self.cache = cache
        self.metrics = metrics
        self._queues: set[asyncio.Queue[str]] = set()
        self.closing = False

    async def handle(self, records: Sequence[Any]) -> None:
        """A batch of ranks.updated records: a bad one is skipped (the console only listens)."""
        changed = {p for p in map(_period_of, records) if p is not None}
        if not changed:
            return
        for period in changed:
            self.cache.invalidate((*scopes(period), ANY_PERIOD))
        for queue in list(self._queues):
            for period in changed:
                with contextlib.suppress(asyncio.QueueFull):  # a stalled page catches up on its next event
                    queue.put_nowait(period)

    def close(self) -> None:
        self.closing = True
        for queue in list(self._queues):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(CLOSED)

    async def stream(self, period: str, keepalive_s: float, settle_s: float = 0.25) -> AsyncIterator[str]:
        """The text/event-stream of one open page: `event: ranks` when its period changes."""
        queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        self.metrics.live_streams.inc()
        try:
            yield "retry: 3000\n: connected\n\n"
            while not self.closing:
                try:
                    changed = await asyncio.wait_for(queue.get(), keepalive_s)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if changed == CLOSED:
                    return
                if changed != period:
                    continue
                await asyncio.sleep(settle_s)  # rankings of one submission arrive together: one refresh
                while not queue.empty():
                    if queue.get_nowait() == CLOSED:
                        return
                self.metrics.live_events.inc()
                yield f"event: ranks\ndata: {period}\n\n"
        finally:
            self._queues.discard(queue)
            self.metrics.live_streams.dec()


def _period_of(record: Any) -> str | None:
    try:
        data = orjson.loads(record.value)["data"]
        period = data["period"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None
    return period if isinstance(period, str) and is_period(period) else None


def end_streams_on_stop(hub: LiveHub) -> None:
    """Open event streams would hold a graceful stop for its whole timeout: on SIGTERM or
    SIGINT end them first, then hand the signal to the server's own handler."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)
        if not callable(previous):
            continue

        def stop(sig: int = sig, previous: Callable[..., Any] = previous) -> None:
            hub.close()
            previous(sig, None)

        loop.add_signal_handler(sig, stop)
