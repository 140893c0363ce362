"""The state's view: the officers and departments with the most overdue directives, ranked."""

from __future__ import annotations

from services.reports.domain.directives.compliance import record
from services.reports.domain.directives.league import department_key, officer_key, ranked, state_view, tallies
from shared.catalog import Names
from shared.events.directives import Directive
from tests.unit.directives.directives_builders import CMO, DSWO, MEETING_DAY, directive, ist

XEN = Names(hi="अधिशासी अभियन्ता, जल निगम", en="Executive Engineer, Jal Nigam")
NOW = ist(2026, 6, 20)  # March's directives have missed 16 May and 16 June; April's 16 June


def state() -> list[Directive]:
    complied = record(directive("pension", officer=DSWO, department="social-welfare"), "complied", "हो गया।",
                      "dswo", ist(2026, 5, 1), MEETING_DAY)
    return [
        directive("jsy"), directive("pmmvy", period="2026-04"),  # the CMO of Kanpur Nagar: 2 overdue, 3 misses
        directive("jsy", district="agra"),  # Agra's CMO: 1 overdue, 2 misses
        directive("scholarship", officer=DSWO, department="social-welfare"), complied,  # 1 overdue, 2 misses
        directive("jjm", officer=XEN, department="rural-water-supply", period="2026-05"),  # due 16 July: not yet
    ]


def test_officers_rank_by_overdue_then_misses_and_ties_share_a_rank() -> None:
    rows = state_view(state(), NOW, MEETING_DAY)["officers"]
    assert [(r.key, r.overdue, r.misses, r.rank) for r in rows] == [
        (("kanpur-nagar", "Chief Medical Officer"), 2, 3, 1),
        (("agra", "Chief Medical Officer"), 1, 2, 2),
        (("kanpur-nagar", "District Social Welfare Officer"), 1, 2, 2),
    ]
    assert rows[0].officer == CMO and rows[0].district == "kanpur-nagar" and rows[0].directives == 2


def test_departments_rank_across_districts() -> None:
    rows = state_view(state(), NOW, MEETING_DAY)["departments"]
    assert [(r.key, r.overdue, r.misses, r.rank) for r in rows] == [
        (("medical-health",), 3, 5, 1), (("social-welfare",), 1, 2, 2)]
    assert rows[0].officer is None and rows[0].district is None


def test_someone_with_nothing_overdue_or_missed_is_not_in_the_view_and_the_view_is_bounded() -> None:
    everyone = tallies(state(), officer_key, NOW, MEETING_DAY)
    assert ("kanpur-nagar", "Executive Engineer, Jal Nigam") in [t.key for t in everyone]
    assert len(ranked(everyone)) == 3
    assert len(state_view(state(), NOW, MEETING_DAY, limit=1)["officers"]) == 1


def test_before_any_due_date_the_view_is_empty() -> None:
    assert state_view(state(), ist(2026, 4, 20), MEETING_DAY) == {"officers": [], "departments": []}
    assert [t.key for t in tallies(state(), department_key, NOW, MEETING_DAY)] == [
        ("medical-health",), ("rural-water-supply",), ("social-welfare",)]
