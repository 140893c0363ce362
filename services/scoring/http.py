"""The scoring API (CONTRACT.md §4, viewer role): rankings, composites, a district's scores and
the explanation of its composite's move since the previous period."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from services.scoring.domain.explain import SchemeResult, explain_change
from services.scoring.queries import Queries
from shared.catalog_view import CatalogView
from shared.districts import district_ids
from shared.events.ingest import SLUG
from shared.http import ApiError, error, require
from shared.params import PeriodPath as Period
from shared.periods import previous_period

Slug = Annotated[str, Path(pattern=SLUG, max_length=80)]


def _missing(field: str, code: str, message: str) -> ApiError:
    return ApiError(404, [error(field, code, message)])


def _known_district(district: str) -> None:
    if district not in district_ids():
        raise _missing("district", "unknown_district", f"no district {district!r}")


def scoring_router(queries: Queries, catalog: CatalogView) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["scoring"], dependencies=[Depends(require("viewer"))])

    @router.get("/rankings/{scheme}/{period}", summary="The latest scheme.ranked.v1 data")
    async def ranking(scheme: Slug, period: Period) -> dict[str, Any]:
        doc = await queries.ranking(scheme, period)
        if doc is None:
            if catalog.get(scheme) is None:
                raise _missing("scheme", "unknown_scheme", f"no scheme {scheme!r}")
            raise _missing("period", "not_found", f"no ranking of {scheme!r} for {period}")
        return doc

    @router.get("/composite/{period}", summary="The latest composite.ranked.v1 data")
    async def composite(period: Period) -> dict[str, Any]:
        doc = await queries.composite(period)
        if doc is None:
            raise _missing("period", "not_found", f"no composite ranking for {period}")
        return doc

    @router.get("/districts/{district}/{period}", summary="Every scheme's score for the district")
    async def district_scores(district: Slug, period: Period) -> dict[str, Any]:
        _known_district(district)
        scores = await queries.scores(district, period)
        if not scores:
            raise _missing("period", "not_found", f"no scores of {district!r} for {period}")
        return {"district": district, "period": period,
                "composite": await queries.composite_of(district, period), "schemes": scores}

    @router.get("/districts/{district}/{period}/explain",
                summary="Why the composite moved since the previous period, largest contribution first")
    async def explain(district: Slug, period: Period) -> dict[str, Any]:
        _known_district(district)
        before_period = previous_period(period)
        after = await _results(queries, district, period)
        before = await _results(queries, district, before_period)
        if not after and not before:
            raise _missing("period", "not_found", f"no scores of {district!r} for {period} or {before_period}")
        explanation = explain_change(before, after, catalog.schemes.values())
        return {"district": district, "period": period, "previous_period": before_period,
                **explanation.to_dict()}

    return router


async def _results(queries: Queries, district: str, period: str) -> dict[str, SchemeResult]:
    return {s["scheme"]: SchemeResult(s["marks"], s["kpis"] or {})
            for s in await queries.scores(district, period) if s["status"] == "scored"}
