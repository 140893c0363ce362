"""Reading a request before it is examined: the body (its size is bounded while it streams in by
the guard, shared/guard.py, with the limits ingest declares for its doors), the media type, and
the per-key rate limit of submissions."""

from __future__ import annotations

import time
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from shared.auth import Principal
from shared.events.envelope import iso, utc_now
from shared.http import error
from shared.rate_limit import RateLimiter, retry_after

NEXT_REFUSED_WHOLE = "refused as a whole: nothing was queued; see errors, then send it again"

JSON_TYPES = ("application/json", "text/json")
CSV_TYPES = ("text/csv",)
NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")


class Refusal(Exception):
    """A request refused as a whole: answered `{"errors": [...], ...}` with `status`."""

    def __init__(self, status: int, code: str, message: str, field: str = "body",
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.errors = [error(field, code, message)]
        self.headers = headers or {}
        self.extra = extra or {}

    def response(self) -> JSONResponse:
        note = {"submission_id": None, "received_at": iso(utc_now()), "next": NEXT_REFUSED_WHOLE}
        return JSONResponse({"errors": self.errors, "receipt": note, **self.extra}, self.status,
                            headers=self.headers)


async def read_body(request: Request) -> bytes:
    """The body: the guard has refused it (413) as soon as it passed the door's limit."""
    return await request.body()


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def is_json(kind: str) -> bool:
    return kind in JSON_TYPES or kind.endswith("+json")


class Gate:
    """The per-key rate limit, counted per request (a batch counts once: its size has its own
    limit)."""

    def __init__(self, per_minute: int) -> None:
        self._limiter = RateLimiter(per_minute)

    def admit(self, principal: Principal) -> None:
        wait = self._limiter.admit(principal.key_id, time.monotonic())
        if wait > 0:
            raise Refusal(429, "rate_limited", f"too many requests for key {principal.key_id!r}; "
                          f"retry in {retry_after(wait)} s", field="Authorization",
                          headers={"Retry-After": retry_after(wait)})
