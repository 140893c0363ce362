"""The pages' plumbing: who is visiting (session cookie → user → viewer), the CSRF check of
every form, rendering with Jinja2, and the error pages (403 and 404 name what was refused or
not found; nothing a visitor sends ends in a 500)."""

from __future__ import annotations

import hmac
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from services.console.domain.access import Viewer
from services.console.metrics import ConsoleMetrics
from services.console.people import People
from services.console.sessions import Lang, Session, SessionStore
from services.console.texts import LANGS, Texts, texts
from shared.calendar.zone import INDIA
from shared.catalog import Names
from shared.numbers import dotted_date, indian, marks_text, month_name, ordinal
from shared.observability import log_context
from shared.users import User

log = logging.getLogger("anushravan.console.web")
COOKIE = "anushravan_session"
LOGIN_COOKIE = "anushravan_login"  # the login form's CSRF token, before there is a session
SECRET = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
TEMPLATES = Path(__file__).parent / "templates"


class PageError(Exception):
    """Answered with the error page: the status, and the text that names what went wrong."""

    def __init__(self, status: int, text: str, **values: Any) -> None:
        super().__init__(text)
        self.status, self.text, self.values = status, text, values


class LoginRequired(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Visit:
    """A logged-in request: who, in which language, and the session's CSRF token."""

    user: User
    session: Session
    lang: Lang
    path: str
    viewer: Viewer = field(init=False)

    def __post_init__(self) -> None:
        self.viewer = Viewer(self.user.id, self.user.role, self.user.district, frozenset(self.user.departments))

    @property
    def t(self) -> Texts:
        return texts(self.lang)


def when(instant: str | None) -> str:
    """An ISO 8601 instant as officers read it, in India's time: `16.04.2026 10:15`."""
    if not instant:
        return ""
    try:
        moment = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    except ValueError:
        return instant[:40]
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(INDIA).strftime("%d.%m.%Y %H:%M")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def refuse(request: Request, metrics: ConsoleMetrics, reason: str, **context: Any) -> None:
    """Count and log a refused request: the reason, never a secret."""
    metrics.refusals.labels(reason).inc()
    log.warning("request refused", extra=log_context(reason=reason, path=request.url.path,
                                                     client=client_of(request), **context))


class Web:
    def __init__(self, people: People, sessions: SessionStore, metrics: ConsoleMetrics) -> None:
        self.people, self.sessions, self.metrics = people, sessions, metrics
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2", "html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(indian=indian, marks=marks_text, dotted=dotted_date, month=month_name, when=when,
                                ordinal=ordinal, name=lambda names, lang: getattr(names, lang) if isinstance(
                                    names, Names) else names[lang])

    async def visit(self, request: Request) -> Visit:
        """The dependency of every page: the visit, or LoginRequired (answered by a redirect)."""
        secret = request.cookies.get(COOKIE)
        if not secret:
            raise LoginRequired("")
        if not SECRET.match(secret):
            refuse(request, self.metrics, "malformed_session_cookie")
            raise LoginRequired("session_ended")
        session = await self.sessions.get(secret)
        if session is None:
            refuse(request, self.metrics, "unknown_session")
            raise LoginRequired("session_ended")
        user = self.people.directory().get(session.user_id)
        if user is None:  # removed from the users file since logging in
            await self.sessions.delete(session)
            refuse(request, self.metrics, "user_removed", user=session.user_id)
            raise LoginRequired("session_ended")
        asked = request.query_params.get("lang")
        lang: Lang = asked if asked in LANGS else session.lang
        return Visit(user, session, lang, request.url.path)

    def check_csrf(self, request: Request, visit: Visit, token: str | None) -> None:
        if not token or not hmac.compare_digest(token.encode(), visit.session.csrf.encode()):
            refuse(request, self.metrics, "csrf", user=visit.user.id)
            raise PageError(403, "csrf_refused")

    def render(self, template: str, lang: Lang, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(t=texts(lang), lang=lang, **context)
        return HTMLResponse(html, status)

    def fragment(self, template: str, lang: Lang, **context: Any) -> str:
        return self.env.get_template(template).render(t=texts(lang), lang=lang, **context)
