"""What makes each kind of simulated work what it is, laid over its plain monthly progress:
a completion, a postponement, a stall, a revised cost, money running ahead of the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random
from typing import Literal

from services.works.domain.months import add_months, period_end, period_start

STALL_REASONS = ("भूमि विवाद न्यायालय में लम्बित / land dispute pending in court",
                 "द्वितीय किश्त की धनराशि अप्राप्त / second instalment of funds awaited",
                 "ठेकेदार द्वारा कार्य छोड़ दिया गया / contractor abandoned the work",
                 "वन विभाग की अनापत्ति लम्बित / forest clearance pending")


@dataclass(frozen=True)
class Month:
    """One month's report of a work, before it becomes a `work.progress.v1`."""

    period: str
    physical: float
    spent: float
    status: Literal["in_progress", "completed", "stalled"] = "in_progress"
    completion: date | None = None
    stall_reason: str | None = None
    revised_cost: float | None = None
    anticipated: date | None = None


@dataclass(frozen=True)
class Frame:
    sanctioned: date
    scheduled: date
    cost: float


def _completed(rng: Random, months: list[Month], f: Frame) -> list[Month]:
    """Finished on or a little before its date; no reports after the month of completion."""
    done = next((i for i, m in enumerate(months) if period_end(m.period) >= f.scheduled), len(months) - 1)
    finished = max(f.scheduled - timedelta(days=rng.randint(0, 25)), period_start(months[done].period))
    end = replace(months[done], physical=100.0, spent=round(f.cost * rng.uniform(0.92, 1.0), 2),
                  status="completed", completion=max(finished, f.sanctioned + timedelta(days=1)))
    return [*months[:done], end]


def _delayed(rng: Random, months: list[Month], f: Frame) -> list[Month]:
    """Two months before its date (or in the last month) the agency postpones it, past the year's end."""
    promised = max(add_months(f.scheduled, rng.randint(3, 12)), add_months(period_end(months[-1].period), 2))
    start = next(i for i, m in enumerate(months)
                 if period_end(m.period) >= add_months(f.scheduled, -2) or i == len(months) - 1)
    return [*months[:start], *(replace(m, anticipated=promised) for m in months[start:])]


def _stalled(rng: Random, months: list[Month], f: Frame) -> list[Month]:
    """Flat for the last three to five months; six agencies in ten say so, with a reason."""
    halt, admits, reason = max(len(months) - rng.randint(4, 6), 0), rng.random() < 0.6, rng.choice(STALL_REASONS)
    still = months[halt]
    return [*months[: halt + 1], *(replace(still, period=m.period, status="stalled" if admits else "in_progress",
                                           stall_reason=reason if admits else None) for m in months[halt + 1:])]


def _over_cost(rng: Random, months: list[Month], f: Frame) -> list[Month]:
    """From some month the agency reports a cost 15–45 % above the sanction, and spends by it."""
    revised, start = round(f.cost * rng.uniform(1.15, 1.45), 2), rng.randint(1, len(months) - 1)
    return [*months[:start], *(replace(m, revised_cost=revised, spent=round(m.spent * revised / f.cost, 2))
                               for m in months[start:])]


def _misreported(rng: Random, months: list[Month], f: Frame) -> list[Month]:
    """From some month the money runs 25–38 points ahead of the work."""
    lead, start = rng.uniform(25, 38), rng.randint(1, len(months) - 2)
    return [*months[:start], *(replace(m, spent=round(f.cost * (m.physical + lead) / 100, 2)) for m in months[start:])]


Story = Callable[[Random, list[Month], Frame], list[Month]]
STORIES: dict[str, Story] = {"completed": _completed, "delayed": _delayed, "stalled": _stalled,
                             "over_cost": _over_cost, "misreported": _misreported}
