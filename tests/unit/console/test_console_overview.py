"""The overview as data: ranking with movement, census of D grades, movers, heat map, map bands."""

from __future__ import annotations

from services.console.domain import overview as ov
from shared.catalog import Names
from tests.unit.console.console_builders import scheme

UNITS = [ov.Unit(d, Names(hi=d, en=d.title()), div) for d, div in
         [("agra", "agra"), ("etah", "aligarh"), ("mau", "azamgarh"), ("unnao", "lucknow")]]
NOW = {"period": "2026-03", "of": 3, "ranks": [{"district": "etah", "rank": 1, "marks": 9.5},
                                               {"district": "agra", "rank": 2, "marks": 8.0},
                                               {"district": "mau", "rank": 3, "marks": 2.0}]}
BEFORE = {"period": "2026-02", "of": 3, "ranks": [{"district": "agra", "rank": 1, "marks": 9.0},
                                                  {"district": "mau", "rank": 2, "marks": 5.0},
                                                  {"district": "etah", "rank": 3, "marks": 4.0}]}
CARD = {"districts": {"agra": {"a": {"grade": "D"}, "b": {"grade": "D"}, "u": {"grade": None}},
                      "etah": {"a": {"grade": "A"}}, "mau": {"a": {"grade": "D"}, "u": {"grade": "D"}}}}


def test_ranked_districts_come_first_in_rank_order_with_their_movement() -> None:
    rows = ov.ranking(UNITS, NOW, BEFORE, {})
    assert [r.unit.id for r in rows] == ["etah", "agra", "mau", "unnao"]
    assert [r.move for r in rows] == [2, -1, -1, None]
    assert rows[-1].rank is None and rows[-1].of is None


def test_the_census_counts_d_grades_of_graded_schemes_only() -> None:
    counts = ov.d_counts(CARD, ["a", "b"])  # "u" is ungraded
    assert counts == {"agra": 2, "etah": 0, "mau": 1}
    assert ov.census(counts) == [(0, 1), (1, 1), (2, 1)]


def test_movers_are_the_largest_rises_and_falls() -> None:
    up, down = ov.movers(ov.ranking(UNITS, NOW, BEFORE, {}), n=1)
    assert [r.unit.id for r in up] == ["etah"] and [r.unit.id for r in down] == ["agra"]


def test_the_map_bands_split_ranks_in_fifths_and_d_counts_in_four() -> None:
    row = ov.RankRow(UNITS[0], 75, 75, 1.0, None)
    assert ov.rank_band(row) == 5 and ov.rank_band(ov.RankRow(UNITS[0], 1, 75, 9.0, None)) == 1
    assert ov.rank_band(ov.RankRow(UNITS[0], None, None, None, None)) is None
    assert [ov.d_band(n) for n in (0, 1, 2, 3, 5, 6, None)] == [1, 2, 2, 3, 3, 4, None]


def test_the_heat_map_sorts_by_rank_name_or_most_d_grades() -> None:
    rows = ov.ranking(UNITS[:3], NOW, BEFORE, {})
    columns = [scheme("a"), scheme("b")]
    by_d = ov.heatmap(rows, CARD, columns, "d")
    assert [h.row.unit.id for h in by_d] == ["agra", "mau", "etah"]
    assert by_d[0].cells == (("D", ""), ("D", ""))
    assert [h.row.unit.id for h in ov.heatmap(rows, CARD, columns, "name")] == ["agra", "etah", "mau"]


def test_a_division_filter_keeps_only_its_districts() -> None:
    rows = ov.ranking(UNITS, NOW, BEFORE, {})
    assert [r.unit.id for r in ov.in_division(rows, "azamgarh")] == ["mau"]
    assert len(ov.in_division(rows, None)) == 4
