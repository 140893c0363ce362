"""Figures that cannot be right: accepted, but quarantined (DESIGN.md §3, submissions).

A district reporting 848.49 % progress would distort everyone's ranking, so such a
submission is kept out of scores and ranks until a corrected revision arrives.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.scoring.domain.kpi import field_sum
from shared.catalog import Kpi, Scheme
from shared.events.ingest import Reason

# For `percent` KPIs the bound is fixed at 100 %: `max_ratio` bounds ratios only (CONTRACT §3).
PERCENT_LIMIT = 100.0


def implausible(scheme: Scheme, values: Mapping[str, float]) -> list[Reason]:
    """One reason (code `implausible`, field `kpis.<kpi id>`) per KPI out of its bounds.

    ratio / inverse_ratio: numerator > max_ratio × denominator; for `ratio`, any numerator
    above a zero denominator too (achievement without a target). A pendency
    (`inverse_ratio`) with a zero denominator is not flagged: it scores 0.
    percent: an input above 100.
    """
    reasons = []
    for kpi in scheme.kpis:
        message = _problem(kpi, values)
        if message is not None:
            reasons.append(Reason(field=f"kpis.{kpi.id}", code="implausible", message=message))
    return reasons


def _problem(kpi: Kpi, values: Mapping[str, float]) -> str | None:
    if kpi.kind == "percent":
        value = float(values[kpi.value or ""])
        if value > PERCENT_LIMIT:
            return f"{kpi.id} {_number(value)} % is above {_number(PERCENT_LIMIT)} %"
        return None
    numerator = field_sum(kpi.numerator_fields, values)
    denominator = field_sum(kpi.denominator_fields, values)
    if denominator == 0:
        if kpi.kind == "ratio" and numerator > 0:
            return f"{_top(kpi, numerator)} against a zero {_fields(kpi.denominator_fields)}"
        return None
    if numerator > kpi.max_ratio * denominator:
        return (f"{_top(kpi, numerator)} is more than {_number(kpi.max_ratio)} × "
                f"{_fields(kpi.denominator_fields)} {_number(denominator)}")
    return None


def _top(kpi: Kpi, numerator: float) -> str:
    # Messages are built only for the rare figure that is flagged (this runs for every KPI).
    return f"{kpi.id}: {_fields(kpi.numerator_fields)} {_number(numerator)}"


def _fields(names: tuple[str, ...]) -> str:
    return " + ".join(names)


def _number(value: float) -> str:
    """848.49 stays 848.49, 26466.0 prints as 26466."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
