"""A test month with late, missing, rejected, revised and quarantined submissions gives the
figures worked by hand in docs/data-quality.md."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services.scoring.domain.dqi import (
    Arrival,
    DqiWeights,
    Expected,
    Refusal,
    by_department,
    by_district,
    lowest,
    quality,
)

IST = timezone(timedelta(hours=5, minutes=30))
SCHEMES = {"s1": "social-welfare", "s2": "social-welfare", "h1": "health"}
# Social welfare's figures are due by the 25th, health's by the 20th.
DEADLINES = {"s1": 25, "s2": 25, "h1": 20}
DISTRICTS = ("kanpur", "agra", "banda")


def _day(day: int) -> datetime:
    return datetime(2026, 3, day, 12, 0, tzinfo=IST)


EXPECTED = [Expected(s, d, district, datetime(2026, 3, DEADLINES[s], 23, 59, 59, tzinfo=IST))
            for s, d in SCHEMES.items() for district in DISTRICTS]


def _arrival(scheme: str, district: str, day: int, quarantined: bool = False) -> Arrival:
    return Arrival(scheme, SCHEMES[scheme], district, _day(day), quarantined)


ARRIVALS = [
    _arrival("s1", "kanpur", 20), _arrival("s1", "kanpur", 28),  # revised after the deadline
    _arrival("s1", "agra", 22, quarantined=True), _arrival("s1", "agra", 24),  # 848.49 %, corrected in time
    _arrival("s1", "banda", 27),  # late
    _arrival("s2", "kanpur", 10),
    # s2 agra: missing
    _arrival("s2", "banda", 15), _arrival("s2", "banda", 18),  # revised before the deadline
    _arrival("h1", "kanpur", 19),
    _arrival("h1", "agra", 21),  # late (the 20th)
    # h1 banda: missing
    _arrival("h1", "elsewhere", 5),  # a slot nobody owes: ignored
]
REFUSALS = [Refusal("social-welfare", "kanpur"), Refusal("social-welfare", "kanpur"), Refusal("health", "banda"),
            Refusal(None, "agra"),  # unknown scheme
            Refusal("health", None)]  # unknown district


def _components(q: object) -> tuple[float, ...]:
    return tuple(getattr(q, c) for c in ("timeliness", "completeness", "validity", "stability", "plausibility",
                                         "index"))


def test_each_department_gets_the_hand_computed_index_and_the_lowest_is_named() -> None:
    departments = by_department(EXPECTED, ARRIVALS, REFUSALS)
    # Social welfare: 6 owed, 5 present, 4 on time, 8 accepted of 10 sent, 1 revised late,
    # 1 quarantined: 66.67, 83.33, 80, 80, 80 → 390 / 5 = 78.
    welfare = departments["social-welfare"]
    assert (welfare.expected, welfare.present, welfare.on_time, welfare.sent, welfare.refused) == (6, 5, 4, 8, 2)
    assert (welfare.revised_late, welfare.quarantined) == (1, 1)
    assert _components(welfare) == (66.67, 83.33, 80.0, 80.0, 80.0, 78.0)
    # Health: 3 owed, 2 present, 1 on time, 2 accepted of 4 sent: 33.33, 66.67, 50, 100, 100 → 70.
    assert _components(departments["health"]) == (33.33, 66.67, 50.0, 100.0, 100.0, 70.0)
    assert lowest(departments) == "health"


def test_each_district_gets_the_hand_computed_index() -> None:
    districts = by_district(EXPECTED, ARRIVALS, REFUSALS)
    assert sorted(districts) == ["agra", "banda", "kanpur"]
    # Kanpur: all 3 on time; 4 accepted of 6 sent; s1 revised late: 100, 100, 66.67, 66.67, 100.
    assert _components(districts["kanpur"]) == (100.0, 100.0, 66.67, 66.67, 100.0, 86.67)
    # Agra: s2 missing, h1 late; 3 of 4 (the unknown scheme's refusal is Agra's); s1 quarantined.
    assert _components(districts["agra"]) == (33.33, 66.67, 75.0, 100.0, 50.0, 65.0)
    # Banda: h1 missing, s1 late; 3 of 4.
    assert _components(districts["banda"]) == (33.33, 66.67, 75.0, 100.0, 100.0, 75.0)
    assert lowest(districts) == "agra"


def test_weights_are_parameters() -> None:
    welfare = [e for e in EXPECTED if e.department == "social-welfare"]
    weighted = quality(welfare, [a for a in ARRIVALS if a.department == "social-welfare"], REFUSALS[:2],
                       DqiWeights(timeliness=3))
    assert weighted.index == 74.76  # (3 × 66.667 + 83.333 + 80 + 80 + 80) / 7
    with pytest.raises(ValueError, match="weights"):
        DqiWeights(timeliness=-1)
    with pytest.raises(ValueError, match="weights"):
        DqiWeights(0, 0, 0, 0, 0)


def test_a_group_that_sent_nothing_scores_zero_and_a_perfect_one_a_hundred() -> None:
    owed = EXPECTED[:2]
    assert _components(quality(owed, [], [])) == (0.0,) * 6
    assert _components(quality(owed, [], [Refusal("x", "y")])) == (0.0,) * 6
    perfect = [Arrival(e.scheme, e.department, e.district, _day(1)) for e in owed]
    assert _components(quality(owed, perfect, [])) == (100.0,) * 6
    assert lowest({}) is None
