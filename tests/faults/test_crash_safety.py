"""Crash safety: the simulator's months (75 districts, every scheme of the catalogue,
duplicates, corrected revisions, late figures, an implausible figure, deadlines and freezes;
a quarter through the ingest API as CSV batches, the rest as CloudEvents straight to Kafka)
are replayed while every service is SIGKILLed at seeded moments and restarted. Afterwards
nothing acknowledged is lost, no alert is published twice, and rankings, composites, the
composite history, the alerts and the latest minutes are those of an uninterrupted run of the
same replay on a deployment of its own.

Default: 2 months, 4,833 distinct submissions, 10 kills (the suite's time budget; see
docs/faults.md). `pytest --soak`: 9 months, 21,798 distinct submissions, 24 kills."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest

from tests.faults.chaos import Monkey, plan_kills
from tests.faults.collect import collect
from tests.faults.invariants import check
from tests.faults.outcome import Outcome
from tests.faults.reference import MONTHS, SEED, Reference, uninterrupted
from tests.faults.replay import Replay, build_replay
from tests.faults.scenario import STEP_TIMEOUT_S, Run, deployment, play
from tests.faults.stack import SERVICES

# Small batches make many commits, so that kills land between them as well as inside them.
SMALL_BATCHES = {"ANUSHRAVAN_MAX_BATCH_RECORDS": "200"}
KILLS, SOAK_KILLS = 10, 24
SOAK_QUIET_S = 1800.0


def describe(replay: Replay, run: Run, monkey: Monkey) -> str:
    kills = ", ".join(f"{k.kill.victim} at {k.at_s} s (pid {k.pid}, ready {k.ready_after_s} s later)"
                      for k in sorted(monkey.done, key=lambda k: k.at_s))
    steps = "; ".join(f"{t} s {what}" for t, what in run.timeline)
    return (f"replay: {dict(replay.tally())}\nkills: {kills}\ntimeline: {steps}\n"
            f"portals: {dict(run.portals.answers)}")


async def replay_with_kills(workdir: Path, replay: Replay, kills: int,
                            quiet_within_s: float = STEP_TIMEOUT_S) -> tuple[Outcome, Run, Monkey]:
    async with deployment(workdir, SMALL_BATCHES) as run:
        monkey = Monkey(run.stack, plan_kills(SEED, len(replay.steps), kills))
        await play(run, replay, monkey, quiet_within_s)
        outcome = await collect(run, replay)
        print(describe(replay, run, monkey))
        return outcome, run, monkey


def assert_trustworthy(reference: Reference, crashed: Outcome, run: Run, monkey: Monkey, kills: int) -> None:
    replay = reference.replay
    assert len(monkey.done) == kills, describe(replay, run, monkey)
    assert Counter(k.kill.victim for k in monkey.done).keys() == set(SERVICES)
    assert not run.portals.refused, list(run.portals.refused.items())[:3]
    # The replay did what it is there to exercise, and the reference saw all of it.
    ids = reference.outcome.published_alert_ids()
    assert {a.split(":")[0] for a in ids} >= {"grade_drop", "entered_grade_d", "recovered", "rank_drop",
                                             "composite_rank_drop", "missed_deadline", "implausible_data"}
    assert len(reference.outcome.minutes) == 75 * len(replay.periods)
    assert len(reference.outcome.acknowledged) == len(replay.distinct())
    check(reference.outcome, crashed, f"the run with {len(monkey.done)} SIGKILLs")


async def test_a_replay_with_ten_sigkills_loses_duplicates_and_invents_nothing(
        reference: asyncio.Task[Reference], tmp_path_factory: pytest.TempPathFactory) -> None:
    replay = build_replay(MONTHS, seed=SEED)
    (crashed, run, monkey), uninterrupted_run = await asyncio.gather(
        replay_with_kills(tmp_path_factory.mktemp("crashed"), replay, KILLS), reference)
    assert_trustworthy(uninterrupted_run, crashed, run, monkey, kills=KILLS)


@pytest.mark.soak
async def test_nine_months_of_twenty_thousand_submissions_survive_two_dozen_sigkills(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    replay = build_replay(9, seed=SEED)
    assert len(replay.distinct()) >= 20_000
    # Nine months of minutes take the reports service a while to draft after the last freeze.
    reference, (crashed, run, monkey) = await asyncio.gather(
        uninterrupted(tmp_path_factory.mktemp("soak-reference"), replay, SOAK_QUIET_S),
        replay_with_kills(tmp_path_factory.mktemp("soak-crashed"), replay, SOAK_KILLS, SOAK_QUIET_S))
    assert_trustworthy(reference, crashed, run, monkey, kills=SOAK_KILLS)
