"""The composition of one service process: settings, metrics, health, keys, MongoDB, the
broker, the catalogue view and the consumers, started and stopped in FastAPI's lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI

from shared.auth import Keys, KeyStore
from shared.catalog_view import CatalogView
from shared.clock import period_window
from shared.health import Health
from shared.key_file import KeyFile
from shared.limits import Door, Limits
from shared.messaging import BatchConsumer, BatchHandler, EventPublisher, create_broker, lag_loop
from shared.mongo import Index, Mongo, connect
from shared.observability import ServiceMetrics, configure_logging, log_context
from shared.settings import Settings

log = logging.getLogger("anushravan.service")
Hook = Callable[[], Awaitable[None]]


class ServiceRuntime:
    """Everything a service needs at run time; built without I/O, started by the lifespan."""

    def __init__(self, name: str, settings: Settings, schema: Mapping[str, Sequence[Index]]) -> None:
        self.name = name
        self.settings = settings
        self.schema = schema
        self.metrics = ServiceMetrics(name)
        self.health = Health()
        self.keys: Keys = KeyFile(settings.api_keys_file) if settings.api_keys_file else KeyStore([])
        self.broker = create_broker(settings, self.metrics, client_id=f"anushravan-{name}")
        self.publisher = EventPublisher(self.broker)
        self.catalog = CatalogView(settings.bootstrap, client_id=f"anushravan-{name}-catalog")
        self.consumers: list[BatchConsumer] = []
        self._mongo: Mongo | None = None
        self._on_start: list[Hook] = []
        self._on_stop: list[Hook] = []
        self._tasks: list[asyncio.Task[Any]] = []
        self.health.info["catalog_schemes"] = lambda: len(self.catalog.schemes)

    @property
    def mongo(self) -> Mongo:
        if self._mongo is None:
            raise RuntimeError("the database is not connected yet")
        return self._mongo

    def consumer(self, name: str, topics: Sequence[str], group_id: str, handler: BatchHandler,
                 max_records: int | None = None, listener: Any = None) -> BatchConsumer:
        c = BatchConsumer(name, tuple(topics), group_id, handler, self.publisher, self.metrics, self.health)
        c.attach(self.broker, self.settings, max_records=max_records, listener=listener)
        self.consumers.append(c)
        return c

    def on_start(self, hook: Hook) -> None:
        """Run after the database and catalogue are ready and before any consumer starts."""
        self._on_start.append(hook)

    def on_stop(self, hook: Hook) -> None:
        self._on_stop.append(hook)

    def background(self, coro: Awaitable[Any], name: str) -> None:
        self._tasks.append(asyncio.ensure_future(coro))
        self._tasks[-1].set_name(name)

    async def _connect_mongo(self) -> Mongo:
        # The database may come up after us (compose, k8s): keep trying, unready meanwhile.
        attempt = 0
        while True:
            try:
                return await connect(self.settings, self.schema)
            except Exception as exc:
                attempt += 1
                log.warning("database not reachable yet", extra=log_context(error=repr(exc), attempt=attempt))
                await asyncio.sleep(min(0.5 * attempt, 5.0))

    @contextlib.asynccontextmanager
    async def lifespan(self, _: FastAPI) -> AsyncIterator[None]:
        self._mongo = await self._connect_mongo()
        self.health.add("database", self._mongo.ping)
        self.health.add("broker", self._broker_ping)
        await self.broker.connect()
        await self.catalog.start()
        await self.catalog.wait_caught_up(timeout=60)
        for hook in self._on_start:
            await hook()
        await self.broker.start()
        interval = self.settings.metrics_interval_s
        if self.consumers:
            self.background(lag_loop(self.consumers, interval), "lag")
        self.background(self._watch_readiness(interval), "readiness")
        self._reload_keys_on_sighup()
        self.health.started = True
        log.info("service started", extra=log_context(service=self.name))
        try:
            yield
        finally:
            self.health.started = False
            for task in self._tasks:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            # Stopping the broker lets in-flight handlers finish; unfinished ones are not committed.
            await self.broker.stop()
            for hook in self._on_stop:
                with contextlib.suppress(Exception):
                    await hook()
            await self.catalog.stop()
            await self._mongo.close()
            log.info("service stopped", extra=log_context(service=self.name))

    def _reload_keys_on_sighup(self) -> None:
        # `kill -HUP` re-reads the keys file at once (it is also re-read when it changes).
        keys = self.keys
        if isinstance(keys, KeyFile):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # main thread only
                asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, keys.refresh, True)

    async def _watch_readiness(self, interval_s: float) -> None:
        # The ready gauge must not depend on someone calling /readyz: Prometheus alerts on it.
        while True:
            ok, _ = await self.health.report()
            self.metrics.ready.set(1 if ok else 0)
            await asyncio.sleep(interval_s)

    async def _broker_ping(self) -> bool:
        return bool(await self.broker.ping(timeout=1.5))

    def http_app(self, title: str, routers: Sequence[APIRouter], description: str = "",
                 doors: Sequence[Door] = ()) -> FastAPI:
        from shared.http import create_http_app

        app = create_http_app(title, self.metrics, self.health, self.keys, self.lifespan, description,
                              limits=Limits.of(self.settings), doors=doors, periods=period_window(self.settings))
        for router in routers:
            app.include_router(router)
        app.state.runtime = self
        return app


def setup_process_logging(settings: Settings) -> None:
    configure_logging(settings.log_level, settings.log_json)
