"""A scheme's page (`/schemes/{scheme}`): every district ranked with movement, the distribution
of marks with the grade thresholds, and the KPIs with their weights."""

from __future__ import annotations

import asyncio
from typing import Any

from services.console.domain import charts
from services.console.reads import Reads
from services.console.web import PageError
from shared.catalog import Scheme
from shared.catalog_view import CatalogView
from shared.districts import load_districts
from shared.periods import previous_period


def known_scheme(catalog: CatalogView, scheme: str) -> Scheme:
    found = catalog.get(scheme)
    if found is None:
        raise PageError(404, "unknown_scheme", id=scheme[:80])
    return found


async def scheme_view(reads: Reads, scheme: Scheme, period: str) -> dict[str, Any]:
    ranking, previous = await asyncio.gather(reads.ranking(scheme.id, period),
                                             reads.ranking(scheme.id, previous_period(period)))
    units = {d.id: d for d in load_districts()}
    before = {r["district"]: r["rank"] for r in (previous or {}).get("ranks", [])}
    rows = [{**r, "unit": units.get(r["district"]), "previous_rank": before.get(r["district"])}
            for r in (ranking or {}).get("ranks", []) if r["district"] in units]
    marks = [float(r["marks"]) for r in rows if r.get("marks") is not None]
    total = sum(k.weight for k in scheme.kpis) or 1.0
    return {"scheme": scheme, "ranking": ranking, "rows": rows, "unranked": len(units) - len(rows),
            "histogram": charts.histogram(marks, scheme.grade_bands if scheme.graded else {}),
            "kpis": [(k, k.weight / total) for k in scheme.kpis]}
