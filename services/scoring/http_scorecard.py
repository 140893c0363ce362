"""Whole-state reads for dashboards (viewer role), beside the contract's endpoints: the periods
with scores, a period's scorecard of districts × schemes, and a district's composite and scheme
ranks over a financial year. Documented in services/scoring/README.md."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from services.scoring.scorecard_queries import ScorecardQueries, scorecard
from shared.catalog_view import CatalogView
from shared.districts import district_ids
from shared.events.ingest import PERIOD, SLUG
from shared.http import ApiError, error, require
from shared.periods import fy_periods

Period = Annotated[str, Path(pattern=PERIOD, description="YYYY-MM")]
Slug = Annotated[str, Path(pattern=SLUG, max_length=80)]
FinancialYear = Annotated[str, Path(pattern=r"^\d{4}-\d{2}$", description="e.g. 2025-26")]


def _months(financial_year: str) -> list[str]:
    start = int(financial_year[:4])
    if f"{(start + 1) % 100:02d}" != financial_year[5:]:
        raise ApiError(422, [error("financial_year", "invalid", f"{financial_year!r} is not a financial "
                                   "year such as 2025-26")])
    return fy_periods(f"{start + 1:04d}-03")


def _known(district: str, scheme: str | None = None, catalog: CatalogView | None = None) -> None:
    if district not in district_ids():
        raise ApiError(404, [error("district", "unknown_district", f"no district {district!r}")])
    if scheme is not None and catalog is not None and catalog.get(scheme) is None and scheme not in catalog.retired:
        raise ApiError(404, [error("scheme", "unknown_scheme", f"no scheme {scheme!r}")])


def scorecard_router(queries: ScorecardQueries, catalog: CatalogView) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["dashboards"], dependencies=[Depends(require("viewer"))])

    @router.get("/periods", summary="Periods with a composite ranking, newest first, and the latest")
    async def periods() -> dict[str, Any]:
        rows = await queries.periods()
        return {"latest": rows[0]["period"] if rows else None, "periods": rows}

    @router.get("/scorecard/{period}", summary="Every district's marks and grade on every scheme")
    async def period_scorecard(period: Period) -> dict[str, Any]:
        cells = await queries.cells(period)
        if not cells:
            raise ApiError(404, [error("period", "not_found", f"no scores for {period}")])
        return scorecard(period, cells)

    @router.get("/history/{district}/{financial_year}", summary="The district's composite per month of the year")
    async def composite_history(district: Slug, financial_year: FinancialYear) -> dict[str, Any]:
        months = _months(financial_year)
        _known(district)
        return {"district": district, "financial_year": financial_year,
                "months": await queries.composite_months(district, months)}

    @router.get("/history/{district}/{financial_year}/{scheme}",
                summary="The district's marks, grade and rank on one scheme per month of the year")
    async def scheme_history(district: Slug, financial_year: FinancialYear, scheme: Slug) -> dict[str, Any]:
        months = _months(financial_year)
        _known(district, scheme, catalog)
        return {"district": district, "scheme": scheme, "financial_year": financial_year,
                "months": await queries.scheme_months(district, scheme, months)}

    return router
