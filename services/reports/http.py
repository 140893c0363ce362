"""HTTP of the reports service (CONTRACT §4): the minutes, their versions, directives, the
meeting's record (letter number, issue date, attendance), finalisation, and the district
monitoring booklet. Reads need a viewer, district or admin key; changes are for admin and the
district's own `district` principals only — a district key, or a person of that district for
whom a console acts (shared/authority/minutes.py, shared/acting.py). `latest` is accepted for a
period (the latest period with minutes, or for the booklet with a composite rank)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from services.reports.domain.booklet import assemble_booklet
from services.reports.errors import MinutesFinal, NoMinutes, UnknownItems, VersionConflict
from services.reports.files import file_response, pdf_response
from services.reports.lifecycle import MinutesLifecycle
from services.reports.loading import InputLoader, known_district
from services.reports.meeting_day import Printing
from services.reports.meeting_request import MeetingRequest, unknown_departments
from services.reports.metrics import ReportsMetrics
from services.reports.minutes_store import MinutesStore
from services.reports.rendering import MEDIA_TYPES, render_booklet, render_minutes
from services.reports.repository import ReadModels
from services.reports.versions import public
from shared.acting import acting, authorise
from shared.auth import Principal
from shared.authority import Actor
from shared.authority.minutes import Action, may
from shared.districts import district_ids
from shared.events.ingest import SLUG
from shared.http import ApiError, error, require
from shared.latest import is_latest
from shared.limits import Door
from shared.params import PeriodPath as Period
from shared.params import Text
from shared.suggest import unknown

District = Annotated[str, Path(pattern=SLUG, max_length=80, description="district id, e.g. kanpur-nagar")]
Lang = Annotated[Literal["hi", "en"], Query(description="Hindi (default) or English")]
# Reads: viewer, district and admin keys. Changes: admin, and the district's own district key or
# person through a console (shared/authority/minutes.py).
Reader = Annotated[Principal, Depends(require("viewer"))]
Acting = Annotated[Actor, Depends(acting)]
Directive = Annotated[str, StringConstraints(max_length=4000)]
DIRECTIVES_BODY_BYTES = 512 * 1024


class FinalizeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int | None = Field(default=None, ge=1, description="finalise only if this is still the latest")


def _not_found(field: str, code: str, message: str, headers: dict[str, str] | None = None) -> ApiError:
    return ApiError(404, [error(field, code, message)], headers)


def _conflict(district: str, period: str) -> ApiError:
    return ApiError(409, [error("status", "final", f"the minutes of {district} for {period} are final; "
                                "directives, the meeting's record and regeneration are refused")])


def doors() -> list[Door]:
    """A meeting's directives in Hindi may run to a few hundred KiB; other bodies are small."""
    return [Door("/v1/minutes", "bearer", DIRECTIVES_BODY_BYTES)]


async def resolve(period: str, latest: Callable[[], Awaitable[str | None]], what: str) -> str:
    """The period asked for, or the latest one that has `what`; 404 when there is none."""
    if not is_latest(period):
        return period
    found = await latest()
    if found is None:
        raise _not_found("period", "not_found", f"no period has {what} yet")
    return found


