"""Peer groups and ranks within them, against a small hand-computed oracle."""

from __future__ import annotations

from dataclasses import dataclass

from services.scoring.domain.peers import (
    PeerRank,
    baseline_bands,
    baseline_scores,
    group_ranks,
    indicators,
)


@dataclass(frozen=True)
class Counts:
    population: int
    literates: int
    workers: int
    cultivators: int
    agricultural_labourers: int


# literacy %: a 80, b 70, c 70, d 50, e 40, f 60 · non-farm %: a 90, b 50, c 80, d 60, e 30, f 20
COUNTS = {
    "a": Counts(1000, 800, 100, 5, 5),
    "b": Counts(1000, 700, 200, 50, 50),
    "c": Counts(2000, 1400, 100, 10, 10),
    "d": Counts(1000, 500, 100, 20, 20),
    "e": Counts(1000, 400, 100, 35, 35),
    "f": Counts(3000, 1800, 500, 200, 200),
}


def test_indicators_are_literates_per_hundred_and_workers_outside_farming_per_hundred() -> None:
    assert indicators(COUNTS["a"]).literacy == 80.0 and indicators(COUNTS["a"]).non_farm == 90.0
    assert indicators(Counts(3, 1, 3, 1, 0)).literacy == 33.33
    assert indicators(Counts(0, 0, 0, 0, 0)).non_farm == 0.0


def test_the_baseline_score_is_the_mean_of_the_two_ranks() -> None:
    # literacy ranks: a1 b2 c2 f4 d5 e6 · non-farm ranks: a1 c2 d3 b4 e5 f6
    assert baseline_scores(COUNTS) == {"a": 1.0, "b": 3.0, "c": 2.0, "d": 4.0, "e": 5.5, "f": 5.0}


def test_bands_cut_the_districts_in_baseline_order_into_equal_parts() -> None:
    # order a(1) c(2) b(3) d(4) f(5) e(5.5): three bands of two.
    assert baseline_bands(COUNTS, bands=3) == {"a": "band-1", "c": "band-1", "b": "band-2", "d": "band-2",
                                               "f": "band-3", "e": "band-3"}
    # Four bands of six: positions 0-1 → 1, 2 → 2, 3-4 → 3, 5 → 4 (position × 4 // 6 + 1).
    assert baseline_bands(COUNTS, bands=4) == {"a": "band-1", "c": "band-1", "b": "band-2", "d": "band-3",
                                               "f": "band-3", "e": "band-4"}


def test_ranks_within_a_group_share_equal_marks_and_count_only_ranked_districts() -> None:
    division = {"a": "kanpur", "b": "kanpur", "c": "kanpur", "d": "kanpur", "e": "agra", "f": "agra"}
    marks = {"a": 7.5, "b": 9.004, "c": 9.0, "d": 3.2, "e": 6.0, "g": 9.9}  # f unranked; g has no group
    assert group_ranks(marks, division) == {
        "b": PeerRank("kanpur", 1, 4), "c": PeerRank("kanpur", 1, 4),
        "a": PeerRank("kanpur", 3, 4), "d": PeerRank("kanpur", 4, 4), "e": PeerRank("agra", 1, 1),
    }
