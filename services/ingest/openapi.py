"""What the OpenAPI document says about bodies FastAPI does not parse itself: the request
bodies are read by the service (to bound their size while streaming), so they are declared
here, with examples, for clients and for schemathesis."""

from __future__ import annotations

from typing import Any

from services.ingest.answers import BatchUnavailable, ErrorAnswer
from services.ingest.domain.submission import EXAMPLE, SubmissionIn

CSV_EXAMPLE = (
    "submission_id,scheme,district,period,revision,applications_received,pending_institution,"
    "pending_pfms,pending_university\n"
    "sw-2026-03-kanpur-nagar-scpm-r1,sc-postmatric-scholarship,kanpur-nagar,2026-03,1,26466,614,1658,43\n"
)
NDJSON_EXAMPLE = '{"submission_id": "sw-2026-03-agra-scpm-r1", "scheme": "sc-postmatric-scholarship", ' \
    '"district": "agra", "period": "2026-03", "values": {"applications_received": 100, ' \
    '"pending_institution": 1, "pending_pfms": 2, "pending_university": 3}}\n'

SINGLE_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": SubmissionIn.model_json_schema(), "example": EXAMPLE},
}}}
BATCH_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string", "description": (
        "a header naming submission_id, scheme, district, period, revision (and optionally "
        "submitted_by), then one column per input field; an empty cell means the field is absent")},
        "example": CSV_EXAMPLE},
    "application/x-ndjson": {"schema": {"type": "string", "description": "one JSON submission per line"},
                             "example": NDJSON_EXAMPLE},
}}}


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorAnswer, "description": description}


COMMON: dict[int | str, dict[str, Any]] = {
    401: _error("no valid API key"),
    403: _error("the key's role or department may not submit this"),
    413: _error("the body is too large (or, for a batch, has too many lines)"),
    415: _error("unsupported media type"),
    422: _error("refused, with every reason"),
    429: {**_error("rate limited; see Retry-After"), "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
    503: {**_error("the broker did not acknowledge in time, or the database is unreachable: nothing is "
                   "confirmed; send it again after Retry-After"),
          "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
}
SINGLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **COMMON, 409: _error("the period is frozen, or the submission_id was used for different content"),
}
BATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **COMMON, 503: {**COMMON[503], "model": BatchUnavailable | ErrorAnswer},
}