def reports_router(lifecycle: MinutesLifecycle, store: MinutesStore, readmodels: ReadModels,
                   loader: InputLoader, metrics: ReportsMetrics, debounce_s: float, printing: Printing) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["minutes"])

    def check_district(district: str) -> None:
        if not known_district(district):
            raise _not_found("district", "unknown_district", unknown("district", district, district_ids()))

    def allow(action: Action, district: str, actor: Actor) -> None:
        check_district(district)
        authorise(lambda s: may(s, action, district), actor)

    async def minutes_period(district: str, period: str) -> str:
        check_district(district)
        return await resolve(period, lambda: store.latest_period(district), f"minutes of {district!r}")

    async def no_minutes(district: str, period: str) -> ApiError:
        dead = await store.dead(district, period)
        if dead is not None:
            return _not_found("period", "draft_failed", f"the minutes of {district} for {period} could not be "
                              f"drafted: {dead['reason']}. The operators have been alerted (error id "
                              f"{dead['error_id']}); the draft is tried again when its facts change")
        if await readmodels.has_scores(district, period):
            wait = max(1, math.ceil(debounce_s))
            return _not_found("period", "not_ready", f"scores for {district} in {period} have arrived and the "
                              f"draft is being prepared; retry in {wait} s", {"Retry-After": str(wait)})
        return _not_found("period", "no_minutes", f"no minutes for {district} in {period}: nothing has been "
                          "scored for this district and period yet")

    @router.get("/minutes/{district}/{period}", summary="The latest version of the minutes (or ?version=N)",
                responses={200: {"content": {MEDIA_TYPES[f]: {} for f in ("md", "html", "pdf")}},
                           404: {"description": "unknown district, or no minutes yet"},
                           503: {"description": "PDF cannot be printed here (code pdf_unavailable)"}})
    async def get_minutes(
        _: Reader, district: District, period: Period, lang: Lang = "hi",
        format: Annotated[Literal["json", "md", "html", "pdf"], Query()] = "json",
        version: Annotated[int | None, Query(ge=1)] = None,
    ) -> Response:
        period = await minutes_period(district, period)
        doc = await (store.version(district, period, version) if version else store.latest(district, period))
        if doc is None:
            if version:
                raise _not_found("version", "no_version", f"no version {version} of {district} {period}")
            raise await no_minutes(district, period)
        metrics.renders.labels(format).inc()
        name = f"minutes-{district}-{period}-v{doc['version']}-{lang}"
        if format == "pdf":
            latest = version is None or version == (await store.latest(district, period) or {}).get("version")
            return await pdf_response(printing.minutes(doc, lang, latest), name)
        if format == "json":
            return file_response(render_minutes(public(doc), lang, "json"), "json", name)
        return file_response(doc["rendered"][lang][format].encode("utf-8"), format, name)

    @router.get("/minutes/{district}/{period}/versions", summary="Every version, oldest first")
    async def get_versions(_: Reader, district: District, period: Period) -> list[dict[str, Any]]:
        period = await minutes_period(district, period)
        versions = await store.versions(district, period)
        if not versions:
            raise await no_minutes(district, period)
        return versions

    @router.put("/minutes/{district}/{period}/directives", summary="Directives per item; a new version",
                responses={404: {"description": "no minutes yet"}, 409: {"description": "the minutes are final"},
                           422: {"description": "an item id that the latest version does not have"}})
    async def put_directives(
        district: District, period: Period,
        body: Annotated[dict[Text, Directive], Body(max_length=500, examples=[{"2026-03:jsy": "…"}])],
        actor: Acting,
    ) -> dict[str, Any]:
        allow("directives", district, actor)
        period = await minutes_period(district, period)
        if not body:
            raise ApiError(422, [error("body", "empty", "give at least one {\"<item id>\": \"directive\"}")])
        try:
            doc = await lifecycle.set_directives(district, period, body, actor.by, actor.via)
        except NoMinutes:
            raise await no_minutes(district, period) from None
        except MinutesFinal:
            raise _conflict(district, period) from None
        except UnknownItems as exc:
            raise ApiError(422, [error(i, "unknown_item", f"the latest minutes of {district} for {period} have "
                                       f"no item {i!r}") for i in exc.item_ids]) from None
        return _summary(doc)

    @router.put("/minutes/{district}/{period}/meeting", summary="Record the meeting: letter number, issue date, "
                "officers present and absent; a new version",
                responses={404: {"description": "no minutes yet"}, 409: {"description": "the minutes are final"},
                           422: {"description": "a field that cannot be used, e.g. an unknown department"}})
    async def put_meeting(
        district: District, period: Period, body: MeetingRequest, actor: Acting,
    ) -> dict[str, Any]:
        allow("meeting", district, actor)
        period = await minutes_period(district, period)
        if problems := unknown_departments(body, {s.department.id for s in loader.schemes()}):
            raise ApiError(422, problems)
        try:
            doc = await lifecycle.set_meeting(district, period, body.model_dump(mode="json"), actor.by, actor.via)
        except NoMinutes:
            raise await no_minutes(district, period) from None
        except MinutesFinal:
            raise _conflict(district, period) from None
        return {**_summary(doc), "meeting": doc.get("meeting")}

    @router.post("/minutes/{district}/{period}/finalize", summary="Make the latest version final",
                 responses={404: {"description": "no minutes yet"},
                            409: {"description": "already final, or not the latest version"}})
    async def finalize(
        district: District, period: Period, actor: Acting,
        body: Annotated[FinalizeRequest | None, Body()] = None,
    ) -> dict[str, Any]:
        allow("finalize", district, actor)
        period = await minutes_period(district, period)
        try:
            doc = await lifecycle.finalize(district, period, actor.by, body.version if body else None, actor.via)
        except NoMinutes:
            raise await no_minutes(district, period) from None
        except MinutesFinal:
            raise ApiError(409, [error("status", "final", f"the minutes of {district} for {period} "
                                       "are final already")]) from None
        except VersionConflict as exc:
            raise ApiError(409, [error("version", "version_conflict", f"version {exc.latest} is the latest; "
                                       "read it before finalising")]) from None
        return _summary(doc)

    @router.get("/booklet/{district}/{period}", tags=["booklet"], summary="The district monitoring booklet",
                response_class=Response,
                responses={200: {"content": {MEDIA_TYPES[f]: {} for f in ("html", "pdf")}},
                           404: {"description": "unknown district, or nothing scored"},
                           503: {"description": "PDF cannot be printed here (code pdf_unavailable)"}})
    async def get_booklet(
        _: Reader, district: District, period: Period, lang: Lang = "hi",
        format: Annotated[Literal["html", "pdf"], Query()] = "html",
    ) -> Response:
        check_district(district)
        period = await resolve(period, lambda: readmodels.latest_period(district), f"scores of {district!r}")
        inp = await loader.load(district, period)
        if inp is None:
            raise _not_found("period", "no_data", f"nothing has been scored for {district} in {period}")
        doc = assemble_booklet(inp)
        metrics.renders.labels(format).inc()
        name = f"booklet-{district}-{period}-{lang}"
        if format == "pdf":
            return await pdf_response(printing.booklet(doc, district, period, lang), name)
        return file_response(render_booklet(doc, lang, "html"), "html", name)

    return router


def _summary(doc: dict[str, Any]) -> dict[str, Any]:
    items = [i for s in doc.get("sections", []) for i in s.get("items", [])]
    general = {g["item_id"]: g["text"] for g in doc.get("general_directives", [])}
    return {"district": doc["district"], "period": doc["period"], "version": doc["version"],
            "status": doc["status"], "finalized_from": doc.get("finalized_from"),
            "directives": {**{i["item_id"]: i["directive"] for i in items if i.get("directive")}, **general}}
