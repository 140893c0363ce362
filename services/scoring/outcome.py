"""What became of a submission, as `GET /v1/submissions/{id}` tells its sender.

- `scored` or `quarantined` (with the reasons: a KPI out of its plausibility bounds), as
  evaluated when it arrived, and whether it is the version that counts now (a later
  revision supersedes it, and is named);
- `rejected`: scoring refused it (a frozen or future period, an unknown field, …), with the
  reasons also published on `progress.rejected`;
- nothing yet: not received by scoring (the caller answers 404).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from services.scoring.queries import Queries

Doc = Mapping[str, Any]


async def outcome(queries: Queries, submission_id: str, departments: Iterable[str]) -> dict[str, Any] | None:
    """The outcome of the id as sent by one of `departments` (ids are scoped by department)."""
    audit = await queries.submission(submission_id, departments)
    if audit is not None:
        counting = await queries.counting(audit["scheme"], audit["period"], audit["district"])
        return received(audit, counting)
    return rejected(submission_id, await queries.rejections(submission_id))


def received(audit: Doc, counting: Doc | None) -> dict[str, Any]:
    """An accepted (scored or quarantined) version and its place among the revisions."""
    sid = audit["submission_id"]
    counts = counting is not None and counting.get("submission_id") == sid
    scored = counts and audit["status"] == "scored"
    district, period = audit["district"], audit["period"]
    return {
        "submission_id": sid, "scheme": audit["scheme"], "district": district, "period": period,
        "revision": audit.get("revision"), "received_at": audit.get("received_at"),
        "status": audit["status"], "reasons": list(audit.get("reasons") or []),
        "counts": counts,
        "superseded_by": None if counts or counting is None else counting.get("submission_id"),
        "marks": counting.get("marks") if scored and counting else None,
        "grade": counting.get("grade") if scored and counting else None,
        "scores": f"/v1/districts/{district}/{period}",
    }


def rejected(submission_id: str, refusals: Sequence[Doc]) -> dict[str, Any] | None:
    """The latest refusal of a submission id, or None when scoring has not refused it."""
    if not refusals:
        return None
    latest = refusals[0]
    return {
        "submission_id": submission_id, "scheme": latest.get("scheme"), "district": latest.get("district"),
        "period": latest.get("period"), "revision": None, "received_at": latest.get("received_at"),
        "status": "rejected", "reasons": list(latest.get("reasons") or []), "counts": False,
        "superseded_by": None, "marks": None, "grade": None, "scores": None,
    }
