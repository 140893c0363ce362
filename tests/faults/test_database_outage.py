"""Database outage: the first month of the crash-safety replay (2,404 submissions) is played,
and once scoring has stored a third of it nx-27017 (file-backed) is stopped for ten seconds,
then started again on the same port and file. Meanwhile every service says it is not ready
(/readyz 503) while its process stays up (/healthz 200, same pid), no consumer commits an
offset (nothing could have been stored), scoring retries with growing delays, and the portals'
uploads are answered 503 and retried. Afterwards the month ends exactly as in the
uninterrupted run: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.faults.collect import collect
from tests.faults.invariants import check
from tests.faults.outage import OutageReport, outage
from tests.faults.outcome import Outcome
from tests.faults.reference import MONTHS, SEED, Reference
from tests.faults.replay import Replay, build_replay
from tests.faults.scenario import Run, deployment, play
from tests.faults.stack import SERVICES

DOWN_S = 10.0


async def replay_with_outage(workdir: Path, replay: Replay) -> tuple[Outcome, OutageReport, Run]:
    third = len(replay.distinct()) // 3

    async with deployment(workdir) as run:
        async def audited() -> int:
            count: int = await run.db()["submissions"].count_documents({})
            return count if count >= third else 0

        watch = asyncio.create_task(outage(run.stack, audited, DOWN_S))
        await play(run, replay)
        report = await watch
        print(f"outage: {report}\ntimeline: {run.timeline}\nportals: {dict(run.portals.answers)}")
        return await collect(run, replay), report, run


@pytest.fixture(scope="module")
async def outcome(reference: asyncio.Task[Reference], tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Outcome, OutageReport, Run, Reference, Replay]:
    month = build_replay(MONTHS, seed=SEED).only(build_replay(MONTHS, seed=SEED).periods[0])
    (result, report, run), uninterrupted = await asyncio.gather(
        replay_with_outage(tmp_path_factory.mktemp("outage"), month), reference)
    return result, report, run, uninterrupted, month


Outcomes = tuple[Outcome, OutageReport, Run, Reference, Replay]


def test_the_database_went_away_in_the_middle_of_the_stream(outcome: Outcomes) -> None:
    _, report, _, _, month = outcome
    assert 0 < report.began_after < len(month.distinct())


def test_every_service_reports_not_ready_while_its_process_stays_up(outcome: Outcomes) -> None:
    _, report, _, _, _ = outcome
    assert set(report.unready_after_s) == set(SERVICES), report.unready_after_s
    assert report.health_while_down == dict.fromkeys(SERVICES, 200)
    assert report.pids_after == report.pids_before


def test_no_consumer_commits_an_offset_without_the_database(outcome: Outcomes) -> None:
    _, report, _, _, _ = outcome
    assert report.committed_when_unready == report.committed_before_restart


def test_scoring_retries_with_growing_delays_and_is_ready_again_after_the_restart(outcome: Outcomes) -> None:
    _, report, _, _, _ = outcome
    delays = report.backoff_delays_s["scoring"]
    assert len(delays) >= 2 and max(delays) > min(delays), report.backoff_delays_s
    assert set(report.ready_again_after_s) == set(SERVICES), report.ready_again_after_s


def test_the_portals_were_answered_503_and_retried(outcome: Outcomes) -> None:
    _, _, run, _, _ = outcome
    assert run.portals.answers["http 503"] > 0, dict(run.portals.answers)


def test_the_month_ends_as_in_the_uninterrupted_run_with_nothing_lost_or_twice(outcome: Outcomes) -> None:
    result, _, _, uninterrupted, month = outcome
    assert len(result.acknowledged) == len(month.distinct())
    check(uninterrupted.outcome.within(month.periods), result, f"the run with a {DOWN_S:.0f} s database outage")
