"""A KPI's raw value and its score in [0, 1] (DESIGN.md §3, scheme catalogue)."""

from __future__ import annotations

from collections.abc import Mapping

from shared.catalog import Kpi
from shared.kpi_value import field_sum, raw_value

# The raw value is one rule for scoring and the minutes (shared/kpi_value.py); re-exported here
# because the scoring domain reads it as its own.
__all__ = ["field_sum", "kpi_score", "raw_value"]


def kpi_score(kpi: Kpi, values: Mapping[str, float]) -> float:
    """The KPI's score: r scaled linearly from `floor` (0) to `target` (1), clamped to [0, 1].

    Unrounded; scores are published with four decimals (`rounding.round_score`).
    """
    scaled = (raw_value(kpi, values) - kpi.floor) / (kpi.target - kpi.floor)
    return min(1.0, max(0.0, scaled))
