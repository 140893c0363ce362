"""HTTP plumbing shared by every service: the limits before work (shared/guard.py), JSON error
bodies, API-key authorisation, route-template metrics, and the unauthenticated /healthz,
/readyz and /metrics.

A service declares its doors (shared/limits.py) when it creates its app: by default every path
but the operations endpoints needs a bearer key, checked before the body is read, and bodies
are held to the JSON limit. A path with its own authentication (the console's pages with their
session cookie) is declared `Door("/", auth="own")`; a route that takes large bodies declares
its own limit (ingest's batches)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import Keys, Principal, Role
from shared.clock import period_window
from shared.guard import Guard
from shared.health import Health
from shared.limits import Door, Doors, Limits
from shared.observability import ServiceMetrics
from shared.openapi import document
from shared.periods import PeriodWindow
from shared.settings import Settings
from shared.text import UNENCODABLE, printable


def error(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}


class ApiError(Exception):
    """Raised by handlers; answered as `{"errors": [...]}` with the given status."""

    def __init__(self, status: int, errors: Sequence[dict[str, str]],
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(errors)
        self.status = status
        self.errors = list(errors)
        self.headers = headers or {}


# pydantic's name for a string it cannot take as Unicode (a lone surrogate): our one code for it.
_CODES = {"string_unicode": UNENCODABLE}


def _field(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse({"errors": exc.errors}, exc.status, headers=exc.headers)

    async def invalid(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [error(printable(_field(e["loc"])), _CODES.get(str(e["type"]), str(e["type"])),
                        printable(str(e["msg"]))) for e in exc.errors()]
        return JSONResponse({"errors": errors}, 422)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return JSONResponse({"errors": [error("", f"http_{exc.status_code}", str(exc.detail))]},
                            exc.status_code, headers=getattr(exc, "headers", None))

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)


# The headers by which a key marked `acts_for_users` names the person it acts for (shared/acting.py).
ACTING_USER = "X-Anushravan-User"
ACTING_HEADERS = (ACTING_USER, "X-Anushravan-User-Role", "X-Anushravan-User-District", "X-Anushravan-User-Departments")


def asks_to_act(headers: Mapping[str, str]) -> bool:
    """Whether a request names a person to act for (any of the acting headers)."""
    return any(headers.get(h) is not None for h in ACTING_HEADERS)


def principal_of(request: Request) -> Principal:
    """The caller's key, or 401. The guard has authenticated it already (before the body was
    read) behind a bearer door."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None:
        keys: Keys = request.app.state.keys
        scheme, _, secret = request.headers.get("authorization", "").partition(" ")
        principal = keys.authenticate(secret.strip()) if scheme.lower() == "bearer" and secret else None
    if principal is None:
        raise ApiError(401, [error("Authorization", "unauthenticated",
                                   "a valid 'Authorization: Bearer <key>' header is required")],
                       {"WWW-Authenticate": "Bearer"})
    return principal


def require(*roles: Role) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the caller's Principal, or 401 / 403 (admin may do everything; a district key
    reads what a viewer reads). These routes
    act for the key alone: a request naming a person to act for is refused (shared/acting.py has
    the routes that do act for people)."""
    # A district key reads what a viewer reads; what it may change is its district's (shared/authority/).
    allowed = set(roles) | {"admin"} | ({"district"} if "viewer" in roles else set())

    async def dependency(request: Request) -> Principal:
        principal = principal_of(request)
        if principal.role not in allowed:
            raise ApiError(403, [error("Authorization", "forbidden",
                                       f"role {principal.role!r} may not do this; needs {sorted(allowed)}")])
        if asks_to_act(request.headers):
            raise ApiError(403, [error(ACTING_USER, "delegation_refused", f"{request.method} {request.url.path} "
                                       "does not act for people: send it without the X-Anushravan-User headers")])
        return principal

    return dependency


# Any token is a valid HTTP method to the server; label values must stay a known, small set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class MetricsMiddleware:
    """Counts requests by route template (never raw paths: no unbounded label values)."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"] if scope.get("method") in METHODS else "other"
            self.metrics.http_requests.labels(template, method, str(status[0])).inc()
            self.metrics.http_duration.labels(template, method).observe(time.perf_counter() - started)


def ops_router(health: Health, metrics: ServiceMetrics) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is up")
    async def healthz() -> dict[str, object]:
        return {"status": "ok", "service": metrics.service,
                **{name: fact() for name, fact in health.info.items()}}

    @router.get("/readyz", summary="Broker and database are reachable and consumers are not stuck")
    async def readyz() -> Response:
        ok, detail = await health.report()
        metrics.ready.set(1 if ok else 0)
        return JSONResponse({"status": "ready" if ok else "unready", "checks": detail}, 200 if ok else 503)

    @router.get("/metrics", summary="Prometheus text format", response_class=PlainTextResponse)
    async def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router


def create_http_app(title: str, metrics: ServiceMetrics, health: Health, keys: Keys,
                    lifespan: Any, description: str = "", *, limits: Limits | None = None,
                    doors: Sequence[Door] = (), periods: Callable[[], PeriodWindow] | None = None) -> FastAPI:
    """The service's app: `doors` say which paths are not behind a bearer key or take bodies
    larger than `limits.json_body_bytes` (shared/limits.py); `periods` gives the periods a
    path or query may name (shared/params.py; default: from the settings)."""
    limits = limits or Limits.of(Settings())
    gates = Doors(doors, limits.json_body_bytes)
    app = FastAPI(title=title, version="1.0.0", description=description, lifespan=lifespan)
    app.state.keys = keys
    app.state.periods = periods or period_window(Settings())
    install_error_handlers(app)
    # Added first, so inside the metrics: refusals and unexpected errors are counted too.
    app.add_middleware(Guard, doors=gates, limits=limits, keys=lambda: app.state.keys, routes=lambda: app.routes,
                       refusals=metrics.http_refusals)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.include_router(ops_router(health, metrics))
    app.openapi = document(app, gates)  # type: ignore[method-assign]
    return app
