"""A district's minutes and booklet, opened in the browser: `GET /districts/{district}/
documents/{minutes|booklet}?period=&lang=hi|en&format=html|pdf|md[&version=N][&download=1]`
(Markdown and a version for the minutes only). The reports service is read with the console's
key; the visitor's session and scope are what authorise it. `download=1` saves the file instead
of opening it; the minutes' HTML may be shown in the minutes workflow's frame (same site only)."""

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
from shared.disposition import content_disposition

KINDS = {"minutes": "/v1/minutes", "booklet": "/v1/booklet"}
FORMATS = {"minutes": ("html", "pdf", "md"), "booklet": ("html", "pdf")}
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
        version = request.query_params.get("version", "")
        if (kind not in KINDS or lang not in ("hi", "en") or fmt not in FORMATS[kind] or choice.period is None
                or (version and (kind != "minutes" or not version.isdigit() or len(version) > 6))):
            raise PageError(404, "unknown_document", id=f"{kind[:20]} {choice.period} ({lang[:5]}, {fmt[:5]})")
        path = f"{KINDS[kind]}/{unit.id}/{choice.period}"
        params = {"lang": lang, "format": fmt, **({"version": version} if version else {})}
        async with upstream.stream("reports", path, params) as answer:
            if answer.status_code != 200:
                await answer.aread()
                raise PageError(404 if answer.status_code == 404 else 503,
                                "unknown_document" if answer.status_code == 404 else "upstream_down",
                                id=f"{kind} {choice.period} ({lang}, {fmt})", service="reports")
            body = await answer.aread()
        name = f"{kind}-{unit.id}-{choice.period}{'-v' + version if version else ''}.{lang}.{fmt}"
        saved = request.query_params.get("download") == "1"
        return Response(body, media_type=answer.headers.get("content-type", "application/octet-stream"),
                        headers={"Content-Disposition": content_disposition(name, "attachment" if saved else "inline"),
                                 "Content-Security-Policy": DOCUMENT_CSP, "Cache-Control": "private, no-store",
                                 "X-Frame-Options": "SAMEORIGIN"})

    return router
