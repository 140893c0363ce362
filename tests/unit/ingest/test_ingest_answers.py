"""What each answer says: status code, errors and a receipt in every one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from services.ingest.answers import BatchReceipt
from services.ingest.domain.idempotency import ACCEPTED, Prior
from services.ingest.domain.lines import Line
from services.ingest.domain.submission import examine
from services.ingest.http import batch_response, single_answer
from services.ingest.outcomes import Result, Status
from shared.events.ingest import Reason
from tests.unit.ingest.ingest_builders import doc, rules

RECEIVED = "2026-03-24T10:00:00.000Z"
UNAVAILABLE = {"Retry-After": "5"}


def result(status: Status, raw: Any = None, number: int = 0, **rule: Any) -> Result:
    r = Result.of(Line(number, raw or doc(), "{}"), examine(raw or doc(), rules(**rule)))
    if r.status != "rejected":
        r.status = status
    return r


def body(response: Any) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(response.body)
    return answer


def test_an_accepted_submission_is_202_with_a_receipt_naming_where_its_result_will_appear() -> None:
    response = single_answer(result("accepted"), RECEIVED, UNAVAILABLE)
    answer = body(response)
    assert (response.status_code, answer["status"], answer["submission_id"]) == (202, "accepted", "s1")
    assert answer["receipt"]["received_at"] == RECEIVED
    assert "GET /v1/districts/agra/2026-03" in answer["receipt"]["next"]


def test_a_duplicate_is_202_and_its_receipt_gives_when_it_was_first_received() -> None:
    r = result("duplicate")
    r.prior = Prior("h", ACCEPTED, datetime(2026, 3, 20, 9, 30, tzinfo=UTC))
    answer = body(single_answer(r, RECEIVED, UNAVAILABLE))
    assert answer["status"] == "duplicate"
    assert answer["receipt"]["first_received_at"] == "2026-03-20T09:30:00Z"


@pytest.mark.parametrize(("raw", "rule", "status", "code"), [
    (doc(values={"pending": -1, "received": 1}), {}, 422, "negative"),
    (doc(scheme="jsy"), {"departments": frozenset({"social-welfare"})}, 403, "forbidden"),
    (doc(), {"frozen": frozenset({"2026-03"})}, 409, "period_frozen"),
])
def test_a_refused_submission_has_the_status_its_reasons_call_for(
    raw: dict[str, Any], rule: dict[str, Any], status: int, code: str,
) -> None:
    response = single_answer(result("rejected", raw, **rule), RECEIVED, UNAVAILABLE)
    answer = body(response)
    assert (response.status_code, [e["code"] for e in answer["errors"]]) == (status, [code])
    assert answer["receipt"]["submission_id"] == "s1" and "nothing was queued" in answer["receipt"]["next"]


def test_a_conflicting_submission_is_409() -> None:
    r = result("pending")
    r.reject(Reason(field="submission_id", code="submission_conflict", message="…"))
    assert single_answer(r, RECEIVED, UNAVAILABLE).status_code == 409


def test_an_unacknowledged_submission_is_503_with_retry_after_never_202() -> None:
    response = single_answer(result("unacknowledged"), RECEIVED, UNAVAILABLE)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "5")
    assert body(response)["errors"][0]["code"] == "broker_unavailable"


RECEIPT = BatchReceipt(received_at=RECEIVED, body_sha256="0" * 64, lines=3, next="…")


def test_a_batch_answer_counts_accepted_and_duplicates_and_lists_each_rejected_line() -> None:
    results = [result("accepted", number=2), result("duplicate", number=3),
               result("rejected", doc(values={}), number=4)]
    response = batch_response(results, RECEIPT, UNAVAILABLE)
    answer = body(response)
    assert (response.status_code, answer["accepted"], answer["duplicates"]) == (200, 1, 1)
    assert [(r["line"], r["submission_id"]) for r in answer["rejected"]] == [(4, "s1")]
    assert answer["receipt"]["body_sha256"] == "0" * 64


def test_a_batch_not_wholly_acknowledged_is_503_listing_what_was_and_what_was_not() -> None:
    results = [result("accepted", number=2), result("unacknowledged", number=3), result("unacknowledged", number=4)]
    response = batch_response(results, RECEIPT, UNAVAILABLE)
    answer = body(response)
    assert (response.status_code, response.headers["Retry-After"]) == (503, "5")
    assert (answer["acknowledged_lines"], answer["unacknowledged_lines"]) == ([2], [3, 4])
    assert answer["errors"][0]["code"] == "broker_unavailable" and answer["accepted"] == 1
