"""Hypothesis strategies for the targets' properties: a scheme and an accepted submission.

Schemes have one to three KPIs of every kind, floors and targets (some targets beyond 1, so
that a KPI can be unable to get there), plausibility bounds, grade bands, count and amount
fields, pendencies spread over several fields, and sometimes fields shared between KPIs: a
denominator shared by two ratios (as PMAY's houses sanctioned), or one KPI's numerator used
as another's denominator (as JSY's institutional deliveries), which leaves it no lever.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from services.scoring.domain.plausibility import implausible
from shared.catalog import Kpi, Scheme
from tests.unit.scoring.scoring_builders import kpi, scheme

Case = tuple[Scheme, dict[str, float]]


def _amount(draw: st.DrawFn, top: float, unit: str) -> float:
    """A figure in [0, top]: whole for counts, with two decimals for amounts."""
    value = draw(st.floats(min_value=0, max_value=max(0.0, top), allow_nan=False))
    if unit == "count":
        return float(int(value))
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding="ROUND_FLOOR"))


@st.composite
def _bounds(draw: st.DrawFn) -> dict[str, float]:
    floor = draw(st.sampled_from([0.0, 0.3, 0.5, 0.8, 0.9, 0.94]))
    target = draw(st.sampled_from([0.95, 0.98, 0.99, 1.0, 1.0, 1.05, 1.3]))
    return {"floor": floor, "target": max(target, floor + 0.05), "weight": draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))}


@st.composite
def _kpi(draw: st.DrawFn, index: int, values: dict[str, float], shared: str | None) -> Kpi:
    kind = draw(st.sampled_from(["ratio", "ratio", "inverse_ratio", "percent"]))
    bounds = draw(_bounds())
    if kind == "percent":
        field = f"progress{index}_percent"
        values[field] = _amount(draw, 100.0, "percent")
        return kpi(f"k{index}", kind, value=field, **bounds)
    unit = draw(st.sampled_from(["count", "count", "amount"])) if shared is None else "count"
    suffix = "_lakh" if unit == "amount" else ""
    denominator = shared or f"due{index}{suffix}"
    if denominator not in values:
        values[denominator] = _amount(draw, draw(st.sampled_from([0.0, 40.0, 3_000.0, 200_000.0])), unit)
    max_ratio = draw(st.sampled_from([1.0, 1.2, 1.5, 5.0]))
    top = (1.0 if kind == "inverse_ratio" else max_ratio) * values[denominator]
    numerator = [f"done{index}{part}{suffix}" for part in "abc"[: draw(st.integers(1, 3))]]
    for field in numerator:
        values[field] = _amount(draw, top / len(numerator), unit)
    return kpi(f"k{index}", kind, numerator=numerator, denominator=denominator, max_ratio=max_ratio, **bounds)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A graded scheme and the figures of an accepted (plausible) submission for it."""
    values: dict[str, float] = {}
    made: list[Kpi] = []
    for index in range(draw(st.integers(1, 3))):
        shared = None
        previous = made[-1] if made else None
        if previous is not None and previous.kind == "ratio" and draw(st.integers(0, 4)) == 0:
            shared = draw(st.sampled_from([previous.denominator_fields[0], previous.numerator_fields[0]]))
            if shared.endswith("_lakh"):
                shared = None
        made.append(draw(_kpi(index, values, shared)))
    bands: dict[str, Any] = draw(st.sampled_from([
        {}, {"grade_bands": {"A": 9.0, "B": 6.0, "C": 3.0}}, {"grade_bands": {"A": 8.5, "B": 6.25, "C": 2.005}},
    ]))
    made_scheme = scheme(kpis=made, **bands)
    assume(not implausible(made_scheme, values))
    return made_scheme, values
