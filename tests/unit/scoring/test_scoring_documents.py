"""Stored documents say who submitted and why a figure was quarantined only when there is
something to say, and read back as the entry and submission they were made from."""

from __future__ import annotations

import pytest

from services.scoring.documents import audit_document, entry_from, score_document, submission_from_audit
from services.scoring.domain.entries import Entry, evaluate
from services.scoring.domain.intake import Submission
from tests.unit.scoring.scoring_builders import kpi, scheme

SCHEME = scheme("s", [kpi("k", plausible_max=1.0)])


def _entry(values: dict[str, float], submitted_by: str | None) -> Entry:
    return Entry("x-1", 2, "2026-03-20T00:00:00Z", submitted_by, values, evaluate(SCHEME, values))


@pytest.mark.parametrize("submitted_by", [None, "portal-officer-7"])
@pytest.mark.parametrize("values", [{"done": 5.0, "due": 10.0}, {"done": 50.0, "due": 10.0}])  # the second implausible
def test_documents_read_back_as_what_they_were_made_from(values: dict[str, float], submitted_by: str | None) -> None:
    entry = _entry(values, submitted_by)
    assert entry.status == ("quarantined" if values["done"] > values["due"] else "scored")
    submission = Submission("x-1", "s", "agra", "2026-03", 2, values, submitted_by)
    score = score_document("s", "dept", "2026-03", "agra", entry)
    audit = audit_document(submission, entry, {"event_id": "e-1"}, "dept")

    assert entry_from(score) == entry
    assert submission_from_audit(audit) == (submission, entry.submitted_at)
    for doc in (score, audit):
        assert ("submitted_by" in doc) == (submitted_by is not None)
        assert ("reasons" in doc) == (entry.status == "quarantined")
        assert doc.get("reasons", []) == [r.model_dump() for r in entry.evaluation.reasons]
