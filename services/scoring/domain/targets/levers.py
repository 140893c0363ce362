"""Which of a KPI's input figures a district can move, which way, and in what steps.

A district acts on what it achieves, never on what was due: it raises a ratio's numerator
(houses completed), disposes of what is pending under a pendency (`inverse_ratio`), or
raises a percentage. Denominators (targets, applications received) are fixed for the month.

A field that also feeds another KPI of the scheme the opposite way (the numerator of one
ratio and the denominator of another) is no lever: moving it would help one KPI and hurt
the other, so "the smallest change" would not be well defined. Every lever therefore moves
the scheme's marks one way only, which is what makes the search for the smallest change exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from shared.catalog import FieldUnit, Kpi, Scheme

from .model import Direction

COUNT_STEP = Decimal(1)
DECIMAL_STEP = Decimal("0.01")  # amounts (₹ lakh) and percentages are reported with two decimals

# How raising a field moves a KPI's score, by the KPI's kind and the field's role in it.
_EFFECT = {
    ("ratio", "numerator"): 1, ("ratio", "denominator"): -1,
    ("inverse_ratio", "numerator"): -1, ("inverse_ratio", "denominator"): 1,
    ("percent", "value"): 1,
}


@dataclass(frozen=True)
class Lever:
    """The fields that move for one KPI: one raised field, or the pending fields reduced."""

    kpi: Kpi
    direction: Direction
    fields: tuple[str, ...]
    unit: FieldUnit

    @property
    def step(self) -> Decimal:
        """The smallest move: one for counts, 0.01 for amounts and percentages."""
        return COUNT_STEP if self.unit == "count" else DECIMAL_STEP


def _roles(kpi: Kpi) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if kpi.kind == "percent":
        return (("value", (kpi.value or "",)),)
    return (("numerator", kpi.numerator_fields), ("denominator", kpi.denominator_fields))


def _one_way(scheme: Scheme, field: str, sign: int) -> bool:
    """Whether moving `field` by `sign` moves no KPI of the scheme backwards."""
    return all(
        _EFFECT[(kpi.kind, role)] * sign >= 0
        for kpi in scheme.kpis
        for role, fields in _roles(kpi)
        if field in fields
    )


def lever_for(scheme: Scheme, kpi: Kpi) -> Lever | None:
    """The KPI's lever, or None when each of its candidate fields also works against another KPI.

    A ratio moves its first numerator field (numerators are summed, so any one would do); a
    pendency reduces all its pending fields together (largest first, see `moved`).
    """
    if kpi.kind == "inverse_ratio":
        direction: Direction = "reduce"
        candidates = kpi.numerator_fields
    else:
        direction = "raise"
        candidates = (kpi.value or "",) if kpi.kind == "percent" else kpi.numerator_fields
    sign = 1 if direction == "raise" else -1
    usable = tuple(f for f in candidates if _one_way(scheme, f, sign))
    if not usable:
        return None
    fields = usable if direction == "reduce" else usable[:1]
    return Lever(kpi=kpi, direction=direction, fields=fields, unit=scheme.unit(fields[0]))


def decimal(value: float) -> Decimal:
    """A float as the decimal it was written as (0.1 is 0.1, not 0.1000000000000000055…)."""
    return Decimal(repr(float(value)))


def movable(lever: Lever, values: Mapping[str, float]) -> Decimal:
    """How far the fields can move at all: the pending total, or room up to 100 % for a percent.

    Unbounded (infinity) for a ratio's numerator; its plausibility bound is checked apart.
    """
    if lever.direction == "reduce":
        return sum((decimal(values[f]) for f in lever.fields), Decimal(0))
    if lever.kpi.kind == "percent":
        return max(Decimal(0), Decimal(100) - decimal(values[lever.fields[0]]))
    return Decimal("Infinity")


def moved(lever: Lever, values: Mapping[str, float], steps: int) -> dict[str, float]:
    """`values` with the lever moved by `steps` steps.

    A reduction is taken from the largest pending field first (ties in catalogue order), so
    that as few fields as possible change; the total is what the score depends on.
    """
    result = dict(values)
    amount = lever.step * steps
    if lever.direction == "raise":
        result[lever.fields[0]] = float(decimal(values[lever.fields[0]]) + amount)
        return result
    for field in taking_order(lever, values):
        current = decimal(values[field])
        taken = min(current, amount)
        result[field] = float(current - taken)
        amount -= taken
    return result


def taking_order(lever: Lever, values: Mapping[str, float]) -> list[str]:
    """The lever's fields in the order a reduction takes from them: largest first."""
    return sorted(lever.fields, key=lambda f: (-values[f], lever.fields.index(f)))


def steps_for(amount: float, lever: Lever) -> int:
    """The whole number of steps that covers `amount` (rounded up; none for amount ≤ 0)."""
    if amount <= 0:
        return 0
    return math.ceil(decimal(amount) / lever.step)
