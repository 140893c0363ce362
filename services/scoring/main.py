"""The scoring service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from services.scoring.http_reference import reference_router
from shared.service import ServiceRuntime
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime("scoring", settings, {})
    return runtime.http_app("Anushravan scoring", [reference_router(runtime.catalog)])
