"""Logging in and out (CONTRACT §6): `GET /login` (a form of `username`, `password` and a CSRF
token), `POST /login`, `POST /logout`, and `POST /lang` (the language, remembered per user).

Failed logins count per user name and per client address; past the limit both are locked out
for a while, before any password is checked. Passwords are verified off the event loop."""

# No `from __future__ import annotations`: FastAPI reads `Depends(web.visit)` from the
# annotations, and `web` is a local of the router's factory, not a module global.


import asyncio
import hmac
import logging
import math
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.console.metrics import ConsoleMetrics
from services.console.sessions import Lang, LoginAttempts, Preferences, SessionStore
from services.console.settings import ConsoleSettings
from services.console.texts import LANGS, texts
from services.console.web import COOKIE, LOGIN_COOKIE, Visit, Web, client_of, refuse
from shared.observability import log_context

log = logging.getLogger("anushravan.console.login")
Field = Annotated[str, Form(max_length=200)]
REASONS = ("logged_out", "session_ended")


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_router(web: Web, sessions: SessionStore, attempts: LoginAttempts, prefs: Preferences,
                 settings: ConsoleSettings, metrics: ConsoleMetrics) -> APIRouter:
    router = APIRouter(tags=["login"], include_in_schema=False)
    cookie_flags = {"httponly": True, "secure": settings.cookie_secure, "samesite": "lax", "path": "/"}
    # Each argon2id check holds 64 MiB while it runs: two at a time keep a replica within its
    # memory limit (deploy/k8s/base/console.yaml) however large the thread pool is.
    verifying = asyncio.Semaphore(2)

    def form(request: Request, status: int = 200, message: str | None = None, **values: object) -> Response:
        token = secrets.token_urlsafe(24)
        asked = request.query_params.get("lang")
        lang = asked if asked in LANGS else "hi"
        text = texts(lang)(message, **values) if message else None
        response = web.render("login.html.j2", lang, status, csrf=token, message=text,
                              next=safe_next(request.query_params.get("next")))
        response.set_cookie(LOGIN_COOKIE, token, max_age=3600, **cookie_flags)  # type: ignore[arg-type]
        return response

    @router.get("/login")
    async def login_page(request: Request) -> Response:
        reason = request.query_params.get("reason")
        return form(request, message=reason if reason in REASONS else None)

    @router.post("/login")
    async def login(request: Request, username: Field = "", password: Field = "", csrf: Field = "",
                    next: Field = "/") -> Response:
        expected = request.cookies.get(LOGIN_COOKIE, "")
        if not csrf or not expected or not hmac.compare_digest(csrf.encode(), expected.encode()):
            refuse(request, metrics, "csrf", form="login")
            return form(request, 403, "csrf_refused")
        name = username.strip().lower()
        keys = [f"user:{name}", f"addr:{client_of(request)}"]
        until = await attempts.locked_until(keys)
        if until is not None:
            metrics.logins.labels("locked").inc()
            refuse(request, metrics, "locked_out", user=name)
            minutes = max(1, math.ceil((until - attempts.clock()) / 60))
            return form(request, 429, "login_locked", minutes=minutes)
        async with verifying:
            user = await asyncio.to_thread(web.people.directory().authenticate, name, password)
        if user is None:
            await attempts.failed(keys)
            metrics.logins.labels("failed").inc()
            log.warning("login failed", extra=log_context(user=name, client=client_of(request)))
            return form(request, 401, "login_failed")
        await attempts.succeeded(keys[0])
        secret, _ = await sessions.create(user.id, await prefs.lang(user.id))
        metrics.logins.labels("ok").inc()
        log.info("logged in", extra=log_context(user=user.id, role=user.role, client=client_of(request)))
        response = RedirectResponse(safe_next(next), 303)
        response.set_cookie(COOKIE, secret, max_age=settings.session_max_s, **cookie_flags)  # type: ignore[arg-type]
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @router.post("/logout")
    async def logout(request: Request, visit: Annotated[Visit, Depends(web.visit)], csrf: Field = "") -> Response:
        web.check_csrf(request, visit, csrf)
        await sessions.delete(visit.session)
        log.info("logged out", extra=log_context(user=visit.user.id))
        response = RedirectResponse("/login?reason=logged_out", 303)
        response.delete_cookie(COOKIE, path="/", secure=settings.cookie_secure, httponly=True)
        return response

    @router.post("/lang")
    async def language(request: Request, visit: Annotated[Visit, Depends(web.visit)], csrf: Field = "",
                       lang: Field = "hi", next: Field = "/") -> Response:
        web.check_csrf(request, visit, csrf)
        chosen: Lang = "en" if lang == "en" else "hi"
        await prefs.set_lang(visit.user.id, chosen)
        await sessions.set_lang(visit.session, chosen)
        target = safe_next(next)
        return RedirectResponse(target, 303)

    return router
