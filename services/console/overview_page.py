"""The state overview (`/`): map, composite ranking with movement, grade census, largest
movers and the scorecard heat map, for a period, a division and a department."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from services.console.domain import overview as ov
from services.console.domain.access import Viewer, visible_departments
from services.console.reads import Reads
from services.console.web import PageError
from shared.catalog import Scheme
from shared.districts import load_districts, load_divisions
from shared.periods import previous_period


@cache
def district_map() -> dict[str, Any]:
    """The shipped boundaries (services/console/data/README.md), read once."""
    return json.loads(files("services.console").joinpath("data/up_districts.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class OverviewQuery:
    division: str | None
    department: str | None
    sort: ov.Sort
    colour: str

    @classmethod
    def parse(cls, params: dict[str, str], schemes: list[Scheme]) -> OverviewQuery:
        division = params.get("division") or None
        department = params.get("department") or None
        if division and division not in {d.id for d in load_divisions()}:
            raise PageError(404, "unknown_page", id=f"division={division[:40]}")
        if department and department not in {s.department.id for s in schemes}:
            raise PageError(404, "unknown_page", id=f"department={department[:40]}")
        sort = params.get("sort", "rank")
        colour = params.get("colour", "rank")
        return cls(division, department, sort if sort in ov.SORTS else "rank",
                   colour if colour in ("rank", "grades") else "rank")

    def key(self) -> tuple[str, ...]:
        return (self.division or "", self.department or "", self.sort, self.colour)


async def overview(reads: Reads, schemes: list[Scheme], viewer: Viewer, period: str,
                   query: OverviewQuery) -> dict[str, Any]:
    composite, previous, scorecard = await asyncio.gather(
        reads.composite(period), reads.composite(previous_period(period)), reads.scorecard(period))
    units = [ov.Unit(d.id, d.name, d.division) for d in load_districts()]
    counts = ov.d_counts(scorecard, [s.id for s in schemes if s.graded])
    rows = ov.ranking(units, composite, previous, counts)
    shown = ov.in_division(rows, query.division)
    allowed = visible_departments(viewer)
    columns = [s for s in schemes if (allowed is None or s.department.id in allowed)
               and (query.department is None or s.department.id == query.department)]
    up, down = ov.movers(shown)
    bands = {r.unit.id: (ov.rank_band(r) if query.colour == "rank" else ov.d_band(r.d_count)) for r in rows}
    return {"composite": composite, "rows": shown, "all_rows": rows, "up": up, "down": down,
            "census": ov.census({r.unit.id: r.d_count for r in shown if r.d_count is not None}),
            "heat": ov.heatmap(shown, scorecard, columns, query.sort), "columns": columns,
            "bands": bands, "map": district_map(), "query": query, "divisions": load_divisions(),
            "departments": sorted({s.department.id: s.department for s in schemes}.values(), key=lambda d: d.id),
            "of": (composite or {}).get("of") or len(units), "units": len(units)}
