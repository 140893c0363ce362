"""Running the scoring service for integration tests: a dedicated broker, the test catalogue,
the process itself, and a reader of everything it publishes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from anushravan.admin import create_topics, publish_catalog
from shared.auth import add_key
from shared.catalog import Scheme
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED
from shared.topics import PROGRESS_REJECTED, PROGRESS_SUBMITTED, RANKS_UPDATED, SCORES_BY_PERIOD, SCORES_UPDATED
from tests.integration.scoring.scoring_world import Submission
from tests.support.kafka import TopicReader, event_bytes, produce
from tests.support.servers import ServiceProcess, service_env

OUTPUTS = (SCORES_UPDATED, RANKS_UPDATED, PROGRESS_REJECTED, SCORES_BY_PERIOD)


async def prepare_broker(bootstrap: str, schemes: Iterable[Scheme]) -> None:
    await create_topics(bootstrap)
    await publish_catalog(bootstrap, schemes)


def start_scoring(bootstrap: str, mongo: str, database: str, workdir: Path, name: str = "scoring",
                  extra: dict[str, str] | None = None, keys: Path | None = None) -> ServiceProcess:
    env = service_env(bootstrap, mongo, database, keys, extra)
    return ServiceProcess("scoring", env, workdir / f"{name}.log").start()


async def submit(bootstrap: str, submissions: Iterable[Submission]) -> None:
    await produce(bootstrap, PROGRESS_SUBMITTED,
                  [(s.scheme, event_bytes(SUBMITTED, s.data(), id_=s.submission_id)) for s in submissions])


def scored(reader: TopicReader, period: str | None = None) -> list[dict[str, Any]]:
    """Every scheme.scored.v1 data, in order of arrival (per partition)."""
    return [e["data"] for e in reader.events("scheme.scored.v1") if period in (None, e["data"]["period"])]


def latest(reader: TopicReader, type_: str, **match: Any) -> dict[str, Any] | None:
    found = [e["data"] for e in reader.events(type_)
             if all(e["data"].get(k) == v for k, v in match.items())]
    return found[-1] if found else None


@dataclass
class Api:
    url: str
    secret: str
    client: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.AsyncClient(base_url=self.url, headers={"Authorization": f"Bearer {self.secret}"})

    async def get(self, path: str) -> httpx.Response:
        return await self.client.get(path)


def viewer_key(path: Path) -> str:
    return add_key(path, "test-viewer", "viewer")


async def wait_ready(*procs: ServiceProcess) -> None:
    await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 90.0) for p in procs))


def event_ids(reader: TopicReader, type_: str) -> dict[str, list[dict[str, Any]]]:
    """Each event id with every copy of its event that was published."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in reader.records:
        try:
            doc = json.loads(r.value)
        except (TypeError, ValueError):
            continue
        if doc.get("type") == type_:
            out.setdefault(doc["id"], []).append(doc)
    return out
