"""No accepted-then-lost submissions: with the broker stopped, ingest answers 503 for what
the broker did not acknowledge, and what it did acknowledge is on the topic.

The module's own Tansu is stopped with SIGSTOP (it stops answering, and its memory-only
storage survives, so what it acknowledged can be checked after SIGCONT) and, last, killed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from anushravan.embedded import Server
from shared.events.ingest import PROGRESS_SUBMITTED
from shared.topics import PROGRESS_SUBMITTED as SUBMITTED_TOPIC
from tests.integration.ingest.ingest_support import (
    bearer,
    catalogue,
    csv_body,
    make_keys,
    prepare_broker,
    start_ingest,
    submission,
)
from tests.support import servers
from tests.support.kafka import TopicReader

SCHEME = catalogue()["sc-postmatric-scholarship"]
ACK_TIMEOUT_S = 2.0
LINES = 10_000


@dataclass(frozen=True)
class Live:
    url: str
    broker: Server
    admin: str


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with servers.tansu(tmp_path_factory.mktemp("ingest-outage-tansu")) as server:
        yield server
        os.kill(server.pid, signal.SIGCONT)  # so that it can be stopped if a test left it paused


@pytest.fixture(scope="module")
async def ingest(broker: Server, mongo_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Live]:
    await prepare_broker(broker.url)
    work = tmp_path_factory.mktemp("ingest-outage")
    keys = make_keys(work / "keys.yaml", [])
    # Small chunks widen the window in which the broker can be stopped mid-batch.
    proc = start_ingest(broker.url, mongo_url, "ingest_outage", work / "keys.yaml", work, {
        "ANUSHRAVAN_INGEST_ACK_TIMEOUT_S": str(ACK_TIMEOUT_S), "ANUSHRAVAN_INGEST_PUBLISH_CHUNK": "100"})
    try:
        yield Live(proc.url, broker, keys["admin"])
    finally:
        os.kill(broker.pid, signal.SIGCONT)
        proc.kill()  # the broker is dead by now: a graceful stop would only wait for it


async def post_batch(live: Live, body: bytes) -> httpx.Response:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as client:
        return await client.post("/v1/submissions:batch", content=body,
                                 headers={"content-type": "text/csv", **bearer(live.admin)})


async def pause_when_the_batch_is_under_way(live: Live, prefix: str, seen: int) -> None:
    """SIGSTOP the broker once `seen` lines are on the topic: ingest sends a chunk only after
    the previous one was acknowledged, so all but the last chunk or two were."""
    def under_way(reader: TopicReader) -> bool:
        return sum(1 for r in reader.records if r.value and prefix.encode() in r.value) >= seen

    async with TopicReader(live.broker.url, SUBMITTED_TOPIC) as reader:
        await reader.wait_for(under_way, 30)
    os.kill(live.broker.pid, signal.SIGSTOP)


async def event_ids_by_submission(live: Live, ids: set[str]) -> dict[str, set[str]]:
    """For each submission id on the topic: the CloudEvents ids it was published under."""
    found: dict[str, set[str]] = defaultdict(set)
    async with TopicReader(live.broker.url, SUBMITTED_TOPIC) as reader:
        def collect(r: TopicReader) -> bool:
            for e in r.events(PROGRESS_SUBMITTED):
                if e["data"]["submission_id"] in ids:
                    found[e["data"]["submission_id"]].add(e["id"])
            return set(found) >= ids

        await reader.wait_for(collect, 30)
    return found


async def test_stopping_the_broker_mid_batch_answers_503_and_loses_nothing_acknowledged(ingest: Live) -> None:
    ids = [f"outage-{i}" for i in range(LINES)]
    body = csv_body(SCHEME, ids)
    pauser = asyncio.create_task(pause_when_the_batch_is_under_way(ingest, "outage-", LINES // 10))

    response = await post_batch(ingest, body)

    await pauser
    os.kill(ingest.broker.pid, signal.SIGCONT)
    answer: dict[str, Any] = response.json()
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    assert answer["errors"][0]["code"] == "broker_unavailable"
    acknowledged = [ids[line - 2] for line in answer["acknowledged_lines"]]
    assert 0 < len(acknowledged) < LINES
    assert answer["accepted"] == len(acknowledged)
    assert sorted(answer["acknowledged_lines"] + answer["unacknowledged_lines"]) == list(range(2, LINES + 2))
    # Nothing acknowledged is lost: it is on the topic.
    await event_ids_by_submission(ingest, set(acknowledged))

    retry = await post_batch(ingest, body)

    assert retry.status_code == 200
    assert (retry.json()["duplicates"], retry.json()["accepted"]) == (len(acknowledged), LINES - len(acknowledged))
    published = await event_ids_by_submission(ingest, set(ids))
    # A line sent twice (late delivery of an unacknowledged one, then the retry) keeps its event id.
    assert all(len(event_ids) == 1 for event_ids in published.values())


async def test_a_single_submission_is_answered_503_while_the_broker_is_stopped_and_202_after(ingest: Live) -> None:
    doc = submission(SCHEME, "outage-single")
    os.kill(ingest.broker.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=ingest.url, timeout=60) as client:
            refused = await client.post("/v1/submissions", json=doc, headers=bearer(ingest.admin))
        waited = time.monotonic() - started
    finally:
        os.kill(ingest.broker.pid, signal.SIGCONT)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "2"
    assert refused.json()["errors"][0]["code"] == "broker_unavailable"
    assert "not confirmed" in refused.json()["receipt"]["next"]
    assert waited < ACK_TIMEOUT_S + 3
    async with httpx.AsyncClient(base_url=ingest.url, timeout=60) as client:
        again = await client.post("/v1/submissions", json=doc, headers=bearer(ingest.admin))
    assert (again.status_code, again.json()["status"]) == (202, "accepted")


async def test_a_dead_broker_is_answered_503_never_202(ingest: Live) -> None:
    os.kill(ingest.broker.pid, signal.SIGKILL)
    async with httpx.AsyncClient(base_url=ingest.url, timeout=60) as client:
        response = await client.post("/v1/submissions", json=submission(SCHEME, "outage-dead"),
                                     headers=bearer(ingest.admin))
        metrics = (await client.get("/metrics")).text
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    [unavailable] = [line for line in metrics.splitlines()
                     if line.startswith("anushravan_ingest_broker_unavailable_total ")]
    assert float(unavailable.split()[1]) >= 3  # one per outage of this module
