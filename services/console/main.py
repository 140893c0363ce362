"""The console's composition root: sessions and users, upstream reads and their caches, the
live consumer of `ranks.updated` and `alerts.rank-change` (a group per replica), the consumer of
`progress.rejected` (one group), the pages and desks, static files and error pages. A backend
for the browser: it reads the other services only through their HTTP APIs."""

from __future__ import annotations

import logging
import os
import socket
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from services.console.alerts_routes import alerts_router
from services.console.cache import ReadCache
from services.console.department_routes import department_router
from services.console.documents import documents_router
from services.console.domain.lockout import LockoutPolicy
from services.console.errors import SecurityHeaders, install_error_pages
from services.console.live import LiveHub, end_streams_on_stop
from services.console.login import login_router
from services.console.metrics import ConsoleMetrics
from services.console.minutes_routes import minutes_router
from services.console.pages import pages_router
from services.console.people import People
from services.console.reads import Reads
from services.console.rejections import GROUP as REJECTIONS_GROUP
from services.console.rejections import Rejections
from services.console.schema import SCHEMA
from services.console.sessions import LoginAttempts, Preferences, SessionStore
from services.console.settings import ConsoleSettings
from services.console.upstream import SERVICES, Upstream
from services.console.web import Web
from shared.clock import today_date
from shared.limits import Door
from shared.service import ServiceRuntime
from shared.topics import ALERTS, PROGRESS_REJECTED, RANKS_UPDATED

STATIC = Path(__file__).parent / "static"
ALERTS_CACHE_TTL_S = 5.0
# People's pages authenticate by their session cookie (login.py), not by a bearer key; the
# shared guard still bounds heads, bodies and slow clients before any of it runs. A meeting's
# directives in Hindi, form-encoded (nine bytes a letter), may run to several hundred KiB.
DOORS = [Door("/", "own"), Door("/static", "public", 0), Door("/districts", "own", 1024 * 1024)]
DESCRIPTION = "The Command Centre console: the state at a glance, each district and each scheme, in a browser."


def create_app(settings: Any = None) -> FastAPI:
    settings = settings if isinstance(settings, ConsoleSettings) else ConsoleSettings()
    runtime = ServiceRuntime("console", settings, SCHEMA)
    metrics = ConsoleMetrics(runtime.metrics.registry)

    def database() -> Any:
        return runtime.mongo.db

    upstream, cache = Upstream(settings, metrics), ReadCache(settings.cache_ttl_s, metrics)
    # Acknowledgements are no events: the alerts' cache lives briefly (ALERTS_CACHE_TTL_S).
    alerts_cache = ReadCache(min(settings.cache_ttl_s, ALERTS_CACHE_TTL_S), metrics)
    reads, hub = Reads(upstream, cache, alerts_cache), LiveHub(cache, metrics, alerts_cache)
    people = People(settings.users_file, lambda: {s.department.id for s in runtime.catalog.schemes.values()})
    sessions = SessionStore(database, settings.session_idle_s, settings.session_max_s)
    attempts = LoginAttempts(database, LockoutPolicy(settings.login_max_failures, settings.login_window_s,
                                                     settings.login_lockout_s))
    prefs, web = Preferences(database), Web(people, sessions, metrics)
    replica = settings.console_replica or f"{socket.gethostname()}-{os.getpid()}"
    runtime.consumer("live", [RANKS_UPDATED, ALERTS], f"console-{replica}", hub.handle)
    rejections = Rejections(database, lambda: runtime.catalog.schemes, settings.console_rejections_max)
    runtime.consumer("rejections", [PROGRESS_REJECTED], REJECTIONS_GROUP, rejections.handle)
    for service in SERVICES:
        runtime.health.add(service, lambda service=service: upstream.ready(service))  # type: ignore[misc]

    async def start() -> None:
        logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per upstream read otherwise
        people.load()
        end_streams_on_stop(hub)

    runtime.on_start(start)
    runtime.on_stop(upstream.close)
    routers = [login_router(web, sessions, attempts, prefs, settings, metrics),
               pages_router(web, reads, cache, runtime.catalog, hub, settings, metrics),
               documents_router(web, reads, upstream, metrics),
               alerts_router(web, reads, upstream, alerts_cache, runtime.catalog, metrics),
               minutes_router(web, reads, upstream, runtime.catalog, metrics),
               department_router(web, reads, rejections, runtime.catalog, today_date(settings), metrics)]
    app = runtime.http_app("Anushravan console", routers, DESCRIPTION, doors=DOORS)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_error_pages(app, web)
    app.add_middleware(SecurityHeaders)
    return app
