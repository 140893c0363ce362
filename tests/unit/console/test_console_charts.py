"""Chart geometry: ranks drawn with 1st at the top, a waterfall that adds up, a histogram that
counts every district once."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.charts import BOTTOM, TOP, histogram, line_chart, waterfall


def test_ranks_are_drawn_with_the_first_at_the_top_and_best_and_worst_marked() -> None:
    chart = line_chart([("2025-04", 10), ("2025-05", 59), ("2025-06", 1)], 1, 75, invert=True,
                       best="2025-06", worst="2025-05")
    ys = [p.y for p in chart.points]
    assert ys[2] == TOP and ys[1] > ys[0] > ys[2]
    assert chart.best is chart.points[2] and chart.worst is chart.points[1]
    assert chart.path.startswith("M") and chart.path.count("L") == 2


def test_marks_are_drawn_with_ten_at_the_top() -> None:
    chart = line_chart([("a", 0.0), ("b", 10.0)], 0, 10, height=200)
    assert chart.points[0].y == 200 - BOTTOM and chart.points[1].y == TOP


@given(st.floats(0, 10), st.lists(st.floats(-2, 2, allow_nan=False), max_size=20))
def test_a_waterfall_walks_from_before_to_after(before: float, steps: list[float]) -> None:
    after = before + math.fsum(steps)
    chart = waterfall(before, [(f"s{i}", v) for i, v in enumerate(steps)], after, most=5)
    assert chart.bars[0].kind == "start" and chart.bars[-1].kind == "end"
    moves = chart.bars[1:-1]
    assert len(moves) <= 6
    # A remainder under half a hundredth (0.00 as marks are written) gets no 'others' bar.
    assert math.isclose(before + math.fsum(b.value for b in moves), after, abs_tol=0.005 + 1e-9)
    assert all(b.height >= 1.0 for b in moves)


@given(st.lists(st.floats(0, 10, allow_nan=False), max_size=80))
def test_a_histogram_counts_every_value_once(values: list[float]) -> None:
    chart = histogram(values, {"A": 9.0, "B": 6.0, "C": 3.0})
    assert sum(b.value for b in chart.bars) == len(values)
    assert [label for label, _, _ in chart.lines] == ["A", "B", "C"]
