"""Reads for whole-state views (the console's overview and history charts): every district's
grade on every scheme in a period, the periods with scores, and a district's composite and
scheme ranks over a financial year. Each is one indexed query, never one per district."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document
from services.scoring.schema import COMPOSITES, PERIODS, RANKINGS, SCORES, ranking_key

CELL_FIELDS = {"_id": 0, "scheme": 1, "district": 1, "status": 1, "marks": 1, "grade": 1}


class ScorecardQueries:
    def __init__(self, database: Callable[[], AsyncDatabase[Document]]) -> None:
        self._database = database

    @property
    def db(self) -> AsyncDatabase[Document]:
        return self._database()

    async def cells(self, period: str) -> list[Document]:
        """Every current score of the period (index `period_1_district_1`)."""
        cursor = self.db[SCORES].find({"period": period}, CELL_FIELDS).sort("district", 1)
        return await cursor.to_list(None)

    async def periods(self) -> list[Document]:
        """Each period with a composite ranking, newest first, and whether it is frozen."""
        composites = await self.db[COMPOSITES].find({}, {"_id": 1, "final": 1}).to_list(None)
        frozen = {d["_id"] async for d in self.db[PERIODS].find({"frozen": True}, {"_id": 1})}
        rows = [{"period": d["_id"], "final": bool(d.get("final")), "frozen": d["_id"] in frozen}
                for d in composites]
        return sorted(rows, key=lambda r: r["period"], reverse=True)

    async def composite_months(self, district: str, periods: Sequence[str]) -> list[Document]:
        """The district's composite in each period that has one (by `_id`: no scan)."""
        out = []
        async for doc in self.db[COMPOSITES].find({"_id": {"$in": list(periods)}}):
            row = next((r for r in doc.get("ranks", []) if r["district"] == district), None)
            if row is not None:
                out.append({"period": doc["_id"], "marks": row["marks"], "rank": row["rank"], "of": doc["of"],
                            "final": bool(doc.get("final"))})
        return sorted(out, key=lambda r: r["period"])

    async def scheme_months(self, district: str, scheme: str, periods: Sequence[str]) -> list[Document]:
        """The district's rank on one scheme in each period ranked (rankings by `_id`)."""
        keys = [ranking_key(scheme, p) for p in periods]
        out = []
        async for doc in self.db[RANKINGS].find({"_id": {"$in": keys}}):
            row = next((r for r in doc.get("ranks", []) if r["district"] == district), None)
            if row is not None:
                out.append({"period": doc["period"], "marks": row["marks"], "grade": row.get("grade"),
                            "rank": row["rank"], "of": doc["of"], "final": bool(doc.get("final"))})
        return sorted(out, key=lambda r: r["period"])


def scorecard(period: str, cells: Sequence[Document]) -> dict[str, Any]:
    """`{"period", "districts": {district: {scheme: {"marks", "grade", "status"}}}}`."""
    districts: dict[str, dict[str, Any]] = {}
    for cell in cells:
        districts.setdefault(cell["district"], {})[cell["scheme"]] = {
            "marks": cell.get("marks"), "grade": cell.get("grade"), "status": cell["status"]}
    return {"period": period, "districts": districts}
