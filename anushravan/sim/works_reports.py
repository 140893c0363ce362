"""One simulated work as the events portals send: its registration and its monthly reports."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from anushravan.sim.profiles import keyed_rng
from anushravan.sim.works_catalogue import works_catalogue
from anushravan.sim.works_plans import NEEDS_HISTORY, Kind, Plan, Slip, plan
from anushravan.sim.works_stories import Month
from shared.catalog import Department, Names
from shared.districts import District
from shared.events.works import WorkProgress, WorkRegistered

# The milestone a work reports, by its physical progress (up to and including the bound).
MILESTONES = ((15.0, "नींव कार्य / foundation"), (40.0, "ढांचा कार्य / structure"),
              (70.0, "चिनाई एवं छत / masonry and roofing"), (99.9, "फिनिशिंग / finishing"),
              (math.inf, "हस्तान्तरण / handover"))
HISTORY_MONTHS = 12
# Only plain months are corrected, so that a correction never changes the kind of a work.
CORRECTED_KINDS = frozenset({"on_time", "delayed"})


@dataclass(frozen=True)
class SimulatedWork:
    """One work as registered, the kind of story it was given, and its reports."""

    work: WorkRegistered
    kind: Kind
    reports: tuple[WorkProgress, ...]


def simulated_work(district: District, index: int, kind: Kind, periods: tuple[str, ...], seed: int,
                   correction_rate: float, slip: Slip = "tenfold") -> SimulatedWork:
    """The `index`-th work of `district`: a kind of work of a department, built by one of its agencies."""
    rng = keyed_rng(seed, "work", district.id, str(index))
    catalogue = works_catalogue()
    # A story that needs months of history needs a work that takes a year at least.
    history = kind in NEEDS_HISTORY
    of_type = rng.choice([t for t in catalogue.types if not history or t.months[1] >= HISTORY_MONTHS])
    agency = catalogue.agency(of_type.agencies[0] if rng.random() < 0.7 else rng.choice(of_type.agencies))
    department = catalogue.department(of_type.department)
    cost = round(rng.uniform(*of_type.cost), 2)
    low, high = of_type.months
    schedule = plan(kind, rng, periods, rng.randint(max(low, HISTORY_MONTHS) if history else low, high), cost, slip)
    work = WorkRegistered(
        id=f"{agency.id}-{district.id}-{index:02d}",
        name=Names(hi=of_type.name.hi.format(place=district.name.hi),
                   en=of_type.name.en.format(place=district.name.en)),
        district=district.id, department=Department(id=department.id, name=department.name), agency=agency,
        officer=department.officer, sanctioned_cost_lakh=cost, sanction_date=schedule.sanctioned_on,
        scheduled_completion_date=schedule.scheduled,
    )
    corrections = correction_rate if kind in CORRECTED_KINDS else 0.0
    return SimulatedWork(work, kind, tuple(_reports(work, schedule, seed, corrections)))


def _reports(work: WorkRegistered, schedule: Plan, seed: int, correction_rate: float) -> Iterator[WorkProgress]:
    for month in schedule.months:
        yield _report(work, month, revision=1, spent=month.spent)
        rng = keyed_rng(seed, "work-correction", work.id, month.period)
        if month.status == "in_progress" and rng.random() < correction_rate:
            # The agency re-sends the month with its expenditure corrected.
            yield _report(work, month, revision=2, spent=round(month.spent * rng.uniform(0.97, 1.03), 2))


def _report(work: WorkRegistered, month: Month, *, revision: int, spent: float) -> WorkProgress:
    return WorkProgress(
        report_id=f"{work.id}-{month.period}-r{revision}", work=work.id, period=month.period, revision=revision,
        physical_percent=month.physical, expenditure_lakh=spent, status=month.status,
        completion_date=month.completion, stall_reason=month.stall_reason,
        milestone=next(name for bound, name in MILESTONES if month.physical <= bound),
        revised_cost_lakh=month.revised_cost, anticipated_completion_date=month.anticipated,
    )
