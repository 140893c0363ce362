"""Reads what a run left behind into an `Outcome` (tests/faults/outcome.py): the public API
of scoring (rankings and composites), the database (composite history, stored alerts,
minutes, the audit trail) and the alerts and rankings topics, read from their beginnings."""

from __future__ import annotations

import asyncio
from typing import Any

from services.alerts.domain.rules.ranked import COVERAGE_LINE
from shared.events.scoring import SCHEME_RANKED
from shared.topics import ALERTS, RANKS_UPDATED
from tests.faults.outcome import AlertEvent, Outcome
from tests.faults.replay import Replay
from tests.faults.scenario import Run
from tests.support.kafka import TopicReader

# Not content: when things happened and the bookkeeping of versions and deliveries.
VOLATILE = {"_id", "received_at", "frozen_at", "stored_at", "created_at", "created_at_s", "raised_at",
            "resolved_at", "published", "version", "content_hash", "trigger", "by", "finalized_from",
            "updated_at", "at"}
EMPTY_POLLS = 5


def content(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if doc is None else {k: v for k, v in doc.items() if k not in VOLATILE}


async def read_topic(bootstrap: str, topic: str) -> list[dict[str, Any]]:
    """Every event on a topic (Tansu under-reports end offsets: read until idle)."""
    async with TopicReader(bootstrap, topic) as reader:
        empty = 0
        while empty < EMPTY_POLLS:
            empty = 0 if await reader.poll(0.3) else empty + 1
    return reader.events()


async def alert_events(bootstrap: str) -> list[AlertEvent]:
    return [AlertEvent(e["type"], e["id"], e["data"]["alert_id"]) for e in await read_topic(bootstrap, ALERTS)]


async def provisional_rankings(bootstrap: str) -> list[dict[str, Any]]:
    """The live scheme rankings this run published that may raise provisional rank drops."""
    return [e["data"] for e in await read_topic(bootstrap, RANKS_UPDATED)
            if e["type"] == SCHEME_RANKED and not e["data"]["final"] and e["data"]["coverage"] >= COVERAGE_LINE]


async def _api(run: Run, path: str) -> Any:
    response = await run.stack.get("scoring", path)
    return response.json() if response.status_code == 200 else None


async def latest_minutes(db: Any) -> dict[str, Any]:
    latest: dict[str, dict[str, Any]] = {}
    async for doc in db["minutes"].find({}, {"markdown": 0, "html": 0, "rendered": 0}):
        key = f"{doc['district']} {doc['period']}"
        if key not in latest or doc["version"] > latest[key]["version"]:
            latest[key] = doc
    return {k: content(v) for k, v in latest.items()}


async def collect(run: Run, replay: Replay) -> Outcome:
    db = run.db()
    keys = [(s, p) for p in replay.periods for s in replay.schemes]
    rankings = await asyncio.gather(*(_api(run, f"/v1/rankings/{s}/{p}") for s, p in keys))
    composites = await asyncio.gather(*(_api(run, f"/v1/composite/{p}") for p in replay.periods))
    return Outcome(
        rankings={f"{s} {p}": r for (s, p), r in zip(keys, rankings, strict=True) if r is not None},
        composites={p: c for p, c in zip(replay.periods, composites, strict=True) if c is not None},
        history={d["_id"]: content(d) async for d in db["composite_history"].find()},
        alert_events=await alert_events(run.stack.bootstrap),
        live_rankings=await provisional_rankings(run.stack.bootstrap),
        alerts={d["alert_id"]: d.get("status") async for d in db["alerts"].find({}, {"alert_id": 1, "status": 1})},
        minutes=await latest_minutes(db),
        audited={d["submission_id"] async for d in db["submissions"].find({}, {"submission_id": 1})},
        acknowledged=set(run.portals.acknowledged),
    )
