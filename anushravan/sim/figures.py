"""Input figures that produce a wanted score: the inverse of the catalogue's KPI rules.

A KPI scores 0 at its `floor` and 1 at its `target` (DESIGN.md §3). To make a district score
`marks` on a scheme, each KPI gets the raw value r = floor + marks/10 × (target − floor),
and the scheme's input fields are chosen to give that r: denominators (what was due or
received) first, then numerators (what was achieved, or is still pending). Counts are whole
numbers, amounts in lakh and percentages carry two decimals, pending never exceeds received,
a percentage never exceeds 100 and no ratio leaves its plausibility bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from random import Random

from shared.catalog import Kpi, Scheme

Magnitude = Callable[[str], float]


def is_count(scheme: Scheme, field: str) -> bool:
    """Whether an input field holds a whole number (applications, houses) or an amount or
    percentage: the catalogue's rule (`Scheme.unit`)."""
    return scheme.unit(field) == "count"


def _amount(scheme: Scheme, field: str, value: float) -> float:
    value = max(0.0, value)
    return float(round(value)) if is_count(scheme, field) else round(value, 2)


def _typed(scheme: Scheme, field: str, value: float) -> int | float:
    """Counts as int so that they print as 26466, not 26466.0."""
    return int(value) if is_count(scheme, field) else value


def raw_for_score(kpi: Kpi, score: float, rng: Random) -> float:
    """A raw value r that scores `score` on `kpi` (clamped to [0, 1]).

    At the ends the raw value lies beyond floor or target, as real figures do.
    """
    score = min(1.0, max(0.0, score))
    if score >= 1.0:
        ceiling = 1.0 if kpi.kind != "ratio" else min(kpi.target * 1.06, kpi.max_ratio * 0.95)
        return kpi.target + rng.random() * max(0.0, ceiling - kpi.target)
    if score <= 0.0:
        return kpi.floor * rng.uniform(0.8, 1.0)
    return kpi.floor + score * (kpi.target - kpi.floor)


def split(scheme: Scheme, total: float, fields: list[str], rng: Random) -> dict[str, float]:
    """`total` shared among `fields`; counts are whole and still add up to the total."""
    if not fields:
        return {}
    weights = [0.15 + rng.random() for _ in fields]
    scale = total / math.fsum(weights)
    shares = {name: w * scale for name, w in zip(fields, weights, strict=True)}
    if not all(is_count(scheme, f) for f in fields):
        return {f: _amount(scheme, f, v) for f, v in shares.items()}
    whole = {f: float(math.floor(v)) for f, v in shares.items()}
    # Largest remainders get the units that flooring lost.
    left = round(total) - int(sum(whole.values()))
    for name in sorted(fields, key=lambda f: whole[f] - shares[f])[: max(0, left)]:
        whole[name] += 1
    return whole


def figures_for(scheme: Scheme, marks: float, magnitude: Magnitude, rng: Random) -> dict[str, int | float]:
    """Values for every input field of `scheme` that score about `marks` (0–10)."""
    values: dict[str, float] = {}
    for kpi in scheme.kpis:
        for name in kpi.denominator_fields:
            values.setdefault(name, max(1.0, _amount(scheme, name, magnitude(name))))
    for kpi in scheme.kpis:
        _fill(scheme, kpi, raw_for_score(kpi, marks / 10, rng), values, rng)
    return {name: _typed(scheme, name, values[name]) for name in scheme.input_fields}


def _fill(scheme: Scheme, kpi: Kpi, raw: float, values: dict[str, float], rng: Random) -> None:
    if kpi.kind == "percent":
        name = kpi.value or ""
        values.setdefault(name, min(100.0, round(100 * raw, 2)))
        return
    denominator = math.fsum(values[f] for f in kpi.denominator_fields)
    wanted = raw * denominator if kpi.kind == "ratio" else (1.0 - raw) * denominator
    # A field shared with an earlier KPI keeps its value; the rest make up the difference.
    known = math.fsum(values[f] for f in kpi.numerator_fields if f in values)
    free = [f for f in kpi.numerator_fields if f not in values]
    limit = denominator if kpi.kind == "inverse_ratio" else kpi.max_ratio * denominator
    values.update(split(scheme, min(limit, max(0.0, wanted - known)), free, rng))


def within_catalogue(scheme: Scheme, values: Mapping[str, float]) -> list[str]:
    """What is wrong with `values` for `scheme` by the catalogue's rules (empty: nothing).

    Exactly the scheme's fields, each finite and ≥ 0, counts whole, percentages at most 100,
    pending at most received and ratios within their plausibility bound.
    """
    problems = [f"unexpected field {f}" for f in values if f not in scheme.input_fields]
    problems += [f"missing field {f}" for f in scheme.input_fields if f not in values]
    for name, value in values.items():
        if not (math.isfinite(value) and value >= 0):
            problems.append(f"{name} = {value} is not a finite number ≥ 0")
        elif is_count(scheme, name) and value != int(value):
            problems.append(f"{name} = {value} is not a whole number")
    for kpi in scheme.kpis:
        if any(f not in values for f in kpi.input_fields):
            continue
        if kpi.kind == "percent":
            if values[kpi.value or ""] > 100:
                problems.append(f"{kpi.value} = {values[kpi.value or '']} is above 100 %")
            continue
        top = math.fsum(values[f] for f in kpi.numerator_fields)
        bottom = math.fsum(values[f] for f in kpi.denominator_fields)
        bound = bottom if kpi.kind == "inverse_ratio" else kpi.max_ratio * bottom
        if top > bound:
            problems.append(f"{kpi.id}: {top} exceeds {bound}")
    return problems
