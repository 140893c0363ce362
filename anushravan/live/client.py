"""The read side of the running stack (CONTRACT §4) with a viewer's key."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx


class ApiError(RuntimeError):
    """A read API answered with an error; the message carries its `errors` body."""


class ReadApi:
    """Scoring, alerts and reports as the Command Centre reads them."""

    def __init__(self, urls: dict[str, str], viewer_key: str) -> None:
        self.urls = urls
        self.http = httpx.AsyncClient(timeout=60.0, headers={"Authorization": f"Bearer {viewer_key}"})

    async def close(self) -> None:
        await self.http.aclose()

    async def get(self, service: str, path: str, **params: str) -> httpx.Response:
        return await self.http.get(f"{self.urls[service]}{path}", params=params)

    async def json(self, service: str, path: str, **params: str) -> Any:
        response = await self.get(service, path, **params)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ApiError(f"GET {service} {path}: {response.status_code} {response.text[:500]}")
        return response.json()

    async def composite(self, period: str) -> dict[str, Any] | None:
        found = await self.json("scoring", f"/v1/composite/{period}")
        return found if isinstance(found, dict) else None

    async def wait_final(self, period: str, timeout: float) -> dict[str, Any] | None:
        """Poll the composite ranking until it is final (the period was frozen)."""
        deadline = time.monotonic() + timeout
        while True:
            ranking = await self.composite(period)
            if (ranking and ranking.get("final")) or time.monotonic() > deadline:
                return ranking
            await asyncio.sleep(0.1)

    async def alerts(self, **filters: str) -> list[dict[str, Any]]:
        found = await self.json("alerts", "/v1/alerts", **filters)
        if isinstance(found, dict):  # tolerate a paged answer: {"alerts": [...], ...}
            found = found.get("alerts") or found.get("items") or []
        return [a for a in found or [] if isinstance(a, dict)]

    async def explain(self, district: str, period: str) -> dict[str, Any] | None:
        found = await self.json("scoring", f"/v1/districts/{district}/{period}/explain")
        return found if isinstance(found, dict) else None

    async def districts(self) -> list[dict[str, Any]]:
        found = await self.json("scoring", "/v1/districts")
        return [d for d in found or [] if isinstance(d, dict)]

    async def schemes(self) -> list[dict[str, Any]]:
        found = await self.json("scoring", "/v1/schemes")
        return [s for s in found or [] if isinstance(s, dict)]

    async def consumers(self, service: str) -> tuple[float, dict[str, float]]:
        """A service's total consumer lag and, per topic, when it last processed a record
        (from its /metrics: the gauges every service exports)."""
        response = await self.get(service, "/metrics")
        lag, last = 0.0, {}
        for line in response.text.splitlines() if response.status_code == 200 else []:
            name, _, value = line.rpartition(" ")
            if name.startswith(f"anushravan_{service}_consumer_lag_messages"):
                lag += float(value)
            elif name.startswith(f"anushravan_{service}_last_processed_timestamp_seconds"):
                topic = name.partition('topic="')[2].partition('"')[0]
                last[topic] = float(value)
        return lag, last

    async def wait_caught_up(self, service: str, topic: str, since: float, timeout: float) -> bool:
        """Wait until the service has no lag and processed `topic` at or after `since` (epoch s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lag, last = await self.consumers(service)
            if lag == 0 and last.get(topic, 0.0) >= since:
                return True
            await asyncio.sleep(0.1)
        return False
