"""A department's submissions in a period, for its desk in the console (and its own portal):
every district's figures that count for each of its schemes — scored or quarantined with the
reasons, the revision and when it was submitted. A district without a row has sent nothing
that scoring accepted. Viewer keys read every department, a submitter key its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pymongo.asynchronous.database import AsyncDatabase

from services.scoring.documents import Document
from services.scoring.schema import SCORES
from shared.auth import Principal
from shared.catalog_view import CatalogView
from shared.events.ingest import SLUG
from shared.http import ApiError, error, require
from shared.latest import is_latest
from shared.params import PeriodPath
from shared.suggest import unknown

FIELDS = {"_id": 0, "scheme": 1, "district": 1, "status": 1, "marks": 1, "grade": 1, "revision": 1,
          "submitted_at": 1, "submitted_by": 1, "reasons": 1, "submission_id": 1}
Department = Annotated[str, Path(pattern=SLUG, max_length=80, description="department id, e.g. social-welfare")]


class DepartmentQueries:
    def __init__(self, database: Callable[[], AsyncDatabase[Document]]) -> None:
        self._database = database

    async def submissions(self, schemes: list[str], period: str) -> list[Document]:
        """The scores that count for these schemes in the period (one query per scheme: each an
        equality the index `scheme_1_period_1` answers)."""
        out: list[Document] = []
        for scheme in schemes:
            out.extend(await self._database()[SCORES].find({"scheme": scheme, "period": period}, FIELDS)
                       .to_list(None))
        return out


def department_router(queries: DepartmentQueries, catalog: CatalogView) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["dashboards"])

    @router.get("/departments/{department}/{period}/submissions",
                summary="Every district's figures that count for each of the department's schemes in a period")
    async def department_submissions(
        department: Department, period: PeriodPath,
        principal: Annotated[Principal, Depends(require("viewer", "submitter"))],
    ) -> dict[str, Any]:
        schemes = sorted(s.id for s in catalog.schemes.values() if s.department.id == department)
        if not schemes:
            known = sorted({s.department.id for s in catalog.schemes.values()})
            raise ApiError(404, [error("department", "unknown_department", unknown("department", department, known))])
        if not principal.may_read_department(department):
            raise ApiError(403, [error("Authorization", "forbidden", f"key {principal.key_id!r} reads only "
                                       f"{', '.join(sorted(principal.departments))}")])
        if is_latest(period):
            raise ApiError(422, [error("path.period", "latest_not_supported", "name the period (YYYY-MM)")])
        rows = await queries.submissions(schemes, period)
        return {"department": department, "period": period, "schemes": schemes,
                "submissions": [{**r, "reasons": r.get("reasons") or []} for r in rows]}

    return router
