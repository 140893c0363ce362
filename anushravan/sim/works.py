"""A financial year of construction works across the districts, for the demo: seeded and pure.

Each district gets a few works of the departments that build (three to five; Kanpur Nagar a
representative dozen), each of one kind — on time, completed, behind, delayed, stalled, over
cost, money ahead of the work, due soon — and two works in the state mistype a month (one ten
times too much, in Kanpur Nagar; one a tenth, elsewhere). Every number comes from a generator
keyed by (seed, district, work), so leaving districts out changes nobody else's works.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from anushravan.sim.calendar import months_until
from anushravan.sim.profiles import keyed_rng
from anushravan.sim.works_plans import Kind, Slip
from anushravan.sim.works_reports import SimulatedWork, simulated_work
from shared.districts import District
from shared.events.works import WorkProgress, WorkRegistered
from shared.periods import parse_period

__all__ = ["KANPUR", "SimulatedWork", "WorksConfig", "WorksYear", "simulate_works"]

KANPUR = "kanpur-nagar"
KANPUR_KINDS: tuple[Kind, ...] = ("on_time", "on_time", "on_time", "completed", "behind", "delayed", "delayed",
                                  "delayed", "stalled", "stalled", "over_cost", "misreported", "due_soon")
# How often each kind is drawn elsewhere (the two implausible works are placed, not drawn).
WEIGHTS: dict[Kind, int] = {"on_time": 30, "completed": 10, "behind": 14, "delayed": 18, "stalled": 10,
                            "over_cost": 8, "misreported": 4, "due_soon": 6}


@dataclass(frozen=True)
class WorksConfig:
    """What to simulate: the seed, the last month, how many months up to it, works per district."""

    seed: int = 7
    until: str = "2026-03"
    months: int = 12
    works_per_district: tuple[int, int] = (3, 5)
    correction_rate: float = 0.02

    def __post_init__(self) -> None:
        parse_period(self.until)
        if not 6 <= self.months <= 24:
            raise ValueError("months: between 6 and 24 (a stall or a slip needs months to show in)")
        low, high = self.works_per_district
        if not 1 <= low <= high or not 0 <= self.correction_rate <= 1:
            raise ValueError("works_per_district: a range [low, high] from 1; correction_rate: within [0, 1]")


@dataclass(frozen=True)
class WorksYear:
    config: WorksConfig
    periods: tuple[str, ...]
    works: tuple[SimulatedWork, ...]

    def registrations(self) -> list[WorkRegistered]:
        return [w.work for w in self.works]

    def reports(self, period: str | None = None) -> list[WorkProgress]:
        """The reports in the order portals send them: month by month, agencies in a seeded order."""
        periods = self.periods if period is None else (period,)
        ordered: list[WorkProgress] = []
        for month in periods:
            batch = [r for w in self.works for r in w.reports if r.period == month]
            keyed_rng(self.config.seed, "works-order", month).shuffle(batch)
            ordered.extend(batch)
        return ordered

    def kinds(self, district: str | None = None) -> Counter[Kind]:
        return Counter(w.kind for w in self.works if district is None or w.work.district == district)


def simulate_works(districts: Sequence[District], config: WorksConfig | None = None) -> WorksYear:
    """The year's works of `districts` and their monthly reports."""
    config = config or WorksConfig()
    periods = tuple(months_until(config.until, config.months))
    slips = _implausible_districts([d.id for d in districts], config.seed)
    works = []
    for district in districts:
        for index, kind in enumerate(_kinds(district.id, config), start=1):
            works.append(simulated_work(district, index, kind, periods, config.seed, config.correction_rate))
        if district.id in slips:
            works.append(simulated_work(district, 90, "implausible", periods, config.seed, config.correction_rate,
                                        slips[district.id]))
    return WorksYear(config, periods, tuple(works))


def _kinds(district: str, config: WorksConfig) -> tuple[Kind, ...]:
    if district == KANPUR:
        return KANPUR_KINDS
    rng = keyed_rng(config.seed, "works-kinds", district)
    count = rng.randint(*config.works_per_district)
    return tuple(rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=count))


def _implausible_districts(districts: list[str], seed: int) -> dict[str, Slip]:
    """Kanpur Nagar (when simulated) mistypes tenfold; one other district a tenth."""
    others = sorted(d for d in districts if d != KANPUR)
    rng = keyed_rng(seed, "works-slips")
    chosen: dict[str, Slip] = {KANPUR: "tenfold"} if KANPUR in districts else {}
    wanted: tuple[Slip, ...] = ("decimal", "tenfold")
    for slip in wanted[: 2 - len(chosen)]:
        if others:
            chosen[others.pop(rng.randrange(len(others)))] = slip
    return chosen
