"""Standings: which district and which agency keeps its works on schedule."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.works.domain.assessment import assess
from services.works.domain.league import standing_of_works, works_standing
from services.works.domain.standing import counts_in_standing
from shared.events.works import WorkAssessed, WorkProgress, WorkRegistered
from tests.unit.works.works_builders import a_report, a_work
from tests.unit.works.works_strategies import portfolios

ON_TIME = [("2025-09", 75.0), ("2025-10", 79.0), ("2025-11", 84.0), ("2025-12", 88.0)]


def _work(work_id: str, district: str, agency: str = "uprnn", department: str = "medical-health",
          **overrides: Any) -> WorkRegistered:
    return a_work(id=work_id, district=district, agency={"id": agency, "name": {"hi": agency, "en": agency.upper()}},
                  department={"id": department, "name": {"hi": department, "en": department.title()}}, **overrides)


def _on_time(work: WorkRegistered) -> WorkAssessed:
    return assess(work, [a_report(p, x, 10 * x, work=work.id, report_id=f"{work.id}-{p}") for p, x in ON_TIME],
                  "2025-12")


def _stalled(work: WorkRegistered) -> WorkAssessed:
    return assess(work, [a_report(p, 40.0, 400, work=work.id, report_id=f"{work.id}-{p}") for p, _ in ON_TIME],
                  "2025-12")


def test_districts_are_ranked_by_their_share_of_works_on_schedule() -> None:
    standing = works_standing([
        _on_time(_work("a1", "agra")), _stalled(_work("a2", "agra")),
        _on_time(_work("b1", "banda")), _on_time(_work("c1", "chitrakoot")), _stalled(_work("d1", "deoria")),
    ], period="2025-12", final=False)
    assert [(e.id, e.share_on_schedule, e.rank) for e in standing.districts.ranks] == [
        ("banda", 1.0, 1), ("chitrakoot", 1.0, 1), ("agra", 0.5, 3), ("deoria", 0.0, 4)]
    assert standing.districts.of == 4


def test_a_district_counts_and_values_its_stalled_and_delayed_works() -> None:
    entry = works_standing([_on_time(_work("a1", "agra")), _stalled(_work("a2", "agra", sanctioned_cost_lakh=640.0))],
                           period="2025-12", final=True).districts.ranks[0]
    assert (entry.works, entry.on_schedule, entry.stalled.count, entry.stalled.value_lakh) == (2, 1, 1, 640.0)
    assert (entry.colours.green, entry.colours.red, entry.delayed.count) == (1, 1, 0)


def test_an_agency_late_everywhere_is_told_from_one_late_in_one_place() -> None:
    standing = works_standing([
        _stalled(_work("x1", "agra", agency="slow")), _stalled(_work("x2", "banda", agency="slow")),
        _stalled(_work("y1", "agra", agency="patchy")), _on_time(_work("y2", "banda", agency="patchy")),
    ], period="2025-12", final=False)
    agencies = {e.id: (e.districts, e.districts_with_delays, e.rank) for e in standing.agencies.ranks}
    assert agencies == {"patchy": (2, 1, 1), "slow": (2, 2, 2)}
    assert standing.agencies.ranks[1].name.en == "SLOW"


def test_districts_are_ranked_within_each_department() -> None:
    standing = works_standing([
        _on_time(_work("p1", "agra", department="pwd")), _stalled(_work("p2", "banda", department="pwd")),
        _stalled(_work("h1", "agra")), _on_time(_work("h2", "banda")),
    ], period="2025-12", final=False)
    ranks = {d.department.id: [(e.id, e.rank) for e in d.ranks] for d in standing.departments}
    assert ranks == {"medical-health": [("banda", 1), ("agra", 2)], "pwd": [("agra", 1), ("banda", 2)]}


def test_a_work_completed_before_the_financial_year_is_history_not_performance() -> None:
    old = _work("old", "agra", sanction_date=date(2022, 4, 1), scheduled_completion_date=date(2024, 3, 31))
    done = assess(old, [a_report("2024-03", 100, 1800, work="old", status="completed",
                                 completion_date=date(2024, 3, 20))], "2025-12")
    assert not counts_in_standing(done)
    assert works_standing([done], period="2025-12", final=False).districts.of == 0


def test_a_work_sanctioned_after_the_month_is_not_in_its_standing() -> None:
    later = _work("later", "agra", sanction_date=date(2026, 1, 15), scheduled_completion_date=date(2027, 1, 15))
    assert standing_of_works([(later, [])], period="2025-12", final=False).districts.of == 0


def test_standings_refuse_assessments_of_another_month_or_twice_the_same_work() -> None:
    work = _work("a1", "agra")
    with pytest.raises(ValueError, match="is for 2025-12, not 2026-01"):
        works_standing([_on_time(work)], period="2026-01", final=False)
    with pytest.raises(ValueError, match="two assessments of work 'a1'"):
        works_standing([_on_time(work), _on_time(work)], period="2025-12", final=False)


Portfolio = list[tuple[WorkRegistered, list[WorkProgress]]]


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.sampled_from(["2025-06", "2025-12", "2026-03"]))
def test_every_share_on_schedule_lies_between_none_and_all(works: Portfolio, period: str) -> None:
    standing = standing_of_works(works, period=period, final=False)
    entries = [*standing.districts.ranks, *standing.agencies.ranks, *(e for d in standing.departments for e in d.ranks)]
    for entry in entries:
        assert 0.0 <= entry.share_on_schedule <= 1.0
        assert entry.on_schedule == entry.colours.green <= entry.works
        assert entry.colours.red + entry.colours.yellow + entry.colours.green == entry.works


@settings(max_examples=60, deadline=None)
@given(portfolios(), st.randoms(use_true_random=False), st.sampled_from(["2025-09", "2026-03"]))
def test_a_replay_of_the_same_reports_in_any_order_gives_the_same_standing(
        works: Portfolio, shuffler: random.Random, period: str) -> None:
    replayed = []
    for work, reports in reversed(works):
        again = [*reports, *reports[: len(reports) // 2]]  # re-deliveries
        shuffler.shuffle(again)
        replayed.append((work, again))
    assert standing_of_works(replayed, period=period, final=True) == standing_of_works(works, period=period, final=True)
