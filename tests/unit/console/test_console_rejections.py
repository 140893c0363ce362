"""A refused submission as the department desk keeps it: by department and period, the reasons
and the first characters of what was sent; one naming no catalogue scheme belongs to no desk."""

from __future__ import annotations

from services.console.rejections import RAW_KEPT, document
from shared.events.envelope import CloudEvent
from tests.unit.console.console_builders import scheme

SCHEMES = {"old-age-pension": scheme("old-age-pension", "social-welfare")}


def refusal(**data: object) -> CloudEvent:
    return CloudEvent.model_validate({"specversion": "1.0", "id": "ev-1", "type": "progress.rejected.v1",
                                      "source": "anushravan/ingest", "data": {
                                          "submission_id": "p-1", "scheme": "old-age-pension", "district": "agra",
                                          "period": "2026-03", "received_at": "2026-03-20T10:00:00Z",
                                          "reasons": [{"field": "values.x", "code": "negative", "message": "≥ 0"}],
                                          "raw": "x" * 70_000, **data}})


def test_a_refusal_is_kept_under_its_schemes_department_and_period_without_the_whole_body() -> None:
    doc = document(refusal(), SCHEMES)
    assert doc is not None
    assert (doc["_id"], doc["dp"], doc["department"], doc["district"]) == (
        "ev-1", "social-welfare|2026-03", "social-welfare", "agra")
    assert doc["reasons"] == [{"field": "values.x", "code": "negative", "message": "≥ 0"}]
    assert len(doc["raw"]) == RAW_KEPT


def test_a_refusal_naming_no_known_scheme_or_period_belongs_to_no_desk() -> None:
    assert document(refusal(scheme="no-such-scheme"), SCHEMES) is None
    assert document(refusal(scheme=None), SCHEMES) is None
    assert document(refusal(period=None), SCHEMES) is None
