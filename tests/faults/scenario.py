"""Plays a replay against a stack, step by step, and waits where the outcome would otherwise
depend on timing: scoring settles a period before its deadline and freeze (a freeze read
before the figures would refuse them), alerts has read a deadline before late figures come
(else they would count as on time), and a period is final before the next one starts (its
scores compare with the previous period's final results). Faults may strike meanwhile."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pymongo import AsyncMongoClient

from shared.events.envelope import derived_id, encode, make_event
from shared.events.periods import DEADLINE_PASSED, FROZEN, PeriodEvent
from shared.topics import PERIODS_EVENTS
from tests.faults.chaos import Monkey
from tests.faults.portals import Portals
from tests.faults.replay import Replay
from tests.faults.stack import DATABASE, SERVICES, Stack, stack_up

STEP_TIMEOUT_S = 240.0
QUIET_S = 3.0


class ReplayStuck(AssertionError):
    """The pipeline did not reach a state in time; the message says which and shows the logs."""


@dataclass
class Run:
    stack: Stack
    portals: Portals
    timeline: list[tuple[float, str]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    waiting: str = ""  # what the last wait saw, for a failure message
    _mongo: AsyncMongoClient[dict[str, Any]] | None = None

    def note(self, what: str) -> None:
        self.timeline.append((round(time.monotonic() - self.started, 1), what))

    def db(self) -> Any:
        if self._mongo is None:
            self._mongo = AsyncMongoClient(self.stack.database.url, serverSelectionTimeoutMS=3000)
        return self._mongo[DATABASE]

    async def close(self) -> None:
        if self._mongo is not None:
            await self._mongo.close()


async def until(what: str, probe: Callable[[], Awaitable[bool]], stack: Stack,
                timeout_s: float = STEP_TIMEOUT_S, every_s: float = 0.3,
                detail: Callable[[], str] = lambda: "") -> None:
    """Poll `probe` until true; a probe that fails (a database restarting) counts as not yet."""
    deadline = time.monotonic() + timeout_s
    failed = ""
    while time.monotonic() < deadline:
        try:
            if await probe():
                return
        except Exception as exc:  # the database or a service is down: that is what these tests do
            failed = f" (last probe failed: {exc!r:.300})"
        await asyncio.sleep(every_s)
    raise ReplayStuck(f"timed out after {timeout_s:.0f} s waiting for {what} {detail()}{failed}\n{stack.explain()}")


async def period_event(bootstrap: str, type_: str, period: str) -> int:
    """Publish a period event as the operator CLI does (same derived id); returns its offset."""
    event = make_event(type_, "anushravan/operator-cli", PeriodEvent(period=period), id_=derived_id(type_, period))
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        meta = await producer.send_and_wait(PERIODS_EVENTS, encode(event), key=period.encode())
        return int(meta.offset)
    finally:
        await producer.stop()


async def group_passed(bootstrap: str, group: str, topic: str, offset: int) -> bool:
    """Whether `group` has committed `topic` (one partition) beyond `offset`."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        return (await consumer.committed(TopicPartition(topic, 0)) or 0) > offset
    finally:
        await consumer.stop()


async def scoring_settled(run: Run, counting: dict[tuple[str, str], str], period: str) -> bool:
    docs = await run.db()["scores"].find({"period": period}, {"scheme": 1, "district": 1, "submission_id": 1}) \
        .to_list(None)
    return {(d["scheme"], d["district"]): d["submission_id"] for d in docs} == counting


async def rankings_settled(run: Run, period: str) -> bool:
    """Every scheme's stored live ranking ranks the marks that count now: the complete
    ranking of the period was published before its deadline and freeze, in every run."""
    db = run.db()
    scored: dict[str, dict[str, float]] = {}
    async for d in db["scores"].find({"period": period, "status": "scored"}, {"scheme": 1, "district": 1, "marks": 1}):
        scored.setdefault(d["scheme"], {})[d["district"]] = d["marks"]
    ranked = {d["scheme"]: {r["district"]: r["marks"] for r in d["ranks"]}
              async for d in db["rankings"].find({"period": period}, {"scheme": 1, "ranks": 1})}
    return ranked == scored


async def final(run: Run, period: str) -> bool:
    doc = await run.db()["composites"].find_one({"_id": period}, {"final": 1})
    return bool(doc and doc.get("final"))


async def play_step(run: Run, replay: Replay, index: int) -> None:
    step = replay.steps[index]
    stack = run.stack
    if step.kind == "send":
        await asyncio.gather(run.portals.upload(step.http), run.portals.publish(step.kafka))
    elif step.kind == "resend":
        await asyncio.gather(run.portals.resend(step.http), run.portals.publish(step.kafka))
    elif step.kind == "settle":
        counting = replay.counting(step.period, index)
        await until(f"scoring to count every submission of {step.period}",
                    lambda: scoring_settled(run, counting, step.period), stack)
        await until(f"the complete live rankings of {step.period}", lambda: rankings_settled(run, step.period), stack)
    elif step.kind == "deadline":
        offset = await period_event(stack.bootstrap, DEADLINE_PASSED, step.period)
        await until(f"alerts to read the deadline of {step.period}",
                    lambda: group_passed(stack.bootstrap, "alerts-rankings", PERIODS_EVENTS, offset), stack)
    elif step.kind == "freeze":
        await period_event(stack.bootstrap, FROZEN, step.period)
        await until(f"the final composite of {step.period}", lambda: final(run, step.period), stack)


async def quiet(run: Run) -> bool:
    """Nothing pending: no dirty minutes, no unpublished alert or minutes version, every
    service ready, and nothing changed for QUIET_S."""
    db, stack = run.db(), run.stack

    async def state() -> tuple[int, ...]:
        return (await db["reports_dirty"].count_documents({}),
                await db["alerts"].count_documents({"publication": "pending"}),
                await db["alerts"].count_documents({"resolution": "pending"}),
                await db["minutes"].count_documents({"published": False}),
                await db["minutes"].count_documents({}), await db["alerts"].count_documents({}))

    before = await state()
    unready = [n for n in SERVICES if await stack.ready(n) != 200]
    run.waiting = f"dirty, pending alerts, pending resolutions, unpublished minutes: {before[:4]}; unready: {unready}"
    if any(before[:4]) or unready:
        return False
    await asyncio.sleep(QUIET_S)
    return await state() == before


async def play(run: Run, replay: Replay, monkey: Monkey | None = None, quiet_within_s: float = STEP_TIMEOUT_S) -> Run:
    """Every step in order (starting the monkey's kills of each step), then until quiet (the
    reports service may still be drafting a long replay's minutes: give it `quiet_within_s`)."""
    for index, step in enumerate(replay.steps):
        if monkey is not None:
            monkey.step(index)
        await play_step(run, replay, index)
        run.note(str(step))
    if monkey is not None:
        await monkey.drain()
        run.note(f"{len(monkey.done)} kills done")
    await until("the pipeline to go quiet", lambda: quiet(run), run.stack, quiet_within_s, every_s=0.5,
                detail=lambda: run.waiting)
    run.note("quiet")
    return run


@asynccontextmanager
async def deployment(workdir: Path, extra_env: Mapping[str, str] | None = None,
                     modules: Mapping[str, str] | None = None) -> AsyncIterator[Run]:
    """A stack of its own and its portals, ready to play a replay; torn down on exit."""
    stack = await stack_up(workdir, extra_env, modules)
    run = Run(stack, await Portals(stack).start())
    try:
        yield run
    finally:
        await run.portals.close()
        await run.close()
        await stack.down()
