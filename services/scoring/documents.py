"""How the scheme stage's values are stored: entries, audit records and final results."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.scoring.domain.entries import Entry, Evaluation
from services.scoring.domain.intake import Submission
from services.scoring.schema import score_key
from shared.events.ingest import Reason
from shared.events.scoring import PreviousResult
from shared.submission_rules import scoped_id

Document = dict[str, Any]


def entry_fields(entry: Entry) -> Document:
    ev = entry.evaluation
    doc = {
        "submission_id": entry.submission_id, "revision": entry.revision, "submitted_at": entry.submitted_at,
        "values": dict(entry.values), "status": ev.status, "marks": ev.marks, "grade": ev.grade, "kpis": ev.kpis,
        "version": entry.version_key,
    }
    return _sparse(doc, entry)


def _sparse(doc: Document, entry: Entry) -> Document:
    """Who submitted and why a figure was quarantined, stored only when there is something to say:
    each field costs the embedded database about 2 µs of the ~50 µs of inserting a document
    (measured), twice per submission; readers take a missing one as none."""
    if entry.submitted_by is not None:
        doc["submitted_by"] = entry.submitted_by
    if entry.evaluation.reasons:
        doc["reasons"] = [r.model_dump() for r in entry.evaluation.reasons]
    return doc


def entry_from(doc: Mapping[str, Any]) -> Entry:
    evaluation = Evaluation(
        status=doc["status"], marks=doc.get("marks"), grade=doc.get("grade"), kpis=dict(doc.get("kpis") or {}),
        reasons=tuple(Reason.read(r) for r in doc.get("reasons") or ()),
    )
    return Entry(
        submission_id=doc["submission_id"], revision=int(doc["revision"]), submitted_at=doc["submitted_at"],
        submitted_by=doc.get("submitted_by"), values={k: float(v) for k, v in doc["values"].items()},
        evaluation=evaluation,
    )


def score_document(scheme: str, department: str, period: str, district: str, entry: Entry) -> Document:
    """The current score of a district: the entry that counts, as evaluated now."""
    return {"_id": score_key(scheme, period, district), "scheme": scheme, "department": department,
            "period": period, "district": district, **entry_fields(entry)}


def audit_document(submission: Submission, entry: Entry, received: Mapping[str, Any], department: str) -> Document:
    """One version in the audit trail: who sent what, when, and how it was evaluated on arrival
    (the marks that count are in `scores`, which names the version that counts).

    `received` names the event id, source, reception time and Kafka position. The document's
    `_id` is the submission id within the scheme's department (the deduplication).
    """
    doc = {"_id": scoped_id(department, submission.submission_id), "submission_id": submission.submission_id,
           "scheme": submission.scheme, "district": submission.district,
           "period": submission.period, "revision": entry.revision, "submitted_at": entry.submitted_at,
           "values": dict(entry.values), "status": entry.evaluation.status, **received}
    return _sparse(doc, entry)


def submission_from_audit(doc: Mapping[str, Any]) -> tuple[Submission, str]:
    """The stored submission and its `submitted_at`, to fold a redelivered one again."""
    submission = Submission(
        submission_id=doc["submission_id"], scheme=doc["scheme"], district=doc["district"], period=doc["period"],
        revision=int(doc["revision"]), values={k: float(v) for k, v in doc["values"].items()},
        submitted_by=doc.get("submitted_by"),
    )
    return submission, doc["submitted_at"]


def previous_from(doc: Mapping[str, Any]) -> PreviousResult:
    return PreviousResult(period=doc["period"], marks=doc.get("marks"), grade=doc.get("grade"),
                          rank=doc.get("rank"), of=doc.get("of"))
