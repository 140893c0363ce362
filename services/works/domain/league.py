"""The standings of one month (`works.standing.v1`): districts and executing agencies ranked
across the state by their share of works on schedule, and districts ranked within each
department — which agency is late everywhere, which district lets a department down."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from services.works.domain.assessment import assess, sanctioned_by
from services.works.domain.ranking import competition_ranks
from services.works.domain.standing import Group, counts_in_standing
from services.works.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from shared.catalog import Department, Names
from shared.events.works import (
    AgencyRanking,
    AgencyStanding,
    DepartmentStanding,
    DistrictRanking,
    StandingEntry,
    WorkAssessed,
    WorkProgress,
    WorkRegistered,
    WorksStanding,
)


def works_standing(assessments: Iterable[WorkAssessed], *, period: str, final: bool) -> WorksStanding:
    """The month's standings from each work's assessment for `period` (one per work).

    Works that do not count (see `counts_in_standing`) are left out. Raises ValueError for an
    assessment of another month, or two of one work: the caller's mistake, not the data's.
    """
    counted = [a for a in _one_per_work(assessments, period) if counts_in_standing(a)]
    districts: dict[str, Group] = defaultdict(Group)
    agencies: dict[str, Group] = defaultdict(Group)
    by_department: dict[str, dict[str, Group]] = defaultdict(lambda: defaultdict(Group))
    agency_names: dict[str, Names] = {}
    departments: dict[str, Department] = {}
    for a in sorted(counted, key=lambda a: a.work):
        districts[a.district].add(a)
        agencies[a.agency.id].add(a)
        by_department[a.department.id][a.district].add(a)
        agency_names.setdefault(a.agency.id, a.agency.name)
        departments.setdefault(a.department.id, a.department)
    return WorksStanding(
        period=period, final=final,
        districts=DistrictRanking(of=len(districts), ranks=_ranked(districts)),
        agencies=AgencyRanking(of=len(agencies), ranks=[
            _agency(entry, agencies[entry.id], agency_names[entry.id]) for entry in _ranked(agencies)]),
        departments=[DepartmentStanding(department=departments[d], of=len(groups), ranks=_ranked(groups))
                     for d, groups in sorted(by_department.items())],
    )


def _ranked(groups: dict[str, Group]) -> list[StandingEntry]:
    shares = {key: group.share_on_schedule for key, group in groups.items()}
    return [groups[key].entry(key, rank) for key, rank in competition_ranks(shares)]


def _agency(entry: StandingEntry, group: Group, name: Names) -> AgencyStanding:
    return AgencyStanding(**dict(entry), name=name, districts=len(group.districts),
                          districts_with_delays=len(group.districts_with_delays))


def _one_per_work(assessments: Iterable[WorkAssessed], period: str) -> list[WorkAssessed]:
    seen: dict[str, WorkAssessed] = {}
    for a in assessments:
        if a.period != period:
            raise ValueError(f"assessment of work {a.work!r} is for {a.period}, not {period}")
        if a.work in seen:
            raise ValueError(f"two assessments of work {a.work!r} for {period}")
        seen[a.work] = a
    return list(seen.values())


def standing_of_works(works: Iterable[tuple[WorkRegistered, Iterable[WorkProgress]]], *, period: str, final: bool,
                      thresholds: Thresholds = DEFAULT_THRESHOLDS) -> WorksStanding:
    """The month's standings straight from each registered work and all its reports: every work
    sanctioned by the month's end is assessed at it (reported that month or not)."""
    assessments = [assess(work, reports, period, thresholds) for work, reports in works if sanctioned_by(work, period)]
    return works_standing(assessments, period=period, final=final)
