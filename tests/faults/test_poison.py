"""Poison and bad input: 5,000 generated bad messages on `progress.submitted` (not JSON,
invalid UTF-8, wrong envelope, wrong event type, wrong types, unknown ids, huge values, NaN
and infinities, negative counts, nesting 100,000 deep, 1 MiB strings) and 40 empty ones,
interleaved with 600 good submissions, published straight to Kafka. Every bad one ends on
`progress.rejected` or `progress.submitted.dlq` with a reason, every good one is scored, and
no service restarts or stops answering."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer

from shared.topics import PROGRESS_REJECTED, PROGRESS_SUBMITTED, dlq
from tests.faults.poison import Bad, bad_messages, empty_messages, markers_in
from tests.faults.portals import submission_event
from tests.faults.reference import SEED
from tests.faults.replay import build_replay
from tests.faults.scenario import Run, deployment, until
from tests.faults.stack import SERVICES
from tests.support.kafka import TopicReader

BAD, EMPTY, GOOD = 5_000, 40, 600


@dataclass
class Fates:
    """Where each marked bad message ended, and with which reason."""

    rejected: dict[str, list[str]] = field(default_factory=dict)  # marker -> reason codes
    dead_lettered: dict[str, str] = field(default_factory=dict)  # marker -> x-error
    unmarked_rejections: int = 0
    unmarked_dead_letters: int = 0
    groups: Counter[str] = field(default_factory=Counter)  # dead letters by consumer group

    def read(self, reader: TopicReader) -> None:
        self.rejected.clear()
        self.dead_lettered.clear()
        self.unmarked_rejections = self.unmarked_dead_letters = 0
        self.groups.clear()
        for record in reader.records:
            if record.topic == PROGRESS_REJECTED:
                data = json.loads(record.value)["data"]
                found = markers_in(data["raw"])
                self.unmarked_rejections += not found
                for m in found:
                    self.rejected[m] = [r["code"] for r in data["reasons"]]
            else:
                headers = dict(record.headers)
                error = headers.get("x-error", b"").decode()
                self.groups[headers.get("x-consumer-group", b"?").decode()] += 1
                found = markers_in(record.value)
                self.unmarked_dead_letters += not found
                for m in found:
                    self.dead_lettered[m] = error

    def of(self, marker: str) -> str:
        return "rejected" if marker in self.rejected else "dead-lettered" if marker in self.dead_lettered else "lost"


@dataclass
class Poisoned:
    run: Run
    bad: list[Bad]
    good: set[str]
    fates: Fates
    pids: dict[str, int]


async def publish(bootstrap: str, items: list[tuple[bytes | None, bytes | None]]) -> None:
    # Above the 1 MiB default: the broker takes the 1 MiB strings, so they must be sent whole.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_request_size=4 * 1024 * 1024)
    await producer.start()
    try:
        await asyncio.gather(*[await producer.send(PROGRESS_SUBMITTED, value, key=key) for key, value in items])
    finally:
        await producer.stop()


async def scored(run: Run, ids: set[str]) -> bool:
    found = await run.db()["scores"].count_documents({"submission_id": {"$in": sorted(ids)}})
    return bool(found == len(ids))


@pytest.fixture(scope="module")
async def poisoned(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Poisoned]:
    replay = build_replay(1, seed=SEED)
    good = [s for s in replay.steps[0].kafka + replay.steps[0].http][:GOOD]
    bad = list(bad_messages(BAD, SEED))
    # A tombstone needs a key: aiokafka refuses a record with neither.
    items = [(b.key, b.value) for b in bad] + [(b"jsy", v) for v in empty_messages(EMPTY, SEED)]
    items += [(s.scheme.encode(), submission_event(s)) for s in good]
    random.Random(SEED).shuffle(items)
    async with deployment(Path(tmp_path_factory.mktemp("poison"))) as run:
        pids = {n: s.pid for n, s in run.stack.services.items()}
        fates = Fates()
        async with TopicReader(run.stack.bootstrap, PROGRESS_REJECTED, dlq(PROGRESS_SUBMITTED)) as reader:
            await publish(run.stack.bootstrap, items)
            ids = {s.submission_id for s in good}
            await until("every good submission scored", lambda: scored(run, ids), run.stack, 180)

            async def every_fate_known() -> bool:
                await reader.poll(0.5)
                fates.read(reader)
                return all(fates.of(b.marker) != "lost" for b in bad)

            await until("every bad message on progress.rejected or the dead-letter topic", every_fate_known,
                        run.stack, 120, detail=lambda: f"{sum(fates.of(b.marker) == 'lost' for b in bad)} lost")
        summary = Counter((b.kind, fates.of(b.marker)) for b in bad)
        print(f"fates: {sorted(summary.items())}\ndead letters by group: {dict(fates.groups)}")
        yield Poisoned(run, bad, ids, fates, pids)


def test_every_bad_message_is_refused_or_dead_lettered_with_a_reason(poisoned: Poisoned) -> None:
    fates = poisoned.fates
    assert [b.marker for b in poisoned.bad if fates.of(b.marker) == "lost"] == []
    assert all(fates.rejected.values()) and all(fates.dead_lettered.values())
    assert len(poisoned.bad) >= 5_000 and {b.kind for b in poisoned.bad} >= {"one_mib_string", "deep_nesting"}


def test_empty_messages_are_refused_too(poisoned: Poisoned) -> None:
    assert poisoned.fates.unmarked_rejections + poisoned.fates.unmarked_dead_letters >= EMPTY


async def test_every_good_submission_is_scored_and_no_bad_one_enters_the_audit_trail(poisoned: Poisoned) -> None:
    trail = {d["submission_id"] async for d in poisoned.run.db()["submissions"].find({}, {"submission_id": 1})}
    assert poisoned.good <= trail
    assert not {b.marker for b in poisoned.bad} & trail


async def test_no_service_restarted_or_stopped_answering(poisoned: Poisoned) -> None:
    stack = poisoned.run.stack
    assert {n: s.pid for n, s in stack.services.items()} == poisoned.pids
    assert all(s.proc is not None and s.proc.poll() is None for s in stack.services.values())
    health = [(await stack.http.get(f"{stack.url(n)}/healthz")).status_code for n in SERVICES]
    assert health == [200] * len(SERVICES)
    assert [await stack.ready(n) for n in SERVICES] == [200] * len(SERVICES)
