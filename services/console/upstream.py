"""The other services, as the console reads them: HTTP with the console's own service key.
A 404 is an answer (None), anything else that is not 200 is an UpstreamError naming the
service, so a page can say which service did not answer."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson

from services.console.metrics import ConsoleMetrics
from services.console.settings import ConsoleSettings
from shared.observability import log_context

log = logging.getLogger("anushravan.console.upstream")
SERVICES = ("scoring", "reports")


class UpstreamError(Exception):
    def __init__(self, service: str, status: int, detail: str) -> None:
        super().__init__(f"{service} answered {status}: {detail}")
        self.service = service
        self.status = status


class Upstream:
    def __init__(self, settings: ConsoleSettings, metrics: ConsoleMetrics) -> None:
        key = settings.console_api_key.get_secret_value() if settings.console_api_key else ""
        urls = {"scoring": settings.scoring_url, "reports": settings.reports_url}
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        self.clients = {name: httpx.AsyncClient(base_url=url, timeout=settings.upstream_timeout_s, limits=limits,
                                                headers={"Authorization": f"Bearer {key}"})
                        for name, url in urls.items()}
        self.metrics = metrics
        if not key:
            log.warning("no ANUSHRAVAN_CONSOLE_API_KEY: the other services will refuse the console's reads")

    async def get_json(self, service: str, path: str, params: dict[str, str] | None = None) -> Any:
        """The JSON answer, or None for a 404."""
        try:
            response = await self.clients[service].get(path, params=params)
        except httpx.HTTPError as exc:
            self.metrics.upstream.labels(service, "unreachable").inc()
            raise UpstreamError(service, 0, repr(exc)) from None
        if response.status_code == 404:
            self.metrics.upstream.labels(service, "not_found").inc()
            return None
        if response.status_code != 200:
            self.metrics.upstream.labels(service, "error").inc()
            log.warning("upstream refused a read", extra=log_context(
                service=service, path=path, status=response.status_code, body=response.text[:500]))
            raise UpstreamError(service, response.status_code, response.text[:200])
        self.metrics.upstream.labels(service, "ok").inc()
        return orjson.loads(response.content)

    @asynccontextmanager
    async def stream(self, service: str, path: str, params: dict[str, str]) -> AsyncIterator[httpx.Response]:
        """A document as it comes (PDFs are large): the caller passes its bytes on."""
        try:
            async with self.clients[service].stream("GET", path, params=params) as response:
                self.metrics.upstream.labels(service, "ok" if response.status_code == 200 else "error").inc()
                yield response
        except httpx.HTTPError as exc:
            self.metrics.upstream.labels(service, "unreachable").inc()
            raise UpstreamError(service, 0, repr(exc)) from None

    async def ready(self, service: str) -> bool:
        try:
            return (await self.clients[service].get("/readyz", timeout=1.5)).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()
