import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.kpi import field_sum, kpi_score, raw_value
from tests.unit.scoring.scoring_builders import kpi


def test_ratio_is_numerator_over_denominator() -> None:
    assert raw_value(kpi(), {"done": 30, "due": 40}) == 0.75


def test_inverse_ratio_is_one_minus_pending_over_received() -> None:
    pendency = kpi(kind="inverse_ratio", numerator="pending", denominator="received")
    assert raw_value(pendency, {"pending": 10, "received": 40}) == 0.75


def test_percent_is_the_input_divided_by_a_hundred() -> None:
    assert raw_value(kpi(kind="percent"), {"progress": 87.5}) == 0.875


def test_fields_listed_in_a_numerator_or_denominator_are_summed() -> None:
    pendency = kpi(
        kind="inverse_ratio", numerator=["at_institution", "at_pfms"], denominator=["new", "carried"]
    )
    values = {"at_institution": 5, "at_pfms": 15, "new": 60, "carried": 20}
    assert raw_value(pendency, values) == 0.75


def test_a_ratio_with_a_zero_denominator_and_zero_numerator_scores_zero() -> None:
    assert kpi_score(kpi(), {"done": 0, "due": 0}) == 0.0


def test_a_pendency_with_nothing_received_and_nothing_pending_scores_one() -> None:
    pendency = kpi(kind="inverse_ratio")
    assert raw_value(pendency, {"done": 0, "due": 0}) == 1.0
    assert kpi_score(pendency, {"done": 0, "due": 0}) == 1.0


def test_a_pendency_with_nothing_received_but_something_pending_scores_zero() -> None:
    assert kpi_score(kpi(kind="inverse_ratio"), {"done": 3, "due": 0}) == 0.0


def test_a_ratio_with_a_zero_denominator_but_some_numerator_scores_zero() -> None:
    assert raw_value(kpi(), {"done": 3, "due": 0}) == 0.0


def test_score_scales_linearly_between_floor_and_target() -> None:
    assert kpi_score(kpi(floor=0.5, target=1.0), {"done": 75, "due": 100}) == pytest.approx(0.5)


def test_the_design_example_disposing_91_25_percent_against_floor_90_and_target_98_scores_0_16() -> None:
    disposal = kpi(kind="inverse_ratio", numerator="pending", denominator="received", floor=0.90, target=0.98)
    score = kpi_score(disposal, {"pending": 875, "received": 10_000})
    assert score == pytest.approx(0.15625)
    assert round(score, 2) == 0.16


def test_score_is_clamped_to_one_above_the_target() -> None:
    assert kpi_score(kpi(target=0.8), {"done": 130, "due": 100}) == 1.0


def test_score_is_clamped_to_zero_below_the_floor() -> None:
    assert kpi_score(kpi(floor=0.5), {"done": 20, "due": 100}) == 0.0


def test_a_pendency_larger_than_what_was_received_scores_zero_not_below() -> None:
    assert kpi_score(kpi(kind="inverse_ratio"), {"done": 150, "due": 100}) == 0.0


def test_default_floor_and_target_make_the_score_the_raw_value() -> None:
    assert kpi_score(kpi(kind="percent"), {"progress": 42.0}) == pytest.approx(0.42)


@given(st.lists(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False), min_size=1, max_size=4))
def test_a_field_sum_is_the_exact_sum_of_one_field_or_several(numbers: list[float]) -> None:
    values = {f"f{i}": n for i, n in enumerate(numbers)}
    assert field_sum(tuple(values), values) == math.fsum(numbers)
