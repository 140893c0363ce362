"""The page around a desk's main part, drawn per visit (user, CSRF token, language): the
masthead, the navigation, a notice after a change (`?done=<what>`, a known word, never text
from the URL), and, for a live desk, the event stream its main part listens to."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from services.console.pages import kept
from services.console.periods import PeriodChoice
from services.console.web import Visit, Web

# The changes a page may say were done (texts.yaml `done_<what>`).
DONE = frozenset({"acknowledged", "silenced", "expired", "directives", "meeting", "finalized"})


def shell(web: Web, request: Request, visit: Visit, choice: PeriodChoice, main: str, title: str,
          live_event: str | None = None, status: int = 200) -> HTMLResponse:
    done = request.query_params.get("done")
    notice = visit.t(f"done_{done}") if done in DONE else None
    live_url = (f"/events?period={choice.period}&feed={live_event}"
                if live_event and choice.period else None)
    keep = {k: v for k, v in kept(request).items() if k != "done"}
    return web.render("page.html.j2", visit.lang, status, visit=visit, main=Markup(main), choice=choice,
                      title=title, here=this_page(request), here_without_period="",
                      live_url=live_url, live_event=live_event or "", keep=keep, notice=notice)


def this_page(request: Request) -> str:
    """This page's address for the live part and the language form: without `lang` (the
    visitor's choice applies) and without `done` (a notice is said once)."""
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "done")}
    return request.url.path + (f"?{urlencode(params)}" if params else "")
