"""Why a unit's composite moved between two periods (CONTRACT §4, `…/explain`).

Each graded scheme contributes composite_weight × (after − before) / Σ composite_weight to
the change in composite marks (a scheme without an accepted submission counts 0), and
inside a scheme each KPI contributes its share of the scheme's change in marks,
10 × weightₖ × (afterₖ − beforeₖ) / Σ weightₖ, scaled the same way. Contributions are in
composite marks, rounded to four decimals, largest (by absolute value) first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.scoring.domain.composite import composite_marks
from services.scoring.domain.rounding import round_marks, round_score
from shared.catalog import Scheme


@dataclass(frozen=True)
class SchemeResult:
    """A unit's published result on one scheme: marks and KPI scores."""

    marks: float
    kpis: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class KpiContribution:
    kpi: str
    before: float | None
    after: float | None
    contribution: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kpi": self.kpi,
            "before": self.before,
            "after": self.after,
            "contribution": self.contribution,
        }


@dataclass(frozen=True)
class SchemeContribution:
    scheme: str
    before: float | None
    after: float | None
    contribution: float
    kpis: tuple[KpiContribution, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "before": self.before,
            "after": self.after,
            "contribution": self.contribution,
            "kpis": [k.to_dict() for k in self.kpis],
        }


@dataclass(frozen=True)
class Explanation:
    """Composite marks before and after, their change, and each scheme's share of it."""

    before: float
    after: float
    change: float
    schemes: tuple[SchemeContribution, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "change": self.change,
            "schemes": [s.to_dict() for s in self.schemes],
        }


def explain_change(
    before: Mapping[str, SchemeResult], after: Mapping[str, SchemeResult], schemes: Iterable[Scheme]
) -> Explanation:
    """Each graded scheme's and KPI's contribution to the change in composite marks.

    `before` and `after` map scheme ids to the unit's results in the two periods; schemes
    in neither are left out of the list (they contribute nothing).
    """
    graded = [s for s in schemes if s.graded]
    total_weight = math.fsum(s.composite_weight for s in graded)
    rows = [
        _scheme_contribution(s, before.get(s.id), after.get(s.id), s.composite_weight / total_weight)
        for s in graded
        if s.id in before or s.id in after
    ]
    composite_before = composite_marks({k: r.marks for k, r in before.items()}, graded).marks
    composite_after = composite_marks({k: r.marks for k, r in after.items()}, graded).marks
    return Explanation(
        before=composite_before,
        after=composite_after,
        change=round_marks(composite_after - composite_before),
        schemes=tuple(sorted(rows, key=lambda r: (-abs(r.contribution), r.scheme))),
    )


def _scheme_contribution(
    scheme: Scheme, before: SchemeResult | None, after: SchemeResult | None, share: float
) -> SchemeContribution:
    kpi_weight = math.fsum(k.weight for k in scheme.kpis)
    kpis = []
    for kpi in scheme.kpis:
        old = before.kpis.get(kpi.id) if before else None
        new = after.kpis.get(kpi.id) if after else None
        change = 10 * kpi.weight * ((new or 0.0) - (old or 0.0)) / kpi_weight
        kpis.append(KpiContribution(kpi.id, old, new, round_score(share * change)))
    old_marks = before.marks if before else None
    new_marks = after.marks if after else None
    return SchemeContribution(
        scheme=scheme.id,
        before=old_marks,
        after=new_marks,
        contribution=round_score(share * ((new_marks or 0.0) - (old_marks or 0.0))),
        kpis=tuple(sorted(kpis, key=lambda k: (-abs(k.contribution), k.kpi))),
    )
