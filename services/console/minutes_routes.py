"""The minutes workflow (CONTRACT §6 `/districts/{district}/minutes/{period}`): read the latest
version, compare any two, write the directives (per item, and the meeting's general ones),
record the meeting (letter number, issue date, officers present and absent), and finalise after
a confirmation. Only admin and the district's own district user may change them; the reports
API refuses anyone else too (it judges the person the console acts for)."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console import minutes_page as view
from services.console.actions import allow_change, back, perform
from services.console.district_page import known_district
from services.console.domain import minutes_forms as forms
from services.console.domain.access import decide
from services.console.metrics import ConsoleMetrics
from services.console.periods import PeriodChoice
from services.console.reads import Reads
from services.console.shell import shell
from services.console.upstream import Upstream
from services.console.web import PageError, Visit, Web, refuse
from shared.catalog_view import CatalogView
from shared.districts import District
from shared.periods import is_period

MAX_FIELDS = 2000  # a form of the workflow: items, paragraphs and 200 rows of four fields


def minutes_router(web: Web, reads: Reads, upstream: Upstream, catalog: CatalogView,
                   metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["minutes"], include_in_schema=False)
    base = "/districts/{district}/minutes/{period}"

    def opened(request: Request, visit: Visit, district: str, period: str) -> District:
        unit = known_district(district)
        if not is_period(period):
            raise PageError(404, "unknown_period", id=period[:40])
        decision = decide(visit.viewer, "minutes", district=unit.id)
        if not decision.allowed:
            refuse(request, metrics, "scope", user=visit.user.id, action="minutes", why=decision.reason)
            raise PageError(403, "forbidden_documents")
        return unit

    def doc_lang(request: Request, visit: Visit) -> str:
        asked = request.query_params.get("doc")
        return asked if asked in ("hi", "en") else visit.lang

    def page(request: Request, visit: Visit, period: str, template: str, title: str, **context: Any) -> Response:
        main = web.fragment(template, visit.lang, visit=visit, period=period, **context)
        return shell(web, request, visit, PeriodChoice(period, (), False), main, title)

    async def posted(request: Request, visit: Visit) -> dict[str, str]:
        form = await request.form(max_fields=MAX_FIELDS)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        web.check_csrf(request, visit, fields.get("csrf"))
        return fields

    @router.get(base)
    async def minutes(request: Request, district: str, period: str,
                      visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        context = await view.minutes_view(reads, list(catalog.schemes.values()), visit.viewer, unit, period,
                                          doc_lang(request, visit), visit.lang)
        return page(request, visit, period, "minutes.html.j2",
                    visit.t("minutes_title", name=getattr(unit.name, visit.lang)), **context)

    @router.get(base + "/compare")
    async def compare(request: Request, district: str, period: str,
                      visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        asked = [request.query_params.get(k, "") for k in ("a", "b")]
        if not all(v.isdigit() and 0 < len(v) <= 6 for v in asked):
            raise PageError(404, "unknown_page", id=f"a={asked[0][:10]}&b={asked[1][:10]}")
        context = await view.compare_view(reads, unit, period, int(asked[0]), int(asked[1]), doc_lang(request, visit))
        return page(request, visit, period, "compare.html.j2", visit.t("compare_title", a=asked[0], b=asked[1]),
                    **context)

    @router.post(base + "/directives")
    async def directives(request: Request, district: str, period: str,
                         visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        fields = await posted(request, visit)
        allow_change(request, metrics, visit, "directives", unit.id)
        doc = await view.latest(reads, unit, period)
        try:
            body = forms.directives_body(fields, doc)
        except forms.FormProblem as exc:
            raise PageError(400, "form_problem", field=exc.field, reason=exc.reason) from None
        await perform(upstream, visit, "reports", "PUT", f"/v1/minutes/{unit.id}/{period}/directives", body)
        return back(f"/districts/{unit.id}/minutes/{period}#directives", "directives")

    @router.post(base + "/meeting")
    async def meeting(request: Request, district: str, period: str,
                      visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        fields = await posted(request, visit)
        allow_change(request, metrics, visit, "meeting", unit.id)
        try:
            body = forms.meeting_body(fields, [d.id for d in view.departments(list(catalog.schemes.values()))])
        except forms.FormProblem as exc:
            raise PageError(400, "form_problem", field=exc.field, reason=exc.reason) from None
        await perform(upstream, visit, "reports", "PUT", f"/v1/minutes/{unit.id}/{period}/meeting", body)
        return back(f"/districts/{unit.id}/minutes/{period}#meeting", "meeting")

    @router.get(base + "/finalize")
    async def confirm(request: Request, district: str, period: str,
                      visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        allow_change(request, metrics, visit, "finalize", unit.id)
        context = await view.finalize_view(reads, unit, period)
        return page(request, visit, period, "finalize.html.j2", visit.t.finalize_title, **context)

    @router.post(base + "/finalize")
    async def finalize(request: Request, district: str, period: str,
                       visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = opened(request, visit, district, period)
        fields = await posted(request, visit)
        allow_change(request, metrics, visit, "finalize", unit.id)
        version = fields.get("version", "")
        if not version.isdigit() or fields.get("confirm") != "yes":
            raise PageError(400, "form_problem", field="confirm", reason=visit.t.finalize_unconfirmed)
        await perform(upstream, visit, "reports", "POST", f"/v1/minutes/{unit.id}/{period}/finalize",
                      {"version": int(version)})
        return back(f"/districts/{unit.id}/minutes/{period}", "finalized")

    return router
