"""Error pages and the console's response headers: a refused or unknown request gets a page
in the visitor's language that names what was refused or not found; an upstream service away
is a 503 page naming it; the login redirect keeps where the visitor was going."""

from __future__ import annotations

import logging
import time
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.console.texts import LANGS, texts
from services.console.upstream import UpstreamError
from services.console.web import COOKIE, LoginRequired, PageError, Web
from shared.observability import log_context

log = logging.getLogger("anushravan.console.errors")
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
MACHINE_PATHS = ("/healthz", "/readyz", "/metrics", "/openapi.json")


def install_error_pages(app: FastAPI, web: Web) -> None:
    def lang_of(request: Request) -> str:
        asked = request.query_params.get("lang")
        return asked if asked in LANGS else "hi"

    def page(request: Request, status: int, text: str, **values: object) -> Response:
        lang = lang_of(request)
        title = f"error_title_{status}" if status in (400, 403, 404, 409, 503) else "error_title_400"
        return web.render("error.html.j2", lang, status, status_code=status, title_key=title,  # type: ignore[arg-type]
                          message=texts(lang)(text, **values))

    async def page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return page(request, exc.status, exc.text, **exc.values)

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        reason = f"&reason={exc.reason}" if exc.reason else ""
        response = RedirectResponse(f"/login?next={quote(target, safe='')}{reason}", 303)
        if exc.reason:
            response.delete_cookie(COOKIE, path="/")
        return response

    async def upstream_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UpstreamError)
        log.error("an upstream service failed", extra=log_context(service=exc.service, status=exc.status,
                                                                   path=request.url.path))
        return page(request, 503, "upstream_down", service=exc.service)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if request.url.path in MACHINE_PATHS:
            return JSONResponse({"errors": [{"field": "", "code": f"http_{exc.status_code}",
                                             "message": str(exc.detail)}]}, exc.status_code)
        if exc.status_code == 404:
            return page(request, 404, "unknown_page", id=request.url.path[:120])
        return page(request, exc.status_code if exc.status_code in (400, 403, 405) else 400, "csrf_refused")

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        log.warning("request refused", extra=log_context(reason="invalid_form", path=request.url.path,
                                                         errors=str(exc.errors())[:500]))
        return page(request, 400, "csrf_refused")

    app.add_exception_handler(PageError, page_error)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(UpstreamError, upstream_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


class SecurityHeaders:
    """CSP (only the console's own scripts and styles), no framing, no sniffing, no caching of pages,
    and Server-Timing: the time the console spent until the answer began (the benchmark reads it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                spent = (time.perf_counter() - started) * 1000
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"server-timing", f"app;dur={spent:.1f}".encode())]
                if b"x-frame-options" not in names:  # a document may be framed by the console itself
                    extra.append((b"x-frame-options", b"DENY"))
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP.encode()))
                if b"cache-control" not in names:
                    extra.append((b"cache-control", b"public, max-age=86400" if static else b"no-store"))
                message["headers"] = headers + extra
            await send(message)

        await self.app(scope, receive, send_wrapper)
