import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.rounding import hundredths, round_half_up, round_marks, round_score


def test_ties_round_up_as_in_the_published_lists_not_to_even() -> None:
    assert round_marks(0.125) == 0.13
    assert round_marks(0.135) == 0.14


def test_rounding_sees_the_decimal_a_person_reads_not_its_binary_approximation() -> None:
    assert round_marks(2.675) == 2.68  # stored as 2.67499999…


def test_arithmetic_noise_does_not_move_a_published_value() -> None:
    assert round_marks(0.1 + 0.2) == 0.3
    assert round_marks(1.005 * 10) == 10.05  # computes as 10.049999999999999
    assert round_marks(10 * 0.8995) == 9.0  # built-in round() says 8.99


def test_kpi_scores_keep_four_decimals() -> None:
    assert round_score(0.156625) == 0.1566
    assert round_score(0.15665) == 0.1567


def test_hundredths_are_exact_integers() -> None:
    assert hundredths(1.57) == 157
    assert hundredths(0.29) == 29
    assert hundredths(9.999) == 1000


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_values_cannot_be_rounded(bad: float) -> None:
    with pytest.raises(ValueError):
        round_half_up(bad, 2)


def _exact(value: float, places: int) -> float:
    """The definition: the decimal a person reads, noise cut off, rounded half up by Decimal."""
    cleaned = Decimal(repr(round(value, 9)))
    return float(cleaned.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@settings(max_examples=3000)
@given(st.one_of(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
                 st.integers(min_value=0, max_value=10**6).map(lambda n: n / 2000),  # ties at 4 places
                 st.integers(min_value=0, max_value=10**4).map(lambda n: n / 200)),  # ties at 2 places
       st.sampled_from([0, 1, 2, 3, 4, 6]))
def test_the_fast_path_gives_exactly_what_decimal_gives(value: float, places: int) -> None:
    assert repr(round_half_up(value, places)) == repr(_exact(value, places))
