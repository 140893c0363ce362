"""How published numbers are rounded: half up, as in the state's published lists.

Python's `round` rounds exact ties to even and sees the binary value, so `round(0.125, 2)`
is 0.12 and `round(2.675, 2)` is 2.67, while the state's spreadsheets print 0.13 and 2.68.
Marks decide grades and ranks, so every service must round them the same way: through here.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

MARKS_PLACES = 2
SCORE_PLACES = 4
# Arithmetic noise (0.1 + 0.2 = 0.30000000000000004) lives far below this many places; cutting
# it off first makes a value that is mathematically a tie round up, whatever its binary form.
_NOISE_PLACES = 9


def round_half_up(value: float, places: int) -> float:
    """`value` rounded to `places` decimals, ties away from zero (non-decreasing in `value`)."""
    if not math.isfinite(value):
        raise ValueError(f"cannot round {value!r}")
    if value == 0.0:
        return value
    scale = _SCALE.get(places)
    if scale is not None and 0.0 < value * scale < _EXACT:
        scaled = value * scale
        whole = math.floor(scaled)
        if abs(scaled - whole - 0.5) > _NEAR_TIE:
            # Far from a tie, neither noise nor the product's rounding can move the result: the
            # nearest integer over 10^places, and an integer divided by a power of ten is
            # rounded correctly, as Decimal's float() is. Several times faster than Decimal;
            # near-ties and everything else take the exact path below.
            return (whole + (scaled - whole > 0.5)) / scale
    cleaned = Decimal(repr(round(value, _NOISE_PLACES)))
    return float(cleaned.quantize(_quantum(places), rounding=ROUND_HALF_UP))


_SCALE = {places: float(10**places) for places in range(5)}
_EXACT = 2.0**50  # below it a float's fraction is exact to far better than _NEAR_TIE
_NEAR_TIE = 1e-4  # the noise cut off at _NOISE_PLACES is at most 5e-10 × 10^places ≤ 5e-6


@functools.cache
def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def round_marks(marks: float) -> float:
    """Marks as published: two decimals."""
    return round_half_up(marks, MARKS_PLACES)


def round_score(score: float) -> float:
    """A KPI score as published: four decimals."""
    return round_half_up(score, SCORE_PLACES)


def hundredths(marks: float) -> int:
    """Two-decimal marks as an exact integer, the key that ranks compare."""
    return round(round_marks(marks) * 100)
