"""The department desk (CONTRACT §6 `/departments/{department}`), for that department's users and
the state: the page, and its figures as CSV (`?format=csv`)."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console import department_page as view
from services.console.domain.access import decide
from services.console.metrics import ConsoleMetrics
from services.console.periods import choose_period
from services.console.reads import Reads
from services.console.rejections import Rejections
from services.console.shell import shell
from services.console.web import PageError, Visit, Web, refuse
from shared.catalog_view import CatalogView
from shared.disposition import content_disposition


def department_router(web: Web, reads: Reads, rejections: Rejections, catalog: CatalogView, today: Callable[[], date],
                      metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["departments"], include_in_schema=False)

    @router.get("/departments")
    async def departments(request: Request, visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        """The departments whose desks the visitor may open."""
        schemes = list(catalog.schemes.values())
        listed = sorted({s.department.id: s.department for s in schemes}.values(), key=lambda d: d.id)
        mine = [d for d in listed if decide(visit.viewer, "department", department=d.id).allowed]
        if not mine:
            raise PageError(403, "forbidden_department")
        choice = await choose_period(reads, request.query_params.get("period"))
        counts = {d.id: sum(1 for s in schemes if s.department.id == d.id) for d in mine}
        main = web.fragment("departments.html.j2", visit.lang, period=choice.period or "", departments=mine,
                            counts=counts)
        return shell(web, request, visit, choice, main, visit.t.departments_title)

    @router.get("/departments/{department}")
    async def department_desk(request: Request, department: str,
                              visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        schemes = list(catalog.schemes.values())
        dept, _ = view.known_department(schemes, department)
        decision = decide(visit.viewer, "department", department=dept.id)
        if not decision.allowed:
            refuse(request, metrics, "scope", user=visit.user.id, action="department", why=decision.reason)
            raise PageError(403, "forbidden_department")
        choice = await choose_period(reads, request.query_params.get("period"))
        if choice.period is None:
            return shell(web, request, visit, choice, "", getattr(dept.name, visit.lang))
        context = await view.department_view(reads, rejections, schemes, dept.id, choice.period, today(), visit.lang)
        if request.query_params.get("format") == "csv":
            name = f"department-{dept.id}-{choice.period}.csv"
            return Response(view.desk_csv(context["desks"], visit.t).encode("utf-8"),
                            media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": content_disposition(name, "attachment"),
                                     "Cache-Control": "private, no-store"})
        main = web.fragment("department.html.j2", visit.lang, period=choice.period, **context)
        title = visit.t("department_title", name=getattr(dept.name, visit.lang))
        return shell(web, request, visit, choice, main, title)

    return router
