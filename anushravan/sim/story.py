"""The events that make the year worth watching, chosen once per seed.

In the last month a few districts collapse from grade B to D on one scheme — Kanpur Nagar on
the SC post-matric scholarship among them, with the figures of the real minutes of March
2026 — Lakhimpur Kheri reports 848.49 % on ICDS nutrition, and one department misses the
deadline for some districts (late, or not at all). A handful of districts stay in grade D on
the scholarship all year, which puts Kanpur Nagar near 71st of 75.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from anushravan.sim.profiles import keyed_rng
from shared.catalog import Scheme

KANPUR = "kanpur-nagar"
SCHOLARSHIP = "sc-postmatric-scholarship"
# The real minutes: 53rd in grade B last month, 71st in grade D now (of 75 districts).
KANPUR_RANKS = (53, 71)
KANPUR_PREVIOUS_MARKS = 6.88
KANPUR_COMPOSITE_RANK = 45
# Scholarship applications pile up across the state, so its marks run lower than most schemes'
# (which also lets 52 districts stand above Kanpur Nagar's 6.88 in grade B).
SCHOLARSHIP_SHIFT = -1.2
# Kanpur Nagar's figures in the minutes of its review meeting on the March 2026 figures.
KANPUR_FIGURES: dict[str, dict[str, int | float]] = {
    "general-prematric-scholarship": {"applications_received": 3144, "pending_institution": 164,
                                      "pending_pfms": 452},
    SCHOLARSHIP: {"applications_received": 26466, "pending_institution": 614, "pending_pfms": 1658,
                  "pending_university": 43},
    "old-age-pension": {"applications_received": 175796, "pending_bdo_sdm": 4574, "pending_dswo": 2040},
    "mass-marriage": {"marriages_solemnised": 889, "marriages_target": 889,
                      "financial_progress_percent": 92.69},
    "jsy": {"beneficiaries_paid": 1800, "institutional_deliveries": 9874},
    "nrlm-revolving-fund": {"groups_funded": 452, "groups_target": 638},
    "nrlm-community-investment-fund": {"groups_funded": 654, "groups_target": 748},
}
# Janani Suraksha Yojana: the minutes say the CMO had been told so for three meetings running.
KANPUR_WEAK: dict[str, tuple[float, float]] = {"jsy": (1.2, 2.8)}
# The other schemes the minutes name in grades B and C (their figures are not quoted).
KANPUR_MARKS: dict[str, float] = {"icds-nutrition": 8.62, "jal-jeevan-mission": 7.45, "pmmvy": 4.9}
# Kanpur Nagar's best composite rank of the year came in April, its worst in November; in
# March most of its schemes stood in grade A, bar those the minutes discuss.
KANPUR_ARC = {0: 0.9, 7: -0.5}
KANPUR_LIFT = 0.6
KANPUR_LAST_MONTH_A = (9.0, 9.9)
IMPLAUSIBLE = ("lakhimpur-kheri", "icds-nutrition", "children_measured_percent", 848.49)
LATE_DEPARTMENT = "women-welfare"
OTHER_COLLAPSES = 3


@dataclass(frozen=True)
class Story:
    """Who collapses, who sends an impossible figure, who is late, which portals use Kafka."""

    collapses: tuple[tuple[str, str], ...]
    weak: tuple[str, ...]
    implausible: tuple[str, str, str, float] | None
    late_department: str | None
    late: frozenset[tuple[str, str]]
    never: frozenset[tuple[str, str]]
    kafka_departments: tuple[str, ...]
    fixed: dict[tuple[str, str], dict[str, int | float]] = field(default_factory=dict)
    fixed_marks: dict[tuple[str, str], float] = field(default_factory=dict)
    kanpur_ranks: tuple[int, int] | None = None


def scaled_rank(rank: int, units: int) -> int:
    """A rank among 75 districts carried over to `units` districts."""
    return max(1, min(units, round(rank * units / 75)))


def choose_story(seed: int, districts: Sequence[str], schemes: Sequence[Scheme],
                 late_department: str | None = LATE_DEPARTMENT, late_share: float = 0.25,
                 never_share: float = 0.08) -> Story:
    """The year's events for these districts and schemes (those absent are left out)."""
    ids = {s.id: s for s in schemes}
    kanpur = KANPUR in districts and SCHOLARSHIP in ids
    ranks = (scaled_rank(KANPUR_RANKS[0], len(districts)), scaled_rank(KANPUR_RANKS[1], len(districts)))
    special = {KANPUR, IMPLAUSIBLE[0]}
    rng = keyed_rng(seed, "story")
    pool = sorted(d for d in districts if d not in special)
    weak = tuple(sorted(rng.sample(pool, min(len(pool), len(districts) - ranks[1])))) if kanpur else ()
    departments = sorted({s.department.id for s in schemes})
    late_dept = late_department if late_department in departments else None
    collapsible = [s.id for s in schemes if s.graded and s.department.id != late_dept and s.id != SCHOLARSHIP]
    others = [d for d in pool if d not in weak]
    collapses = [(d, rng.choice(collapsible)) for d in rng.sample(others, min(OTHER_COLLAPSES, len(others)))]
    late, never = _late_pairs(seed, districts, schemes, late_dept, late_share, never_share)
    kafka_pool = [d for d in departments if d != late_dept]
    kafka = tuple(sorted(rng.sample(kafka_pool, max(1, len(kafka_pool) // 5)))) if kafka_pool else ()
    fixed = {(KANPUR, s): v for s, v in KANPUR_FIGURES.items() if s in ids and KANPUR in districts}
    fixed_marks = {(KANPUR, s): m for s, m in KANPUR_MARKS.items() if s in ids and KANPUR in districts}
    implausible = IMPLAUSIBLE if IMPLAUSIBLE[0] in districts and IMPLAUSIBLE[1] in ids else None
    return Story(collapses=((KANPUR, SCHOLARSHIP), *collapses) if kanpur else tuple(collapses),
                 weak=weak, implausible=implausible, late_department=late_dept, late=late, never=never,
                 kafka_departments=kafka, fixed=fixed, fixed_marks=fixed_marks, kanpur_ranks=ranks if kanpur else None)


def _late_pairs(seed: int, districts: Sequence[str], schemes: Sequence[Scheme], department: str | None,
                late_share: float, never_share: float) -> tuple[frozenset[tuple[str, str]], ...]:
    late: set[tuple[str, str]] = set()
    never: set[tuple[str, str]] = set()
    for scheme in (s for s in schemes if s.department.id == department):
        for district in districts:
            draw = keyed_rng(seed, "late", district, scheme.id).random()
            if district == KANPUR:
                continue
            if draw < never_share:
                never.add((district, scheme.id))
            elif draw < never_share + late_share:
                late.add((district, scheme.id))
    return frozenset(late), frozenset(never)


def arc(district: str, fy_month: int) -> float:
    """A district-wide shift in marks for the month (Kanpur Nagar's best and worst months)."""
    return KANPUR_LIFT + KANPUR_ARC.get(fy_month, 0.0) if district == KANPUR else 0.0
