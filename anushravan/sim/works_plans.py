"""How each kind of simulated work moves through the year: its schedule and its monthly figures.

A work's physical progress follows its schedule at a rate of its own — a little ahead for the
works on time, well behind for the delayed ones, flat from some month for the stalled ones —
rounded to a tenth of a percent and never falling (what falls is quarantined, and only the two
implausible works may be). Every figure is drawn from the work's own seeded generator.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random
from typing import Literal

from anushravan.sim.works_stories import STORIES, Frame, Month
from services.works.domain.months import add_months, period_end

Kind = Literal["on_time", "completed", "behind", "delayed", "stalled", "over_cost", "misreported", "due_soon",
               "implausible"]
KINDS: tuple[Kind, ...] = ("on_time", "completed", "behind", "delayed", "stalled", "over_cost", "misreported",
                           "due_soon", "implausible")


@dataclass(frozen=True)
class Plan:
    kind: Kind
    sanctioned_on: date
    scheduled: date
    months: tuple[Month, ...]


Slip = Literal["tenfold", "decimal"]
# Kinds whose story needs months to show in: sanctioned six months before the last at least.
NEEDS_HISTORY = frozenset({"behind", "stalled", "over_cost", "misreported", "implausible"})


def plan(kind: Kind, rng: Random, periods: tuple[str, ...], duration: int, cost: float,
         slip: Slip = "tenfold") -> Plan:
    """The schedule and the year's reports of one work of `kind` (`slip`: how an implausible one errs)."""
    first, last = period_end(periods[0]), period_end(periods[-1])
    offsets = {"on_time": (3, 15), "completed": (0, 0), "behind": (4, 14), "delayed": (-8, 2), "stalled": (-3, 10),
               "over_cost": (3, 15), "misreported": (8, 20), "due_soon": (1, 1), "implausible": (3, 12)}[kind]
    scheduled = add_months(last, rng.randint(*offsets)) - timedelta(days=rng.randint(0, 20))
    if kind == "completed":
        scheduled = add_months(first, rng.randint(5, 10))
    elif kind == "due_soon":
        scheduled = last + timedelta(days=rng.randint(20, 55))
    # Sanctioned before the last month (six months before, for the stories that need history).
    scheduled = min(scheduled, add_months(last, duration - (6 if kind in NEEDS_HISTORY else 1)))
    sanctioned = add_months(scheduled, -duration)
    reported = tuple(p for p in periods if period_end(p) >= sanctioned)
    months = _months(kind, rng, reported, sanctioned, scheduled, cost)
    return Plan(kind, sanctioned, scheduled, _slipped(months, rng, slip) if kind == "implausible" else months)


def _months(kind: Kind, rng: Random, periods: tuple[str, ...], sanctioned: date, scheduled: date,
            cost: float) -> tuple[Month, ...]:
    def raw(period: str) -> float:  # the share of the scheduled time elapsed, not capped at 100
        return (period_end(period) - sanctioned).days / (scheduled - sanctioned).days * 100

    last = periods[-1]
    rate = {"on_time": rng.uniform(1.02, 1.05), "completed": rng.uniform(1.04, 1.12),
            "behind": 1 - rng.uniform(12, 22) / raw(last),
            "delayed": min(rng.uniform(0.5, 0.8), 85 / raw(last)), "stalled": rng.uniform(0.75, 1.0),
            "over_cost": rng.uniform(1.02, 1.05), "misreported": min(rng.uniform(0.98, 1.04), 65 / raw(last)),
            "due_soon": rng.uniform(45, 72) / raw(last), "implausible": rng.uniform(1.02, 1.05)}[kind]
    share = rng.uniform(0.85, 1.0)
    months, physical = [], 0.0
    for period in periods:
        physical = max(physical, round(min(rate * raw(period), 99.0), 1))
        months.append(Month(period, physical, round(cost * physical / 100 * share, 2)))
    return tuple(_story(kind, rng, months, sanctioned, scheduled, cost))


def _story(kind: Kind, rng: Random, months: list[Month], sanctioned: date, scheduled: date,
           cost: float) -> list[Month]:
    """What makes each kind what it is, laid over its plain progress."""
    story = STORIES.get(kind)
    return story(rng, months, Frame(sanctioned, scheduled, cost)) if story else months


def _slipped(months: tuple[Month, ...], rng: Random, slip: Slip) -> tuple[Month, ...]:
    """One month mistyped: physical progress ten times too high (above 100 %), or a tenth of
    itself (below the month before). Later months are reported correctly."""
    fits = [i for i in range(1, len(months))
            if 10 < months[i].physical < 99 and months[i - 1].physical > months[i].physical / 10]
    if not fits:  # too little progress to mistype: an impossible figure all the same
        at, wrong = len(months) - 1, 130.0
    else:
        at = rng.choice(fits)
        wrong = round(months[at].physical * 10, 1) if slip == "tenfold" else round(months[at].physical / 10, 2)
    return (*months[:at], replace(months[at], physical=wrong), *months[at + 1:])
