"""Reading a request before it is examined: the size limit (checked while the body streams
in, never after buffering it), the media type, and the per-key rate limit."""

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


async def read_body(request: Request, limit: int) -> bytes:
    """The body, or 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> Refusal:
    return Refusal(413, "body_too_large", f"the body exceeds {limit} bytes")


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
