"""The other services, as the console reads them: HTTP with the console's own service key.
A 404 is an answer (None), anything else that is not 200 is an UpstreamError naming the
service, so a page can say which service did not answer.

Changes are made for the person logged in (`act`): the console's key names the person in the
headers of shared/acting.py, and the service judges the change as that person. A refusal (403,
409, 422) comes back as `Refused` with the service's errors, for the page to show."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson

from services.console.metrics import ConsoleMetrics
from services.console.settings import ConsoleSettings
from shared.acting import headers_for
from shared.authority import Subject
from shared.observability import log_context

log = logging.getLogger("anushravan.console.upstream")
SERVICES = ("scoring", "reports", "alerts")
# What a service answers when it refuses a change: shown to the person, never a 500.
REFUSALS = (400, 403, 404, 409, 413, 422, 429)


class UpstreamError(Exception):
    def __init__(self, service: str, status: int, detail: str) -> None:
        super().__init__(f"{service} answered {status}: {detail}")
        self.service = service
        self.status = status


class Refused(Exception):
    """A change the service refused, with its `{"field", "code", "message"}` errors."""

    def __init__(self, service: str, status: int, errors: list[dict[str, str]]) -> None:
        super().__init__(f"{service} refused ({status}): {errors}")
        self.service, self.status, self.errors = service, status, errors


class Upstream:
    def __init__(self, settings: ConsoleSettings, metrics: ConsoleMetrics) -> None:
        key = settings.console_api_key.get_secret_value() if settings.console_api_key else ""
        urls = {"scoring": settings.scoring_url, "reports": settings.reports_url, "alerts": settings.alerts_url}
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        self.clients = {name: httpx.AsyncClient(base_url=url, timeout=settings.upstream_timeout_s, limits=limits,
                                                headers={"Authorization": f"Bearer {key}"})
                        for name, url in urls.items()}
        self.metrics = metrics
        if not key:
            log.warning("no ANUSHRAVAN_CONSOLE_API_KEY: the other services will refuse the console's reads")

    async def get_json(self, service: str, path: str, params: dict[str, Any] | None = None) -> Any:
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

    async def get_text(self, service: str, path: str, params: dict[str, Any] | None = None) -> str | None:
        """A text answer (Markdown), or None for a 404."""
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
            raise UpstreamError(service, response.status_code, response.text[:200])
        self.metrics.upstream.labels(service, "ok").inc()
        return response.text

    async def act(self, service: str, method: str, path: str, person: Subject, body: Any = None) -> Any:
        """A change made for `person`: the JSON answer (None for 204), Refused with the service's
        reasons, or UpstreamError when the service is away or fails."""
        try:
            response = await self.clients[service].request(method, path, json=body, headers=headers_for(person))
        except httpx.HTTPError as exc:
            self.metrics.upstream.labels(service, "unreachable").inc()
            raise UpstreamError(service, 0, repr(exc)) from None
        if response.status_code in REFUSALS:
            self.metrics.upstream.labels(service, "refused").inc()
            log.warning("a change was refused", extra=log_context(
                service=service, path=path, status=response.status_code, user=person.id, body=response.text[:500]))
            raise Refused(service, response.status_code, _errors(response))
        if response.status_code >= 300:
            self.metrics.upstream.labels(service, "error").inc()
            raise UpstreamError(service, response.status_code, response.text[:200])
        self.metrics.upstream.labels(service, "ok").inc()
        return orjson.loads(response.content) if response.content else None

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


def _errors(response: httpx.Response) -> list[dict[str, str]]:
    try:
        errors = orjson.loads(response.content)["errors"]
        return [{k: str(e.get(k, "")) for k in ("field", "code", "message")} for e in errors][:20]
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return [{"field": "", "code": f"http_{response.status_code}", "message": response.text[:300]}]
