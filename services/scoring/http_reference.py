"""Reference endpoints of the scoring service: the units and the catalogue as scoring holds it.
Submitter keys read them too: a portal submits against the catalogue and the district ids."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from shared.catalog_view import CatalogView
from shared.districts import load_districts
from shared.http import require


def reference_router(catalog: CatalogView) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["reference"], dependencies=[Depends(require("viewer", "submitter"))])

    @router.get("/districts", summary="The units known, with Hindi and English names and division")
    async def districts() -> list[dict[str, Any]]:
        return [d.model_dump(mode="json") for d in load_districts()]

    @router.get("/schemes", summary="The catalogue as scoring holds it (scheme.defined.v1 data)")
    async def schemes() -> list[dict[str, Any]]:
        return [s.model_dump(mode="json") for s in sorted(catalog.schemes.values(), key=lambda s: s.id)]

    return router
