"""`POST /v1/submissions` and `POST /v1/submissions:batch` (CONTRACT §4)."""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from services.ingest.answers import (
    NEXT_BATCH,
    BatchAnswer,
    BatchReceipt,
    BatchUnavailable,
    ErrorItem,
    Receipt,
    SubmissionAnswer,
    batch_answer,
    errors,
    next_for,
    receipt,
)
from services.ingest.domain.csv_batch import read_csv
from services.ingest.domain.lines import Line, TooManyLines, UnreadableBatch
from services.ingest.domain.ndjson_batch import read_json_line, read_ndjson
from services.ingest.intake import DatabaseUnavailable, Intake
from services.ingest.metrics import IngestMetrics
from services.ingest.openapi import BATCH_BODY, BATCH_RESPONSES, SINGLE_BODY, SINGLE_RESPONSES
from services.ingest.outcomes import Result
from services.ingest.requests import CSV_TYPES, NDJSON_TYPES, Gate, Refusal, is_json, media_type, read_body
from shared.acting import key_permitted
from shared.auth import Principal
from shared.authority.figures import may
from shared.events.envelope import iso, utc_now
from shared.limits import Door
from shared.settings import Settings

# Submitter and admin keys (shared/authority/figures.py); each submission's department is judged
# per submission (domain/submission.py). People never submit: a request acting for one is refused.
Submitter = Annotated[Principal, Depends(key_permitted(may))]


def submissions_router(intake: Intake, settings: Settings, metrics: IngestMetrics) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["submissions"])
    gate = Gate(settings.rate_limit_per_minute)
    unavailable = {"Retry-After": str(max(1, math.ceil(settings.ingest_ack_timeout_s)))}

    async def take(lines: list[Line], principal: Principal, received_at: datetime) -> list[Result]:
        try:
            return await intake.take(lines, principal, received_at)
        except DatabaseUnavailable:
            raise Refusal(503, "database_unavailable", "the receipts database is unreachable; nothing "
                          "was queued", headers=unavailable) from None

    @router.post("/submissions", status_code=202, summary="Submit one scheme's figures for one district",
                 response_model=SubmissionAnswer, responses=SINGLE_RESPONSES, openapi_extra=SINGLE_BODY)
    async def submit(request: Request, principal: Submitter) -> Response:
        received_at = now_ms()
        gate.admit(principal)
        kind = media_type(request)
        if not is_json(kind):
            raise Refusal(415, "unsupported_media_type", f"send application/json, not {kind or 'nothing'}")
        body = await read_body(request)
        [result] = await take([read_json_line(0, body, field="body")], principal, received_at)
        return single_answer(result, iso(received_at), unavailable)

    @router.post("/submissions:batch", summary="Submit many submissions as CSV or NDJSON",
                 response_model=BatchAnswer, responses=BATCH_RESPONSES, openapi_extra=BATCH_BODY)
    async def submit_batch(request: Request, principal: Submitter) -> Response:
        received_at = now_ms()
        gate.admit(principal)
        kind = media_type(request)
        if kind not in CSV_TYPES + NDJSON_TYPES:
            raise Refusal(415, "unsupported_media_type", "send text/csv or application/x-ndjson")
        body = await read_body(request)
        lines = read_lines(body, kind, settings.max_batch_lines)
        metrics.batch_lines.observe(len(lines))
        results = await take(lines, principal, received_at)
        body_receipt = BatchReceipt(received_at=iso(received_at), body_sha256=hashlib.sha256(body).hexdigest(),
                                    lines=len(lines), next=NEXT_BATCH)
        return batch_response(results, body_receipt, unavailable)

    return router


def now_ms() -> datetime:
    """Now, to the millisecond: the precision MongoDB stores, so receipts match the record."""
    now = utc_now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def read_lines(body: bytes, kind: str, max_lines: int) -> list[Line]:
    try:
        return read_csv(body, max_lines) if kind in CSV_TYPES else read_ndjson(body, max_lines)
    except TooManyLines as exc:
        raise Refusal(413, "too_many_lines", str(exc)) from None
    except UnreadableBatch as exc:
        first = exc.reasons[0]
        raise Refusal(422, first.code, first.message, field=first.field) from None


def single_answer(result: Result, received_at: str, unavailable: dict[str, str]) -> Response:
    note = receipt(result, received_at, next_for(result))
    if result.status in ("accepted", "duplicate") and result.submission:
        answer = SubmissionAnswer(submission_id=result.submission.event.submission_id,
                                  status="accepted" if result.status == "accepted" else "duplicate",
                                  receipt=note)
        return JSONResponse(answer.model_dump(mode="json"), 202)
    if result.status == "unacknowledged":
        items = [ErrorItem(field="body", code="broker_unavailable",
                           message="the broker did not acknowledge the submission in time")]
        return _errors(503, items, note, unavailable)
    codes = {r.code for r in result.reasons}
    status = 403 if "forbidden" in codes else 409 if codes & {"period_frozen", "submission_conflict"} else 422
    return _errors(status, errors(result.reasons), note, {})


def batch_response(results: list[Result], body_receipt: BatchReceipt, unavailable: dict[str, str]) -> Response:
    answer = batch_answer(results, body_receipt)
    missing = [r.number for r in results if r.status == "unacknowledged"]
    if not missing:
        return JSONResponse(answer.model_dump(mode="json"), 200)
    item = ErrorItem(field="body", code="broker_unavailable", message=(
        f"the broker did not acknowledge {len(missing)} line(s) in time; send the batch again: "
        "acknowledged lines will answer as duplicates"))
    body = BatchUnavailable(**answer.model_dump(), errors=[item],
                            acknowledged_lines=[r.number for r in results if r.status == "accepted"],
                            unacknowledged_lines=missing)
    return JSONResponse(body.model_dump(mode="json"), 503, headers=unavailable)


def _errors(status: int, items: list[ErrorItem], note: Receipt, headers: dict[str, str]) -> Response:
    return JSONResponse({"errors": [i.model_dump() for i in items], "receipt": note.model_dump(mode="json")},
                        status, headers=headers)


def doors(settings: Settings) -> list[Door]:
    """A submission may carry up to `max_body_bytes`, a batch `max_batch_body_bytes`; the guard
    refuses a larger body (413) as soon as it passes the limit, without reading the rest."""
    return [Door("/v1/submissions", "bearer", settings.max_body_bytes),
            Door("/v1/submissions:batch", "bearer", settings.max_batch_body_bytes)]


def install_refusals(app: FastAPI, metrics: IngestMetrics) -> None:
    """Answer a Refusal with its status, errors and a receipt, and count its reason."""

    async def refused(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, Refusal)
        metrics.refused(e["code"] for e in exc.errors)
        return exc.response()

    app.add_exception_handler(Refusal, refused)
