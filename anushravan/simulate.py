"""`anushravan simulate`: a financial year of departmental figures for every district.

Pure and seeded: the same seed, catalogue and districts always give the same plan. The plan
is a list of months; each month is the actions that happen in order (CONTRACT §3 events):
submissions (through the ingest HTTP API or straight to Kafka, as departmental portals do),
resent duplicates, corrected revisions, the deadline, late submissions, and the freeze.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO

from anushravan.sim.actions import MonthPlan, Submit
from anushravan.sim.calendar import DEFAULT_UNTIL, months_until
from anushravan.sim.plan import Year, with_kanpur_level
from anushravan.sim.profiles import Profiles
from anushravan.sim.schedule import plan_month
from anushravan.sim.story import LATE_DEPARTMENT, Story, choose_story
from shared.catalog import Scheme


@dataclass(frozen=True)
class SimConfig:
    """How much to simulate and how often things go wrong."""

    seed: int = 7
    until: str = DEFAULT_UNTIL
    months: int | None = None  # None: the financial year so far (April … `until`)
    revision_rate: float = 0.01
    duplicate_rate: float = 0.01
    late_department: str | None = LATE_DEPARTMENT


@dataclass(frozen=True)
class Simulation:
    """The story of the year and each month's plan, oldest first."""

    story: Story
    months: tuple[MonthPlan, ...]

    @property
    def periods(self) -> list[str]:
        return [m.period for m in self.months]

    def sends(self) -> list[Submit]:
        return [s for m in self.months for s in m.sends()]


def simulate(schemes: Sequence[Scheme], districts: Sequence[str], config: SimConfig = SimConfig()) -> Simulation:
    """Plan every month for `districts` on `schemes` (ids in the given order)."""
    periods = tuple(months_until(config.until, config.months))
    story = choose_story(config.seed, districts, schemes, config.late_department)
    year = Year(seed=config.seed, profiles=Profiles(config.seed), story=story, districts=tuple(districts),
                schemes=tuple(schemes), periods=periods, revision_rate=config.revision_rate,
                duplicate_rate=config.duplicate_rate)
    year = with_kanpur_level(year)
    return Simulation(story=story, months=tuple(plan_month(year, p) for p in periods))


def write_ndjson(sends: Iterable[Submit], out: IO[str]) -> int:
    """One `progress.submitted.v1` data object per line; returns the number of lines."""
    count = 0
    for send in sends:
        out.write(json.dumps(send.submission.data(), ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def tally(simulation: Simulation) -> Counter[str]:
    """How many sends of each purpose and channel the simulation holds."""
    counts: Counter[str] = Counter()
    for send in simulation.sends():
        counts[send.purpose] += 1
        counts[f"via {send.submission.channel}"] += 1
    return counts
