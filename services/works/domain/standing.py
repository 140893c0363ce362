"""How a group of works stands — a district's, an agency's, a department's in one district.

Counted: the works sanctioned by the end of the month that are ongoing or were completed in the
month's financial year (a work finished two years ago is history, not performance). Each counts
once as on schedule (green) or not; delayed, stalled and over-cost works are counted and valued
(at their current cost) each on its own, so a work can be both delayed and stalled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from services.works.domain.months import period_end
from shared.events.works import Colours, StandingEntry, Tally, WorkAssessed
from shared.periods import FIRST_MONTH_OF_FY, fy_start_year

SHARE_PLACES = 4


def counts_in_standing(assessment: WorkAssessed) -> bool:
    """Sanctioned by the month's end, and not completed before its financial year began."""
    a = assessment
    fy_began = date(fy_start_year(a.period), FIRST_MONTH_OF_FY, 1)
    sanctioned = a.sanction_date <= period_end(a.period)
    return sanctioned and (a.completion_date is None or a.completion_date >= fy_began)


@dataclass
class Sum:
    """How many works hold a condition, and their current cost together (₹ lakh)."""

    count: int = 0
    value: float = 0.0

    def tally(self) -> Tally:
        return Tally(count=self.count, value_lakh=round(self.value, 2))


@dataclass
class Group:
    """The running tally of one group's works."""

    works: int = 0
    colours: Counter[str] = field(default_factory=Counter)
    delayed: Sum = field(default_factory=Sum)
    stalled: Sum = field(default_factory=Sum)
    over_cost: Sum = field(default_factory=Sum)
    districts: set[str] = field(default_factory=set)
    districts_with_delays: set[str] = field(default_factory=set)

    def add(self, a: WorkAssessed) -> None:
        """Count one work's assessment in the group."""
        self.works += 1
        self.colours[a.colour] += 1
        self.districts.add(a.district)
        for total, holds in ((self.delayed, a.flags.time_overrun), (self.stalled, a.flags.stalled),
                             (self.over_cost, a.flags.cost_overrun)):
            if holds:
                total.count += 1
                total.value += a.current_cost_lakh
        if a.flags.time_overrun or a.flags.stalled:
            self.districts_with_delays.add(a.district)

    @property
    def share_on_schedule(self) -> float:
        """Green works over works, four decimals; in [0, 1]."""
        return round(self.colours["green"] / self.works, SHARE_PLACES) if self.works else 0.0

    def entry(self, key: str, rank: int) -> StandingEntry:
        """The group as a ranked entry of `works.standing.v1`."""
        return StandingEntry(
            id=key, works=self.works, on_schedule=self.colours["green"], share_on_schedule=self.share_on_schedule,
            colours=Colours(red=self.colours["red"], yellow=self.colours["yellow"], green=self.colours["green"]),
            delayed=self.delayed.tally(), stalled=self.stalled.tally(), over_cost=self.over_cost.tally(), rank=rank,
        )
