"""Write-behind: batch N is stored while N+1 is prepared; offsets are committed only for what is
stored; a failed write rewinds the consumer and the next batch goes the plain way."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from aiokafka.structs import TopicPartition
from hypothesis import given
from hypothesis import strategies as st
from pymongo.errors import AutoReconnect

from shared.health import Health
from shared.observability import ServiceMetrics
from shared.write_behind import Write, WriteBehind, first_offsets, next_offsets

TP0, TP1 = TopicPartition("t", 0), TopicPartition("t", 1)


def records(*positions: tuple[int, int]) -> list[SimpleNamespace]:
    return [SimpleNamespace(topic="t", partition=p, offset=o) for p, o in positions]


class Kafka:
    def __init__(self) -> None:
        self.commits: list[dict[TopicPartition, int]] = []
        self.seeks: list[tuple[TopicPartition, int]] = []

    def assignment(self) -> set[TopicPartition]:
        return {TP0, TP1}

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(offsets)

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))


class Consumer:
    """The BatchConsumer's side of the contract: its plain way, health, metrics, the client."""

    def __init__(self, log: list[str]) -> None:
        self.name = "stage"
        self.log = log
        self.kafka = Kafka()
        self.subscriber = SimpleNamespace(consumer=self.kafka)
        self.health = Health()
        self.metrics = ServiceMetrics("test_write_behind")
        self.pipeline: Any = None

    async def process(self, batch: list[Any], attempt: int = 0) -> None:
        self.log.append(f"plain {batch[0].offset}" + (f" after {attempt} failure" if attempt else ""))

    async def back_off(self, batch: Sequence[Any], exc: BaseException, attempt: int) -> None:
        self.health.degrade(self.name, f"retrying after {type(exc).__name__}")
        self.log.append(f"back off {attempt}")


class Stage:
    """Prepares batches as told; each write waits for its gate, then succeeds or fails."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.gates: dict[int, asyncio.Event] = {}
        self.failing: set[int] = set()
        self.plain: set[int] = set()
        self.raising: set[int] = set()
        self.outage = 0  # writes that meet the database away before it is back

    async def prepare(self, batch: Sequence[Any]) -> Write | None:
        first = batch[0].offset
        if first in self.raising:
            raise ValueError("unreadable")
        if first in self.plain:
            return None
        self.log.append(f"prepare {first}")
        gate = self.gates.setdefault(first, asyncio.Event())

        async def write() -> None:
            self.log.append(f"write {first}")
            await gate.wait()
            if self.outage:
                self.outage -= 1
                raise AutoReconnect("database away")
            if first in self.failing:
                raise ValueError("document too large")
            self.log.append(f"stored {first}")
        return write

    def reset(self) -> None:
        self.log.append("reset")


def pipeline() -> tuple[WriteBehind, Stage, Consumer, list[str]]:
    log: list[str] = []
    stage, consumer = Stage(log), Consumer(log)
    wb = WriteBehind("stage", stage.prepare, stage.reset)
    wb.attach(consumer)  # type: ignore[arg-type]
    return wb, stage, consumer, log


async def test_the_next_batch_is_prepared_while_one_is_stored_and_offsets_follow_what_is_stored() -> None:
    wb, stage, consumer, log = pipeline()
    await wb.consume(records((0, 0), (0, 1), (1, 0)))
    second = asyncio.create_task(wb.consume(records((0, 2), (1, 1))))
    await asyncio.sleep(0.01)
    assert log == ["prepare 0", "write 0", "prepare 2"]  # prepared while 0 is being stored
    assert consumer.kafka.commits == [] and not second.done()
    stage.gates[0].set()
    await second
    assert consumer.kafka.commits == [{TP0: 2, TP1: 1}]  # explicit offsets: not past batch 2
    await asyncio.sleep(0)
    assert log[-2:] == ["stored 0", "write 2"]  # writes in batch order
    stage.gates[2].set()
    async with wb.settling:  # whoever else takes the lock finds nothing still being stored
        assert consumer.kafka.commits[-1] == {TP0: 3, TP1: 2}


async def test_a_write_that_fails_for_good_rewinds_to_it_forgets_memory_and_the_next_batch_goes_the_plain_way() -> None:
    wb, stage, consumer, log = pipeline()
    stage.failing.add(0)
    stage.gates[0] = asyncio.Event()
    stage.gates[0].set()
    await wb.consume(records((0, 0), (0, 1)))
    await wb.consume(records((0, 2), (1, 5)))
    assert consumer.kafka.commits == []
    assert sorted(consumer.kafka.seeks) == [(TP0, 0), (TP1, 5)]  # batch 0 and the one prepared after it
    assert log[-2:] == ["reset", "back off 1"]
    assert consumer.health.degraded == {"stage": "retrying after ValueError"}
    await wb.consume(records((0, 0), (0, 1)))  # redelivered after the rewind; delays keep growing
    assert log[-1] == "plain 0 after 1 failure" and consumer.kafka.commits == [{TP0: 2}]
    await wb.consume(records((0, 2), (1, 5)))
    await asyncio.sleep(0)
    assert log[-2:] == ["prepare 2", "write 2"]  # write-behind again


async def test_a_batch_that_cannot_be_prepared_goes_the_plain_way_after_what_is_being_stored() -> None:
    wb, stage, consumer, log = pipeline()
    stage.gates[0] = asyncio.Event()
    stage.gates[0].set()
    stage.raising.add(2)
    stage.plain.add(4)
    await wb.consume(records((0, 0), (0, 1)))
    await wb.consume(records((0, 2), (0, 3)))
    assert log[-3:] == ["stored 0", "reset", "plain 2"]
    assert consumer.kafka.commits == [{TP0: 2}, {TP0: 4}]
    await wb.consume(records((0, 4)))  # e.g. a period event: everything before it stored first
    assert log[-1] == "plain 4" and consumer.kafka.commits[-1] == {TP0: 5}


async def test_at_shutdown_the_batch_being_stored_finishes_and_is_not_committed() -> None:
    wb, stage, consumer, log = pipeline()
    await wb.consume(records((0, 0)))
    stage.gates[0].set()
    await wb.finish()
    assert log[-1] == "stored 0" and consumer.kafka.commits == []


async def test_a_write_the_infrastructure_fails_is_retried_in_place_with_growing_delays() -> None:
    wb, stage, consumer, log = pipeline()
    stage.outage = 2  # the database is away for the first two attempts
    await wb.consume(records((0, 0), (1, 3)))
    stage.gates[0].set()
    async with wb.settling:  # settled: stored after the retries, nothing rewound
        pass
    assert [e for e in log if e.startswith("back off")] == ["back off 1", "back off 2"]
    assert log[-1] == "stored 0" and consumer.kafka.seeks == [] and consumer.kafka.commits == [{TP0: 1, TP1: 4}]
    assert consumer.health.degraded == {}


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.integers(0, 3), st.integers(0, 10**6)), max_size=60))
def test_offsets_to_commit_are_one_past_the_last_record_of_each_partition_and_to_resume_the_first(
        positions: list[tuple[str, int, int]]) -> None:
    batch = [SimpleNamespace(topic=t, partition=p, offset=o) for t, p, o in positions]
    partitions = {(t, p) for t, p, _ in positions}
    assert next_offsets(batch) == {
        TopicPartition(t, p): max(o for t2, p2, o in positions if (t2, p2) == (t, p)) + 1 for t, p in partitions}
    assert first_offsets(batch) == {
        TopicPartition(t, p): min(o for t2, p2, o in positions if (t2, p2) == (t, p)) for t, p in partitions}
