"""The console's pages: the state overview, a district, a scheme. Each checks the visitor's
scope first (domain/access.py), then renders its main part once per period, language, scope
and filters (kept until the period's rankings change) inside a shell made for the visitor."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from markupsafe import Markup

from services.console.cache import ANY_PERIOD, ReadCache
from services.console.district_page import district_view, known_district
from services.console.domain.access import Action, decide
from services.console.live import LiveHub
from services.console.metrics import ConsoleMetrics
from services.console.overview_page import OverviewQuery, overview
from services.console.periods import PeriodChoice, choose_period
from services.console.reads import Reads, scopes
from services.console.scheme_page import known_scheme, scheme_view
from services.console.settings import ConsoleSettings
from services.console.web import PageError, Visit, Web, refuse
from shared.catalog import Scheme
from shared.catalog_view import CatalogView

FORBIDDEN = {"overview": "forbidden_scheme", "district": "forbidden_district", "scheme": "forbidden_scheme",
             "documents": "forbidden_documents"}


def here(request: Request, **changes: str) -> str:
    """This page's address without `lang` (the visitor's choice applies), with `changes`."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    params.update(changes)
    return request.url.path + (f"?{urlencode(params)}" if params else "")


def kept(request: Request) -> dict[str, str]:
    """The page's own query (filters), which the period form carries over (the period and
    language are chosen anew)."""
    return {k: v for k, v in request.query_params.items() if k not in ("period", "lang")}


def pages_router(web: Web, reads: Reads, cache: ReadCache, catalog: CatalogView, hub: LiveHub,
                 settings: ConsoleSettings, metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["pages"], include_in_schema=False)

    def schemes() -> list[Scheme]:
        return list(catalog.schemes.values())

    def allow(request: Request, visit: Visit, action: Action, **target: str | None) -> None:
        decision = decide(visit.viewer, action, **target)
        if not decision.allowed:
            refuse(request, metrics, "scope", user=visit.user.id, action=action, why=decision.reason)
            raise PageError(403, FORBIDDEN[action], district=visit.user.district or "")

    async def page(request: Request, visit: Visit, choice: PeriodChoice, template: str, key: tuple[Any, ...],
                   build: Callable[[str], Awaitable[dict[str, Any]]], title: str) -> Response:
        main = ""
        if choice.period is not None:
            period = choice.period
            scope = ",".join(sorted(visit.viewer.departments)) if visit.viewer.role == "department" else "all"

            async def render() -> str:
                return web.fragment(template, visit.lang, period=period, **await build(period))

            main = await cache.get(("html", template, visit.lang, scope, period, *key),
                                   (*scopes(period), ANY_PERIOD), render)
        return web.render("page.html.j2", visit.lang, visit=visit, main=Markup(main), choice=choice, title=title,
                          here=here(request), here_without_period=here(request, period=""),
                          live_url=f"/events?period={choice.period}" if choice.period else None,
                          live_event="ranks", keep=kept(request), notice=None)

    @router.get("/")
    async def state_overview(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        choice = await choose_period(reads, request.query_params.get("period"))
        query = OverviewQuery.parse(dict(request.query_params), schemes())
        return await page(request, visit, choice, "overview.html.j2", query.key(),
                          lambda p: overview(reads, schemes(), visit.viewer, p, query), visit.t.overview_title)

    @router.get("/districts/{district}")
    async def district(request: Request, district: str, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = known_district(district)
        allow(request, visit, "district", district=unit.id)
        choice = await choose_period(reads, request.query_params.get("period"))
        asked = request.query_params.get("scheme")
        scheme = known_scheme(catalog, asked) if asked else None
        return await page(request, visit, choice, "district.html.j2", (unit.id, asked or ""),
                          lambda p: district_view(reads, schemes(), visit.viewer, unit, p, scheme),
                          visit.t("district_title", name=getattr(unit.name, visit.lang)))

    @router.get("/schemes/{scheme}")
    async def scheme(request: Request, scheme: str, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        found = known_scheme(catalog, scheme)
        allow(request, visit, "scheme", department=found.department.id)
        choice = await choose_period(reads, request.query_params.get("period"))
        return await page(request, visit, choice, "scheme.html.j2", (found.id,),
                          lambda p: scheme_view(reads, found, p), getattr(found.name, visit.lang))

    @router.get("/events")
    async def events(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        """Server-Sent Events: `ranks` whenever the rankings of `?period=` change; with
        `?feed=alerts`, `alerts` whenever an alert of the period is raised or resolved."""
        choice = await choose_period(reads, request.query_params.get("period"))
        feed = "alerts" if request.query_params.get("feed") == "alerts" else "ranks"
        stream = hub.stream({feed: choice.period or ""}, settings.sse_keepalive_s)
        return StreamingResponse(stream, media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return router
