"""A KPI's raw value from submitted figures (DESIGN.md §3): scoring scales it into a score,
the minutes state it in the KPI's own terms ("disposal 84 % → 16 %"). One rule for both."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from shared.catalog import Kpi


def field_sum(fields: Sequence[str], values: Mapping[str, float]) -> float:
    """The sum of the named input fields (a numerator or denominator may name several)."""
    if len(fields) == 1:  # most name one: fsum of one number is that number
        return float(values[fields[0]])
    return math.fsum(float(values[name]) for name in fields)


def raw_value(kpi: Kpi, values: Mapping[str, float]) -> float:
    """The KPI's raw value r from a submission's validated input values.

    `ratio`: numerator / denominator; `inverse_ratio`: 1 - numerator / denominator;
    `percent`: the input divided by 100. With a zero denominator, nothing was due: a
    pendency KPI with nothing pending is perfect (1.0), anything else achieved nothing (0.0).
    """
    if kpi.kind == "percent":
        return float(values[kpi.value or ""]) / 100
    numerator = field_sum(kpi.numerator_fields, values)
    denominator = field_sum(kpi.denominator_fields, values)
    if denominator == 0:
        return 1.0 if kpi.kind == "inverse_ratio" and numerator == 0 else 0.0
    ratio = numerator / denominator
    return 1.0 - ratio if kpi.kind == "inverse_ratio" else ratio
