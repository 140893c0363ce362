"""The four services as real processes on a broker of their own and the session MongoDB, with a
key per department, for the hostile-input tests: what a broken portal or an attacker would send."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from anushravan.admin import create_topics, publish_catalog
from shared.auth import add_key
from shared.catalog import Scheme, default_catalog_path, load_catalog
from tests.support import servers
from tests.support.servers import ServiceProcess, service_env

SERVICES = ("ingest", "scoring", "alerts", "reports")
TODAY = "2026-03-24"
PERIOD = "2026-03"
SETTINGS = {"ANUSHRAVAN_TODAY": TODAY, "ANUSHRAVAN_RATE_LIMIT_PER_MINUTE": "1000000",
            "ANUSHRAVAN_HTTP_READS_PER_MINUTE_PER_KEY": "1000000",
            "ANUSHRAVAN_HTTP_READS_PER_MINUTE_PER_ADDRESS": "1000000",
            "ANUSHRAVAN_MINUTES_DEBOUNCE_S": "0.5", "ANUSHRAVAN_MINUTES_MAX_WAIT_S": "2",
            "ANUSHRAVAN_RANK_PUBLISH_INTERVAL_S": "0.2", "ANUSHRAVAN_METRICS_INTERVAL_S": "1"}


def catalogue() -> dict[str, Scheme]:
    return {s.id: s for s in load_catalog(default_catalog_path())}


@dataclass
class Stack:
    kafka: str
    procs: dict[str, ServiceProcess]
    keys: dict[str, str]
    env: dict[str, str]

    async def call(self, service: str, method: str, path: str, key: str | None = "admin",
                   body: Any = None, content_type: str = "application/json", **params: Any) -> httpx.Response:
        headers = {"content-type": content_type} if body is not None else {}
        if key:
            headers["Authorization"] = f"Bearer {self.keys[key]}"
        content = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
        async with httpx.AsyncClient(base_url=self.procs[service].url, timeout=60) as client:
            return await client.request(method, path, content=content, headers=headers, params=params)

    async def metric(self, service: str, name: str, **labels: str) -> float:
        text = (await self.call(service, "GET", "/metrics", key=None)).text
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
        return total


@asynccontextmanager
async def hostile_stack(work: Path, mongo_url: str, database: str) -> AsyncIterator[Stack]:
    with servers.tansu(work) as broker:
        await create_topics(broker.url)
        await publish_catalog(broker.url, catalogue().values())
        keys_file = work / "keys.yaml"
        keys = {"admin": add_key(keys_file, "admin", "admin"), "viewer": add_key(keys_file, "viewer", "viewer")}
        for department in sorted({s.department.id for s in catalogue().values()}):
            keys[department] = add_key(keys_file, department, "submitter", [department])
        env = service_env(broker.url, mongo_url, database, keys_file, SETTINGS)
        procs = {name: ServiceProcess(name, env, work / f"{name}.log").start() for name in SERVICES}
        try:
            await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 90.0) for p in procs.values()))
            yield Stack(broker.url, procs, keys, env)
        finally:
            for proc in procs.values():
                proc.stop()
