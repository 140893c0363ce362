"""The uninterrupted run of a replay: what every run with faults must end in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.faults.collect import collect
from tests.faults.outcome import Outcome
from tests.faults.replay import Replay
from tests.faults.scenario import STEP_TIMEOUT_S, deployment, play

SEED = 20261122
# Two months: the second is judged against the first's final results (grade and rank drops,
# recoveries), within the default suite's time budget. The soak test replays nine.
MONTHS = 2


@dataclass(frozen=True)
class Reference:
    replay: Replay
    outcome: Outcome
    timeline: list[tuple[float, str]]


async def uninterrupted(workdir: Path, replay: Replay, quiet_within_s: float = STEP_TIMEOUT_S) -> Reference:
    async with deployment(workdir) as run:
        await play(run, replay, quiet_within_s=quiet_within_s)
        return Reference(replay, await collect(run, replay), run.timeline)
