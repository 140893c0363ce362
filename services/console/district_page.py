"""A district's page (`/districts/{district}`): its composite over the financial year, each
department's schemes, a scheme's rank history (`?scheme=`), and why the composite moved."""

from __future__ import annotations

import asyncio
from typing import Any

from services.console.domain import charts
from services.console.domain import district as dd
from services.console.domain.access import Viewer, visible_departments
from services.console.reads import Reads
from services.console.web import PageError
from shared.catalog import Scheme
from shared.districts import District, load_districts, load_divisions
from shared.periods import financial_year, previous_period


def known_district(district: str) -> District:
    found = next((d for d in load_districts() if d.id == district), None)
    if found is None:
        raise PageError(404, "unknown_district", id=district[:80])
    return found


async def district_view(reads: Reads, schemes: list[Scheme], viewer: Viewer, unit: District, period: str,
                        scheme: Scheme | None) -> dict[str, Any]:
    scores, previous, history, explain = await asyncio.gather(
        reads.district(unit.id, period), reads.district(unit.id, previous_period(period)),
        reads.history(unit.id, period), reads.explain(unit.id, period))
    allowed = visible_departments(viewer)
    months = [m for m in dd.months(history) if m.period <= period]
    best, worst = dd.best_and_worst(months)
    of = max((m.of for m in months), default=75)
    context: dict[str, Any] = {
        "unit": unit, "division": next(d.name for d in load_divisions() if d.id == unit.division),
        "composite": (scores or {}).get("composite"), "fy": financial_year(period),
        "sections": dd.sections(schemes, scores, previous, allowed), "months": months,
        "rank_chart": charts.line_chart([(m.period, m.rank) for m in months], 1, of, invert=True,
                                        best=best, worst=worst),
        "marks_chart": charts.line_chart([(m.period, m.marks) for m in months], 0, 10),
        "best": best, "worst": worst, "explain": None, "scheme": scheme, "scheme_months": [],
        "names": {s.id: s.name for s in schemes}, "documents": allowed is None}
    if explain and allowed is None:  # a department user sees its own schemes only, not the whole composite
        steps = [(s["scheme"], s["contribution"]) for s in explain.get("schemes", [])]
        context["explain"] = explain
        context["waterfall"] = charts.waterfall(explain["before"], steps, explain["after"])
    if scheme is not None:
        if allowed is not None and scheme.department.id not in allowed:
            raise PageError(403, "forbidden_scheme")
        rows = (await reads.scheme_history(unit.id, scheme.id, period) or {}).get("months", [])
        rows = [r for r in rows if r["period"] <= period]
        context["scheme_months"] = rows
        worst_of = max((r["of"] for r in rows), default=75)
        context["scheme_chart"] = charts.line_chart([(r["period"], r["rank"]) for r in rows], 1, worst_of,
                                                    invert=True, height=180)
    return context
