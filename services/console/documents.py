"""A district's minutes and booklet, opened in the browser: `GET /districts/{district}/
documents/{minutes|booklet}?period=&lang=hi|en&format=html|pdf`. The reports service is read
with the console's key; the visitor's session and scope are what authorise it."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.console.district_page import known_district
from services.console.domain.access import decide
from services.console.metrics import ConsoleMetrics
from services.console.periods import choose_period
from services.console.reads import Reads
from services.console.upstream import Upstream
from services.console.web import PageError, Visit, Web, refuse

KINDS = {"minutes": "/v1/minutes", "booklet": "/v1/booklet"}
FORMATS = ("html", "pdf")
# The documents carry their own print styles; they may style themselves and nothing else.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'self'"


def documents_router(web: Web, reads: Reads, upstream: Upstream, metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["documents"], include_in_schema=False)

    @router.get("/districts/{district}/documents/{kind}")
    async def document(request: Request, district: str, kind: str,
                       visit: Annotated[Visit, Depends(web.visit)]) -> Response:
        unit = known_district(district)
        decision = decide(visit.viewer, "documents", district=unit.id)
        if not decision.allowed:
            refuse(request, metrics, "scope", user=visit.user.id, action="documents", why=decision.reason)
            raise PageError(403, "forbidden_documents")
        choice = await choose_period(reads, request.query_params.get("period"))
        lang, fmt = request.query_params.get("lang", visit.lang), request.query_params.get("format", "pdf")
        if kind not in KINDS or lang not in ("hi", "en") or fmt not in FORMATS or choice.period is None:
            raise PageError(404, "unknown_document", id=f"{kind[:20]} {choice.period} ({lang[:5]}, {fmt[:5]})")
        path = f"{KINDS[kind]}/{unit.id}/{choice.period}"
        async with upstream.stream("reports", path, {"lang": lang, "format": fmt}) as answer:
            if answer.status_code != 200:
                await answer.aread()
                raise PageError(404 if answer.status_code == 404 else 503,
                                "unknown_document" if answer.status_code == 404 else "upstream_down",
                                id=f"{kind} {choice.period} ({lang}, {fmt})", service="reports")
            body = await answer.aread()
        name = f"{kind}-{unit.id}-{choice.period}.{lang}.{fmt}"
        return Response(body, media_type=answer.headers.get("content-type", "application/octet-stream"),
                        headers={"Content-Disposition": f'inline; filename="{name}"',
                                 "Content-Security-Policy": DOCUMENT_CSP, "Cache-Control": "private, no-store"})

    return router
