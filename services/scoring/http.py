"""The scoring API (CONTRACT.md §4): rankings and composites with names, previous rank and
movement; a district's scores; why its composite moved, with its rank before and after; and
what became of a submission. `latest` is accepted wherever a period is (shared/latest.py).

Viewers read everything; a submitter key reads its own departments' scores and submissions
(the pages its receipts link to)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from services.scoring.domain.explain import SchemeResult, explain_change
from services.scoring.domain.ranking_view import annotate, standing
from services.scoring.outcome import outcome
from services.scoring.queries import Queries
from shared.auth import Principal
from shared.catalog_view import CatalogView
from shared.districts import district_ids, load_districts
from shared.events.ingest import SLUG
from shared.http import ApiError, error, require
from shared.latest import is_latest
from shared.params import PeriodPath as Period
from shared.periods import previous_period
from shared.suggest import unknown

Slug = Annotated[str, Path(pattern=SLUG, max_length=80)]
Viewer = Annotated[Principal, Depends(require("viewer"))]
Reader = Annotated[Principal, Depends(require("viewer", "submitter"))]


def _missing(field: str, code: str, message: str) -> ApiError:
    return ApiError(404, [error(field, code, message)])


def _known_district(district: str) -> None:
    if district not in district_ids():
        raise _missing("district", "unknown_district", unknown("district", district, district_ids()))


def district_names() -> dict[str, dict[str, str]]:
    return {d.id: d.name.model_dump() for d in load_districts()}


def _constant(value: str | None) -> Callable[[], Awaitable[str | None]]:
    async def found() -> str | None:
        return value

    return found


async def resolve(period: str, latest: Callable[[], Awaitable[str | None]], what: str) -> str:
    """The period asked for, or the latest one that has `what`; 404 when there is none."""
    if not is_latest(period):
        return period
    found = await latest()
    if found is None:
        raise _missing("period", "not_found", f"no period has {what} yet")
    return found


def scoring_router(queries: Queries, catalog: CatalogView) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["scoring"])

    def known_scheme(scheme: str) -> None:
        if catalog.get(scheme) is None:
            raise _missing("scheme", "unknown_scheme", unknown("scheme", scheme, catalog.schemes))

    @router.get("/rankings/{scheme}/{period}", summary="The latest scheme.ranked.v1 data, with names and movement")
    async def ranking(scheme: Slug, period: Period, _: Viewer) -> dict[str, Any]:
        latest = await queries.latest_ranking_period(scheme)
        if latest is None:  # nothing ever ranked: a typo is likelier than a scheme without figures
            known_scheme(scheme)
        period = await resolve(period, _constant(latest), f"a ranking of {scheme!r}")
        doc = await queries.ranking(scheme, period)
        if doc is None:
            known_scheme(scheme)
            raise _missing("period", "not_found", f"no ranking of {scheme!r} for {period}")
        before = await queries.ranking(scheme, previous_period(period))
        return annotate(doc, before, district_names())

    @router.get("/composite/{period}", summary="The latest composite.ranked.v1 data, with names and movement")
    async def composite(period: Period, _: Viewer) -> dict[str, Any]:
        period = await resolve(period, queries.latest_composite_period, "a composite ranking")
        doc = await queries.composite(period)
        if doc is None:
            raise _missing("period", "not_found", f"no composite ranking for {period}")
        return annotate(doc, await queries.composite(previous_period(period)), district_names())

    @router.get("/districts/{district}/{period}", summary="Every scheme's score for the district (a submitter: "
                "its departments' schemes)")
    async def district_scores(district: Slug, period: Period, principal: Reader) -> dict[str, Any]:
        _known_district(district)
        period = await resolve(period, lambda: queries.latest_period_of(district), f"scores of {district!r}")
        scores = [s for s in await queries.scores(district, period) if principal.may_read_department(s["department"])]
        if not scores:
            raise _missing("period", "not_found", f"no scores of {district!r} for {period}")
        return {"district": district, "name": district_names()[district], "period": period,
                "composite": await queries.composite_of(district, period), "schemes": scores}

    @router.get("/districts/{district}/{period}/explain",
                summary="Why the composite moved since the previous period: rank before and after, and each "
                        "scheme's and KPI's contribution, largest first")
    async def explain(district: Slug, period: Period, _: Viewer) -> dict[str, Any]:
        _known_district(district)
        period = await resolve(period, lambda: queries.latest_period_of(district), f"scores of {district!r}")
        before_period = previous_period(period)
        after = await _results(queries, district, period)
        before = await _results(queries, district, before_period)
        if not after and not before:
            raise _missing("period", "not_found", f"no scores of {district!r} for {period} or {before_period}")
        was = standing(await queries.composite_of(district, before_period), before_period)
        now = standing(await queries.composite_of(district, period), period)
        explanation = explain_change(before, after, catalog.schemes.values()).to_dict()
        return {"district": district, "name": district_names()[district], "period": period,
                "previous_period": before_period, "rank": {"before": was, "after": now},
                **explanation, "schemes": [_named(s, catalog) for s in explanation["schemes"]]}

    @router.get("/submissions/{submission_id}", summary="What became of a submission: scored, quarantined (with "
                "the reasons), superseded or rejected")
    async def submission(submission_id: Annotated[str, Path(min_length=1, max_length=200)],
                         principal: Reader) -> dict[str, Any]:
        departments = (principal.departments if principal.role == "submitter"
                       else {s.department.id for s in catalog.schemes.values()})
        found = await outcome(queries, submission_id, departments)
        scheme = catalog.get(found["scheme"] or "") if found else None
        department = scheme.department.id if scheme else ""
        # A submitter learns nothing of another department's submissions, not even that they exist.
        if found is None or (principal.role == "submitter" and department not in principal.departments):
            raise _missing("submission_id", "not_found", f"scoring has no outcome for {submission_id!r} (yet): an "
                           "accepted submission is scored within seconds; one refused by ingest was answered then")
        return found

    return router


def _named(row: dict[str, Any], catalog: CatalogView) -> dict[str, Any]:
    scheme = catalog.get(row["scheme"])
    if scheme is None:
        return row
    kpi_names = {k.id: k.name.model_dump() for k in scheme.kpis}
    return {**row, "name": scheme.name.model_dump(),
            "kpis": [{**k, "name": kpi_names.get(k["kpi"])} for k in row["kpis"]]}


async def _results(queries: Queries, district: str, period: str) -> dict[str, SchemeResult]:
    return {s["scheme"]: SchemeResult(s["marks"], s["kpis"] or {})
            for s in await queries.scores(district, period) if s["status"] == "scored"}
