"""A change made from a form: the person's scope is checked here first (the 403 page says why),
then the service is asked for the person (`Upstream.act`), and a refusal by the service comes
back as a page naming its reasons; afterwards the browser goes back where it came from with a
word saying what was done (Post/Redirect/Get, so a reload sends nothing twice)."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi import Request
from fastapi.responses import RedirectResponse

from services.console.domain.access import Change, may_change
from services.console.login import safe_next
from services.console.metrics import ConsoleMetrics
from services.console.upstream import Refused, Upstream
from services.console.web import PageError, Visit, refuse
from shared.observability import log_context

log = logging.getLogger("anushravan.console.actions")
# How a service's refusal is shown: the same status where the page has one, else 400.
SHOWN = {403: 403, 404: 404, 409: 409}


def allow_change(request: Request, metrics: ConsoleMetrics, visit: Visit, change: Change,
                 district: str | None = None, department: str | None = None) -> None:
    decision = may_change(visit.viewer, change, district, department)
    if not decision.allowed:
        refuse(request, metrics, "scope", user=visit.user.id, action=change, why=decision.reason)
        raise PageError(403, "forbidden_change", reason=decision.reason)


async def perform(upstream: Upstream, visit: Visit, service: str, method: str, path: str, body: Any = None) -> Any:
    """The service's answer to a change made for the visitor; PageError with its reasons if refused."""
    try:
        answer = await upstream.act(service, method, path, visit.viewer.subject(), body)
    except Refused as exc:
        reasons = "; ".join(f"{e['message']}" + (f" ({e['field']})" if e["field"] else "") for e in exc.errors)
        raise PageError(SHOWN.get(exc.status, 400), "action_refused", service=service, reasons=reasons) from None
    log.info("change made", extra=log_context(user=visit.user.id, service=service, method=method, path=path))
    return answer


def back(target: str, done: str) -> RedirectResponse:
    """303 to `target` (a path of this site only) with `done=<what was done>` in its query."""
    parts = urlsplit(safe_next(target))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "done"] + [("done", done)]
    return RedirectResponse(urlunsplit(("", "", parts.path, urlencode(query), parts.fragment)), 303)
