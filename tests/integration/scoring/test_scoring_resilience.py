"""Crashes and scale-out over real TCP: a SIGKILL mid-stream and a restart end in the same stored
state as an uninterrupted run, whatever is published again carries the same CloudEvents ids,
and two instances give exactly the results of one.

Three deployments, each with its own Tansu and database, receive the very same bytes: one
instance left alone (the reference), one instance killed and restarted, and two instances."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from anushravan.admin import publish_period_event
from services.scoring.schema import SCHEMA
from shared.events.ingest import PROGRESS_SUBMITTED as SUBMITTED
from shared.topics import PROGRESS_SUBMITTED
from tests.integration.scoring.scoring_harness import OUTPUTS, event_ids, latest, prepare_broker, scored, start_scoring
from tests.integration.scoring.scoring_world import MONTH, TODAY, catalogue, stream
from tests.support import servers
from tests.support.kafka import TopicReader, event_bytes, produce
from tests.support.servers import ServiceProcess

INPUT = stream(MONTH)
# The same bytes for every deployment: event ids and times are part of what is compared.
MESSAGES = [(s.scheme, event_bytes(SUBMITTED, s.data(), id_=f"{s.submission_id}-{i}")) for i, s in enumerate(INPUT)]
FINAL = {(s.scheme, s.district): s.submission_id
         for s in sorted(INPUT, key=lambda s: s.revision)}  # the highest revision counts
VOLATILE = {"received_at", "frozen_at"}


@dataclass
class Deployment:
    name: str
    broker: str
    database: str
    procs: list[ServiceProcess] = field(default_factory=list)
    reader: TopicReader | None = None


@pytest.fixture(scope="module")
def brokers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        yield {name: stack.enter_context(servers.tansu(tmp_path_factory.mktemp(f"tansu-{name}"))).url
               for name in ("reference", "killed", "two")}


@pytest.fixture(scope="module")
async def deployments(brokers: dict[str, str], mongo_url: str,
                      tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, Deployment]]:
    work = tmp_path_factory.mktemp("scoring-resilience")
    run = uuid.uuid4().hex[:8]
    out = {name: Deployment(name, url, f"resilience_{name}_{run}") for name, url in brokers.items()}
    await asyncio.gather(*(prepare_broker(d.broker, catalogue()) for d in out.values()))
    extra = {"ANUSHRAVAN_TODAY": TODAY, "ANUSHRAVAN_RANK_PUBLISH_INTERVAL_S": "0.2"}
    small = {**extra, "ANUSHRAVAN_MAX_BATCH_RECORDS": "25"}  # many commits: the kill lands between them
    out["reference"].procs = [start_scoring(brokers["reference"], mongo_url, out["reference"].database, work,
                                            "reference", extra)]
    out["killed"].procs = [start_scoring(brokers["killed"], mongo_url, out["killed"].database, work, "killed", small)]
    out["two"].procs = [start_scoring(brokers["two"], mongo_url, out["two"].database, work, f"two-{i}", small)
                        for i in range(2)]
    try:
        await asyncio.gather(*(asyncio.to_thread(p.wait_ready, 90.0) for d in out.values() for p in d.procs))
        for d in out.values():
            d.reader = await TopicReader(d.broker, *OUTPUTS).__aenter__()
        yield out
    finally:
        for d in out.values():
            if d.reader is not None:
                await d.reader.__aexit__(None, None, None)
            for p in d.procs:
                p.stop()


def _done(reader: TopicReader) -> bool:
    last = {(d["scheme"], d["district"]): d["submission_id"] for d in scored(reader, MONTH)}
    return last == FINAL


def _final(reader: TopicReader) -> bool:
    return latest(reader, "composite.ranked.v1", period=MONTH, final=True) is not None and all(
        latest(reader, "scheme.ranked.v1", scheme=s.id, period=MONTH, final=True) for s in catalogue())


async def _run(d: Deployment, work: Path, kill: bool) -> None:
    assert d.reader is not None
    await produce(d.broker, PROGRESS_SUBMITTED, MESSAGES)
    if kill:
        third = len(FINAL) // 3
        await d.reader.wait_for(lambda r: len(scored(r, MONTH)) >= third, 60, "a third of the scores")
        d.procs[0].kill()
        d.procs[0] = ServiceProcess("scoring", d.procs[0].env, d.procs[0].log_path).start()
        await asyncio.to_thread(d.procs[0].wait_ready, 90.0)
    await d.reader.wait_for(_done, 90, f"{d.name}: every final score")
    await publish_period_event(d.broker, "freeze", MONTH)
    await d.reader.wait_for(_final, 60, f"{d.name}: the final rankings")


async def _stored(url: str, database: str) -> dict[str, list[dict[str, Any]]]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(url)
    try:
        db = client[database]
        out = {}
        for name in SCHEMA:
            docs = await db[name].find().to_list(None)
            out[name] = sorted(({k: v for k, v in d.items() if k not in VOLATILE} for d in docs),
                               key=lambda d: str(d["_id"]))
        return out
    finally:
        await client.close()


@pytest.fixture(scope="module")
async def finished(deployments: dict[str, Deployment], mongo_url: str,
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, Deployment]:
    work = tmp_path_factory.mktemp("runs")
    started = time.monotonic()
    await asyncio.gather(*(_run(d, work, kill=(name == "killed")) for name, d in deployments.items()))
    assert time.monotonic() - started < 150
    return deployments


async def test_the_reference_run_scores_every_final_revision(finished: dict[str, Deployment], mongo_url: str) -> None:
    stored = await _stored(mongo_url, finished["reference"].database)
    assert {(d["scheme"], d["district"]): d["submission_id"] for d in stored["scores"]} == FINAL
    assert len(stored["submissions"]) == len({s.submission_id for s in INPUT})
    assert any(d["status"] == "quarantined" for d in stored["scores"])
    assert all(d["final"] for d in stored["rankings"]) and len(stored["rankings"]) == len(catalogue())


@pytest.mark.parametrize("name", ["killed", "two"])
async def test_a_killed_and_restarted_or_a_scaled_out_service_stores_exactly_what_one_uninterrupted_instance_does(
        finished: dict[str, Deployment], mongo_url: str, name: str) -> None:
    reference = await _stored(mongo_url, finished["reference"].database)
    other = await _stored(mongo_url, finished[name].database)
    for collection in SCHEMA:
        assert other[collection] == reference[collection], collection


@pytest.mark.parametrize("name", ["killed", "two"])
async def test_scores_published_again_carry_the_ids_of_their_first_publication(
        finished: dict[str, Deployment], name: str) -> None:
    reference, other = finished["reference"].reader, finished[name].reader
    assert reference is not None and other is not None
    ours = event_ids(other, "scheme.scored.v1")
    assert set(ours) == set(event_ids(reference, "scheme.scored.v1"))
    for copies in ours.values():
        assert all(c["data"] == copies[0]["data"] for c in copies)
    final = {e["id"] for e in reference.events("scheme.ranked.v1") if e["data"]["final"]}
    assert final <= {e["id"] for e in other.events("scheme.ranked.v1") if e["data"]["final"]}
