"""The alerts service's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from shared.service import ServiceRuntime
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = ServiceRuntime("alerts", settings, {})
    return runtime.http_app("Anushravan alerts", [])
