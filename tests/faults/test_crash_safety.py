"""Crash safety: the simulator's months (75 districts, every scheme, duplicates, corrected
revisions, late figures, an implausible figure, deadlines and freezes; a quarter through the
ingest API as CSV batches, the rest as CloudEvents straight to Kafka) are replayed twice, each
on a deployment of its own: once undisturbed, once while every service is SIGKILLed at seeded
moments and restarted. Afterwards nothing acknowledged is lost, no alert is published twice,
and rankings, composites, the composite history, the alerts and the latest minutes are those
of the undisturbed run.

Default: 2 months (about 4,900 submissions) and 12 kills, within the suite's time budget.
`pytest --soak`: 9 months (21,809 submissions) and 24 kills."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.chaos import Monkey, plan_kills
from tests.faults.invariants import Outcome, check
from tests.faults.outcome import collect
from tests.faults.portals import Portals
from tests.faults.replay import Replay, build_replay
from tests.faults.scenario import Run, play
from tests.faults.stack import SERVICES, stack_up

SEED = 20261122


@dataclass
class Replayed:
    replay: Replay
    reference: Outcome
    crashed: Outcome
    run: Run
    monkey: Monkey


async def replay_twice(workdir: Path, months: int, kills: int) -> AsyncIterator[Replayed]:
    replay = build_replay(months, seed=SEED)
    # Small batches: many commits, so that kills land between them as well as inside them.
    stacks = await asyncio.gather(stack_up(workdir / "reference"),
                                  stack_up(workdir / "crashed", {"ANUSHRAVAN_MAX_BATCH_RECORDS": "200"}))
    runs = [Run(s, await Portals(s).start()) for s in stacks]
    monkey = Monkey(stacks[1], plan_kills(SEED, len(replay.steps), kills))
    try:
        await asyncio.gather(play(runs[0], replay), play(runs[1], replay, monkey))
        reference, crashed = await asyncio.gather(collect(runs[0], replay), collect(runs[1], replay))
        yield Replayed(replay, reference, crashed, runs[1], monkey)
    finally:
        for run in runs:
            await run.portals.close()
            await run.close()
            await run.stack.down()


def describe(r: Replayed) -> str:
    kills = ", ".join(f"{k.kill.victim}@{k.at_s}s" for k in sorted(r.monkey.done, key=lambda k: k.at_s))
    steps = "; ".join(f"{t}s {what}" for t, what in r.run.timeline)
    return f"replay: {dict(r.replay.tally())}\nkills: {kills}\ntimeline: {steps}\nportals: {dict(r.run.portals.answers)}"


def assert_trustworthy(r: Replayed, kills: int) -> None:
    print(describe(r))
    assert len(r.monkey.done) == kills, describe(r)
    assert Counter(k.kill.victim for k in r.monkey.done).keys() == set(SERVICES)
    assert not r.run.portals.refused, list(r.run.portals.refused.items())[:3]
    # The replay did what it is meant to exercise, in both runs.
    assert r.reference.published_alert_ids() and r.reference.minutes and r.reference.composites
    assert len(r.reference.acknowledged) == len(r.replay.distinct())
    check(r.reference, r.crashed, f"the run with {len(r.monkey.done)} SIGKILLs")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crash-safety")  # kept by pytest: the logs outlive a failure


async def test_a_replay_with_a_dozen_sigkills_loses_duplicates_and_invents_nothing(workdir: Path) -> None:
    async for replayed in replay_twice(workdir / "default", months=2, kills=12):
        assert_trustworthy(replayed, kills=12)


@pytest.mark.soak
async def test_nine_months_of_twenty_thousand_submissions_survive_two_dozen_sigkills(workdir: Path) -> None:
    async for replayed in replay_twice(workdir / "soak", months=9, kills=24):
        assert len(replayed.replay.distinct()) >= 20_000
        assert_trustworthy(replayed, kills=24)
