"""Improvement ranking against a small hand-computed oracle."""

from __future__ import annotations

from services.scoring.domain.delta import base_periods, composite_delta_ranked, delta_ranking

MARCH = {"agra": 8.50, "etah": 7.00, "mau": 6.25, "banda": 9.00, "kannauj": 5.00, "lucknow": 7.75}
FEBRUARY = {"agra": 8.00, "etah": 6.50, "mau": 6.75, "banda": 9.00, "kannauj": 3.00, "gonda": 5.00}
APRIL = {"agra": 9.00, "etah": 5.00, "mau": 6.25, "banda": 8.99, "kannauj": 5.01, "lucknow": 7.00}


def test_districts_are_ranked_by_their_change_with_ties_sharing_a_rank() -> None:
    # kannauj +2.00 · agra +0.50 · etah +0.50 · banda 0.00 · mau −0.50; lucknow has no February
    # composite (unranked); gonda has none in March (left out).
    ranking = delta_ranking(MARCH, FEBRUARY, "2026-02")
    rows = [(e.district, e.delta, e.rank) for e in ranking.ranks]
    assert rows == [("kannauj", 2.0, 1), ("agra", 0.5, 2), ("etah", 0.5, 2), ("banda", 0.0, 4), ("mau", -0.5, 5)]
    assert (ranking.of, ranking.unranked, ranking.base_period) == (5, ["lucknow"], "2026-02")
    assert (ranking.ranks[0].marks, ranking.ranks[0].base_marks) == (5.0, 3.0)
    assert ranking.top_ten == ["kannauj", "agra", "etah", "banda", "mau"]
    assert ranking.bottom_ten == ["mau", "banda", "agra", "etah", "kannauj"]


def test_the_top_and_bottom_ten_hold_every_district_tied_at_their_edge() -> None:
    # Changes in hundredths; best-first ranks a1 b2 c2 d4 e5 f6 g6 h8 i9 j9 k11 l12 m12.
    # Counted from the bottom: l1 m1 k3 i4 j4 h6 f7 g7 e9 d10 b11 c11 a13.
    changes = {"a": 300, "b": 200, "c": 200, "d": 100, "e": 50, "f": 0, "g": 0, "h": -10,
               "i": -20, "j": -20, "k": -30, "l": -100, "m": -100}
    base = {d: 5.0 for d in changes}
    now = {d: 5.0 + c / 100 for d, c in changes.items()}
    ranking = delta_ranking(now, base, "2026-02")
    assert [e.rank for e in ranking.ranks] == [1, 2, 2, 4, 5, 6, 6, 8, 9, 9, 11, 12, 12]
    assert ranking.top_ten == ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
    assert ranking.bottom_ten == ["l", "m", "k", "i", "j", "h", "f", "g", "e", "d"]


def test_changes_are_exact_hundredths_of_the_published_marks() -> None:
    # 7.005 is published as 7.01 (half up); 0.1 + 0.2 style noise never splits a tie.
    ranking = delta_ranking({"a": 7.005, "b": 0.3}, {"a": 7.0, "b": 0.1 + 0.2 - 0.3 + 0.29}, "2026-02")
    assert [(e.district, e.delta) for e in ranking.ranks] == [("a", 0.01), ("b", 0.01)]
    assert [e.rank for e in ranking.ranks] == [1, 1]


def test_a_period_is_compared_with_the_month_before_and_with_april() -> None:
    assert base_periods("2026-03") == ("2026-02", "2025-04")
    assert base_periods("2026-01") == ("2025-12", "2025-04")
    assert base_periods("2025-05") == ("2025-04", "2025-04")
    assert base_periods("2025-04") == ("2025-03", None)


def test_the_event_carries_both_comparisons_and_none_where_there_is_no_base() -> None:
    event = composite_delta_ranked("2026-03", True, MARCH, FEBRUARY, APRIL)
    assert event.since_fy_start is not None and event.previous_month is not None
    since_april = [(e.district, e.delta, e.rank) for e in event.since_fy_start.ranks]
    assert since_april == [("etah", 2.0, 1), ("lucknow", 0.75, 2), ("banda", 0.01, 3), ("mau", 0.0, 4),
                           ("kannauj", -0.01, 5), ("agra", -0.5, 6)]
    april = composite_delta_ranked("2025-04", False, APRIL, MARCH, APRIL)
    assert april.since_fy_start is None and april.previous_month is not None
    first = composite_delta_ranked("2026-03", False, MARCH, None, {})
    assert (first.previous_month, first.since_fy_start) == (None, None)
    assert event.model_dump()["previous_month"]["top_ten"][0] == "kannauj"
