"""The alerts desk (CONTRACT §6 `/alerts`): the live feed with its filters in the URL, grouped by
district; acknowledgement with a note (the acknowledger is the person logged in: the alerts API
records them); silences made from an alert, listed and expired (admin); a district's digest;
and the filtered view as CSV."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from services.console import alerts_page as view
from services.console.actions import allow_change, back, perform
from services.console.cache import ReadCache
from services.console.district_page import known_district
from services.console.domain.access import sees_alert
from services.console.domain.alert_desk import DeskFilter, UnknownFilter
from services.console.metrics import ConsoleMetrics
from services.console.periods import PeriodChoice, choose_period
from services.console.reads import SILENCES, Reads, alert_scopes
from services.console.shell import shell
from services.console.upstream import Upstream
from services.console.web import PageError, Visit, Web
from shared.catalog_view import CatalogView
from shared.disposition import content_disposition

Field = Annotated[str, Form(max_length=300)]
Note = Annotated[str, Form(max_length=2000)]
SILENCE_DAYS = (1, 7, 30, 90)  # the alerts API allows 90 days at most


def alerts_router(web: Web, reads: Reads, upstream: Upstream, alerts_cache: ReadCache, catalog: CatalogView,
                  metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["alerts"], include_in_schema=False)

    def schemes() -> list:  # type: ignore[type-arg]
        return list(catalog.schemes.values())

    def desk_filter(request: Request) -> DeskFilter:
        try:
            return DeskFilter.parse(dict(request.query_params), view.known(schemes()))
        except UnknownFilter as exc:
            raise PageError(404, "unknown_page", id=f"{exc.name}={exc.value}") from None

    async def period_of(request: Request) -> tuple[PeriodChoice, str]:
        choice = await choose_period(reads, request.query_params.get("period"))
        if choice.period is None:
            raise PageError(404, "unknown_period", id="—")
        return choice, choice.period

    def check_csrf(request: Request, visit: Visit, csrf: str) -> None:
        web.check_csrf(request, visit, csrf)

    @router.get("/alerts")
    async def alerts_desk(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        wanted = desk_filter(request)
        choice = await choose_period(reads, request.query_params.get("period"))
        main = ""
        if choice.period is not None:
            context = await view.alerts_view(reads, schemes(), visit.viewer, choice.period, wanted)
            main = web.fragment("alerts.html.j2", visit.lang, period=choice.period, visit=visit,
                                back=request.url.path + "?" + request.url.query, **context)
        return shell(web, request, visit, choice, main, visit.t.alerts_title, live_event="alerts")

    @router.get("/alerts.csv")
    async def alerts_csv(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        wanted = desk_filter(request)
        _, period = await period_of(request)
        shown = await view.visible_alerts(reads, visit.viewer, period, wanted)
        body = view.alerts_csv(shown, {s.id: s for s in schemes()}, visit.t)
        return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": content_disposition(view.csv_name(period, wanted), "attachment"),
            "Cache-Control": "private, no-store"})

    @router.post("/alerts/ack")
    async def acknowledge(request: Request, visit: Annotated[Visit, Depends(web.visit)], csrf: Field = "",
                          alert: Field = "", district: Field = "", department: Field = "", period: Field = "",
                          note: Note = "", next: Field = "/alerts") -> Response:
        check_csrf(request, visit, csrf)
        unit = known_district(district)
        allow_change(request, metrics, visit, "acknowledge", unit.id, department or None)
        # The service judges again, on the alert it holds: these fields only spare a useless call.
        await perform(upstream, visit, "alerts", "POST", f"/v1/alerts/{quote(alert, safe=':')}/ack", {"note": note})
        alerts_cache.invalidate(alert_scopes(period))
        return back(next, "acknowledged")

    @router.get("/alerts/digest/{district}")
    async def digest(request: Request, district: str, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = known_district(district)
        if visit.viewer.role == "district" and not sees_alert(visit.viewer, unit.id, None):
            raise PageError(403, "forbidden_district", district=visit.user.district or "")
        choice, period = await period_of(request)
        context = await view.digest_view(reads, visit.viewer, unit.id, period)
        main = web.fragment("digest.html.j2", visit.lang, period=period, unit=unit, **context)
        return shell(web, request, visit, choice, main, visit.t("digest_title", name=getattr(unit.name, visit.lang)),
                     live_event="alerts")

    @router.get("/alerts/silences")
    async def silences(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        allow_change(request, metrics, visit, "silence")
        choice = await choose_period(reads, request.query_params.get("period"))
        main = web.fragment("silences.html.j2", visit.lang, visit=visit, silences=await reads.silences(),
                            back=request.url.path)
        return shell(web, request, visit, choice, main, visit.t.silences_title)

    @router.get("/alerts/silences/new")
    async def new_silence(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        allow_change(request, metrics, visit, "silence")
        choice = await choose_period(reads, request.query_params.get("period"))
        asked = request.query_params
        matchers = {k: asked[k][:100] for k in ("district", "scheme", "type") if asked.get(k)}
        main = web.fragment("silence_new.html.j2", visit.lang, visit=visit, matchers=matchers, days=SILENCE_DAYS,
                            period=choice.period or "")
        return shell(web, request, visit, choice, main, visit.t.silence_new_title)

    @router.post("/alerts/silences")
    async def create_silence(request: Request, visit: Annotated[Visit, Depends(web.visit)], csrf: Field = "",
                             district: Field = "", scheme: Field = "", type: Field = "", days: Field = "7",
                             comment: Note = "", period: Field = "") -> Response:
        check_csrf(request, visit, csrf)
        allow_change(request, metrics, visit, "silence")
        matchers = {k: v for k, v in (("district", district), ("scheme", scheme), ("type", type)) if v}
        length = int(days) if days.isdigit() and int(days) in SILENCE_DAYS else 7
        until = (datetime.now(UTC) + timedelta(days=length)).isoformat()
        await perform(upstream, visit, "alerts", "POST", "/v1/silences",
                      {"matchers": matchers, "until": until, "comment": comment})
        alerts_cache.invalidate((SILENCES,))
        return back("/alerts/silences" + (f"?period={period}" if period else ""), "silenced")

    @router.post("/alerts/silences/expire")
    async def expire_silence(request: Request, visit: Annotated[Visit, Depends(web.visit)], csrf: Field = "",
                             silence: Field = "") -> Response:
        check_csrf(request, visit, csrf)
        allow_change(request, metrics, visit, "silence")
        await perform(upstream, visit, "alerts", "POST", f"/v1/silences/{quote(silence, safe='')}:expire")
        alerts_cache.invalidate((SILENCES,))
        return back("/alerts/silences", "expired")

    return router
