"""Events produced by departmental portals and the ingest service (CONTRACT §3)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from shared.events.base import Payload, Period
from shared.periods import PERIOD_PATTERN

PROGRESS_SUBMITTED = "progress.submitted.v1"
PROGRESS_REJECTED = "progress.rejected.v1"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Periods are parsed by shared/periods.py alone; this is its pattern, for schemas.
PERIOD = PERIOD_PATTERN


class ProgressSubmitted(Payload):
    """One department's figures for one scheme, district and period."""

    submission_id: str = Field(min_length=1, max_length=200, description="idempotency key")
    scheme: str = Field(min_length=1, max_length=80, pattern=SLUG)
    district: str = Field(min_length=1, max_length=80, pattern=SLUG)
    period: Period
    revision: int = Field(default=1, ge=1, le=1_000_000)
    values: dict[str, float] = Field(description="exactly the input fields the scheme's KPIs read")
    submitted_by: str | None = Field(default=None, max_length=200)


class Reason(Payload):
    field: str
    code: str
    message: str


class ProgressRejected(Payload):
    submission_id: str | None = None
    scheme: str | None = None
    district: str | None = None
    period: str | None = None
    reasons: list[Reason]
    raw: str = Field(description="the original message or body, truncated to 64 KiB")
    received_at: str

    @staticmethod
    def truncate(raw: bytes | str | Any) -> str:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
        return text.encode()[: 64 * 1024].decode("utf-8", errors="ignore")
