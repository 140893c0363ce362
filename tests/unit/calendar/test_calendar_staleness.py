"""Stale figures: the same figures for a scheme and district month after month."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.reports.domain.staleness import Stale, stale_pairs, staleness, unchanged_months
from shared.periods import previous_period

SAME = {"applications_received": 26466.0, "pending_institution": 614.0}
MOVED = {"applications_received": 26466.0, "pending_institution": 590.0}


def months(*figures: dict[str, float] | None, last: str = "2026-03") -> dict[str, dict[str, float]]:
    """Figures for consecutive months ending with `last` (None: nothing submitted that month)."""
    history, period = {}, last
    for f in reversed(figures):
        if f is not None:
            history[period] = f
        period = previous_period(period)
    return history


def test_the_same_figures_since_december_are_unchanged_for_three_months_and_stale() -> None:
    history = months(MOVED, SAME, SAME, SAME, SAME)  # Nov moved, Dec–Mar the same
    assert unchanged_months(history, "2026-03") == 3
    assert staleness(history, "2026-03") == Stale(since="2025-12", months=3)


def test_two_unchanged_months_are_not_stale_yet_but_are_with_a_lower_threshold() -> None:
    history = months(MOVED, SAME, SAME, SAME)
    assert staleness(history, "2026-03") is None
    assert staleness(history, "2026-03", months=2) == Stale(since="2026-01", months=2)


def test_a_change_this_month_makes_the_figures_fresh() -> None:
    assert staleness(months(SAME, SAME, SAME, SAME, MOVED), "2026-03") is None


def test_a_month_without_figures_ends_the_run() -> None:
    assert unchanged_months(months(SAME, SAME, None, SAME, SAME), "2026-03") == 1
    assert unchanged_months({}, "2026-03") == 0


def test_every_field_counts_and_a_new_field_is_a_change() -> None:
    history = months(SAME, SAME, SAME, SAME | {"pending_pfms": 1658.0})
    assert unchanged_months(history, "2026-03") == 0


def test_the_run_crosses_the_financial_year() -> None:
    assert staleness(months(SAME, SAME, SAME, SAME, last="2026-05"), "2026-05") == Stale(since="2026-02", months=3)


def test_stale_pairs_lists_each_stale_scheme_and_district() -> None:
    histories = {("jsy", "kanpur-nagar"): months(SAME, SAME, SAME, SAME),
                 ("jsy", "agra"): months(SAME, SAME, SAME, MOVED)}
    assert stale_pairs(histories, "2026-03") == {("jsy", "kanpur-nagar"): Stale("2025-12", 3)}


def test_a_threshold_below_one_month_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1 month"):
        staleness({}, "2026-03", months=0)


@given(st.lists(st.sampled_from([SAME, MOVED, None]), min_size=1, max_size=14), st.integers(1, 6))
def test_stale_exactly_when_the_last_n_months_repeat_the_one_before(
        run: list[dict[str, float] | None], n: int) -> None:
    history = months(*run)
    tail = run[-(n + 1):]
    repeats = len(tail) == n + 1 and tail[0] is not None and all(f == tail[0] for f in tail)
    assert (staleness(history, "2026-03", n) is not None) == repeats
    assert staleness(history | {"2026-03": {"x": -1.0}}, "2026-03", n) is None
