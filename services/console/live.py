"""Live updates: the console's consumer of `ranks.updated` and `alerts.rank-change` (a consumer
group per replica, so every replica sees every event) drops the cached answers of the period
and tells the open pages of that period — `ranks` for the rankings' pages, `alerts` for the
alerts desk — which fetch their live parts again over Server-Sent Events."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from typing import Any

import orjson

from services.console.cache import ANY_PERIOD, ReadCache
from services.console.metrics import ConsoleMetrics
from services.console.reads import alert_scopes, scopes
from shared.periods import is_period
from shared.topics import ALERTS as ALERTS_RANK_CHANGE

log = logging.getLogger("anushravan.console.live")
QUEUE_SIZE = 64
Signal = tuple[str, str]  # (event name, key): ("ranks", "2026-03")
CLOSED: Signal = ("", "")  # put on every queue at shutdown: the streams end and the server can stop at once
ANY = "*"  # a page that wants every key of an event


class LiveHub:
    """Signals from the consumers to the open pages. Each page's stream names the events it
    wants and for which key (`{"ranks": "2026-03"}`); part 2's desks add their own events
    (an alert feed, say) with `notify` from a consumer of their topic."""

    def __init__(self, cache: ReadCache, metrics: ConsoleMetrics, alerts_cache: ReadCache | None = None) -> None:
        self.cache = cache
        self.alerts_cache = alerts_cache or cache
        self.metrics = metrics
        self._queues: set[asyncio.Queue[Signal]] = set()
        self.closing = False

    async def handle(self, records: Sequence[Any]) -> None:
        """A batch of ranks.updated and alerts.rank-change records: a bad one is skipped (the
        console only listens)."""
        alerts = {p for r in records if getattr(r, "topic", None) == ALERTS_RANK_CHANGE
                  for p in [_period_of(r)] if p is not None}
        ranks = {p for r in records if getattr(r, "topic", None) != ALERTS_RANK_CHANGE
                 for p in [_period_of(r)] if p is not None}
        for period in ranks:
            self.cache.invalidate((*scopes(period), ANY_PERIOD))
        for period in alerts:
            self.alerts_cache.invalidate(alert_scopes(period))
        self.notify("ranks", ranks)
        self.notify("alerts", alerts)

    def notify(self, event: str, keys: Iterable[str]) -> None:
        for queue in list(self._queues):
            for key in keys:
                with contextlib.suppress(asyncio.QueueFull):  # a stalled page catches up on its next event
                    queue.put_nowait((event, key))

    def close(self) -> None:
        self.closing = True
        for queue in list(self._queues):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(CLOSED)

    async def stream(self, wanted: Mapping[str, str], keepalive_s: float,
                     settle_s: float = 0.25) -> AsyncIterator[str]:
        """The text/event-stream of one open page: `event: <name>` when a wanted event's key
        changes. Signals that come together (one submission moves many rankings) are sent once."""
        queue: asyncio.Queue[Signal] = asyncio.Queue(QUEUE_SIZE)
        self._queues.add(queue)
        self.metrics.live_streams.inc()
        try:
            yield "retry: 3000\n: connected\n\n"
            while not self.closing:
                try:
                    first = await asyncio.wait_for(queue.get(), keepalive_s)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if first == CLOSED:
                    return
                if not _wanted(first, wanted):
                    continue
                await asyncio.sleep(settle_s)
                signals = {first}
                while not queue.empty():
                    signals.add(queue.get_nowait())
                if CLOSED in signals:
                    return
                for event, key in sorted(s for s in signals if _wanted(s, wanted)):
                    self.metrics.live_events.inc()
                    yield f"event: {event}\ndata: {key}\n\n"
        finally:
            self._queues.discard(queue)
            self.metrics.live_streams.dec()


def _wanted(signal: Signal, wanted: Mapping[str, str]) -> bool:
    event, key = signal
    return event in wanted and wanted[event] in (key, ANY)


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
