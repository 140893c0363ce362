"""The bodies of the ingest API's answers; each carries a receipt, because officers must be
able to prove what they uploaded and when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, Field

from services.ingest.outcomes import Result
from shared.events.envelope import iso
from shared.events.ingest import Reason

NEXT_ACCEPTED = ("queued for scoring: its outcome (scored; quarantined, with the reasons; or rejected) at "
                 "GET /v1/submissions/{submission_id} of the scoring service, the district's scores at "
                 "GET /v1/districts/{district}/{period} there, both readable with this key")
NEXT_SUPERSEDED = ("superseded: revision {higher} of this scheme, district and period was accepted before; "
                   "this revision is queued and kept in the audit trail, but revision {higher} is the one "
                   "scored. To correct the figures, send them as a revision above {higher}")
NEXT_DUPLICATE = "already received: nothing new was queued; the first receipt stands"
NEXT_REFUSED = ("refused: nothing was queued; the reasons were also published to progress.rejected; "
                "correct the submission and send it again")
NEXT_FORBIDDEN = ("refused: this key may not submit for the scheme's department; nothing was queued; "
                  "send it with the department's own key")
NEXT_UNAVAILABLE = ("not confirmed: send the same again after Retry-After; what was acknowledged "
                    "will answer 'duplicate', and nothing is counted twice")
NEXT_BATCH = ("accepted lines are queued for scoring (each line's outcome at GET /v1/submissions/{submission_id} "
              "and the district's scores at GET /v1/districts/{district}/{period} of the scoring service, "
              "readable with this key); rejected lines were published to progress.rejected and can be "
              "corrected and sent again")


class ErrorItem(BaseModel):
    field: str
    code: str
    message: str


class Receipt(BaseModel):
    submission_id: str | None = Field(description="as sent, when it could be read")
    received_at: str = Field(description="when this request was received (UTC, RFC 3339)")
    first_received_at: str | None = Field(
        default=None, description="for a duplicate: when the submission was first received")
    content_sha256: str | None = Field(default=None, description="hash of the submission as queued")
    superseded_by_revision: int | None = Field(
        default=None, description="a higher revision of the same scheme, district and period was accepted: "
        "this one is kept but does not count")
    next: str = Field(description="what happens next")
    outcome: str | None = Field(default=None, description="for an accepted submission: where the scoring service "
                                "tells what became of it (a path of the scoring API)")


class SubmissionAnswer(BaseModel):
    submission_id: str
    status: Literal["accepted", "duplicate"]
    receipt: Receipt


class ErrorAnswer(BaseModel):
    errors: list[ErrorItem]
    receipt: Receipt | None = None


class LineErrors(BaseModel):
    line: int = Field(description="1-based line number in the body (a CSV header is line 1)")
    submission_id: str | None
    errors: list[ErrorItem]


class SupersededLine(BaseModel):
    line: int
    submission_id: str
    revision: int
    superseded_by_revision: int = Field(description="the higher revision that counts")


class BatchReceipt(BaseModel):
    received_at: str
    body_sha256: str = Field(description="hash of the body as received")
    lines: int = Field(description="submissions read from the body")
    next: str


class BatchAnswer(BaseModel):
    accepted: int
    duplicates: int
    rejected: list[LineErrors]
    superseded: list[SupersededLine] = Field(
        default_factory=list, description="accepted lines (counted in `accepted`) that a higher revision outranks")
    receipt: BatchReceipt


class BatchUnavailable(BatchAnswer):
    """503: the broker did not acknowledge every accepted line in time."""

    errors: list[ErrorItem]
    acknowledged_lines: list[int] = Field(description="lines the broker acknowledged: safe")
    unacknowledged_lines: list[int] = Field(description="lines to send again")


def errors(reasons: Sequence[Reason]) -> list[ErrorItem]:
    return [ErrorItem(field=r.field, code=r.code, message=r.message) for r in reasons]


def receipt(result: Result, received_at: str, next_step: str) -> Receipt:
    first = result.first_received_at
    return Receipt(
        submission_id=result.submission_id, received_at=received_at,
        first_received_at=iso(first) if first and result.status == "duplicate" else None,
        content_sha256=result.submission.digest if result.submission else None,
        outcome=outcome_path(result.submission_id) if result.status in ("accepted", "duplicate") else None,
        superseded_by_revision=result.superseded_by or None if result.status == "accepted" else None, next=next_step,
    )


def outcome_path(submission_id: str | None) -> str | None:
    """`GET` this on the scoring service: what became of the submission."""
    return None if submission_id is None else f"/v1/submissions/{quote(submission_id, safe='')}"


def next_for(result: Result) -> str:
    if result.status == "accepted" and result.submission and result.superseded_by:
        return NEXT_SUPERSEDED.format(higher=result.superseded_by)
    if result.status == "accepted" and result.submission:
        event = result.submission.event
        return (NEXT_ACCEPTED.replace("{district}", event.district).replace("{period}", event.period)
                .replace("{submission_id}", event.submission_id))
    if any(r.code == "forbidden" for r in result.reasons):
        return NEXT_FORBIDDEN
    return {"duplicate": NEXT_DUPLICATE, "unacknowledged": NEXT_UNAVAILABLE}.get(result.status, NEXT_REFUSED)


def batch_answer(results: Sequence[Result], body_receipt: BatchReceipt) -> BatchAnswer:
    rejected = [LineErrors(line=r.number, submission_id=r.submission_id, errors=errors(r.reasons))
                for r in results if r.status == "rejected"]
    superseded = [SupersededLine(line=r.number, submission_id=r.submission.event.submission_id,
                                 revision=r.submission.event.revision, superseded_by_revision=r.superseded_by)
                  for r in results if r.status == "accepted" and r.superseded_by and r.submission]
    return BatchAnswer(accepted=sum(r.status == "accepted" for r in results),
                       duplicates=sum(r.status == "duplicate" for r in results),
                       rejected=rejected, superseded=superseded, receipt=body_receipt)
