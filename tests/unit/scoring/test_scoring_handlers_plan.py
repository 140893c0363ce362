"""The intake of a consumed batch: refuse, admit, and recognise duplicates by submission id."""

import json
from types import SimpleNamespace
from typing import Any

from services.scoring.documents import audit_document
from services.scoring.domain.entries import Entry, evaluate
from services.scoring.domain.intake import Submission
from services.scoring.intake_plan import Intake
from services.scoring.records import Reading, read
from shared.periods import PeriodWindow
from tests.unit.scoring.scoring_builders import kpi, scheme

WINDOW = PeriodWindow(2018, "2026-03")

SCHEME = scheme("s", [kpi("k")])
INTAKE = Intake({"s": SCHEME}, {"agra", "banda"}, WINDOW, set())


def _reading(offset: int, **data: Any) -> Reading:
    body = {"submission_id": "x-1", "scheme": "s", "district": "agra", "period": "2026-03",
            "values": {"done": 1, "due": 2}, **data}
    value = json.dumps({"specversion": "1.0", "id": f"e{offset}", "type": "progress.submitted.v1",
                        "source": "t", "time": "2026-03-24T10:00:00Z", "data": body}).encode()
    record = SimpleNamespace(topic="progress.submitted", partition=0, offset=offset, value=value, timestamp=1)
    return read(record, "progress.submitted.v1")


def test_a_new_submission_is_admitted_evaluated_and_written_to_the_audit_trail() -> None:
    plan = INTAKE.plan([_reading(0)], {})
    [arrival] = plan.arrivals
    assert (arrival.again, arrival.entry.marks, arrival.entry.submitted_at) == (False, 5.0, "2026-03-24T10:00:00Z")
    [audit] = plan.audit
    assert (audit["_id"], audit["event_id"], audit["position"], audit["status"]) == (
        "dept|x-1", "e0", "progress.submitted/0/0", "scored")
    assert audit["submission_id"] == "x-1"
    assert plan.outcomes == {"scored": 1}


def test_the_same_id_twice_in_a_batch_is_admitted_once_and_folded_again_as_a_duplicate() -> None:
    plan = INTAKE.plan([_reading(0), _reading(1, values={"done": 2, "due": 2})], {})
    assert [a.again for a in plan.arrivals] == [False, True]
    assert plan.arrivals[1].entry == plan.arrivals[0].entry  # the first version stays the one stored
    assert len(plan.audit) == 1 and plan.outcomes == {"scored": 1, "duplicate": 1}


def test_an_id_already_in_the_audit_trail_is_folded_again_from_what_was_stored() -> None:
    values = {"done": 2.0, "due": 2.0}
    entry = Entry("x-1", 1, "2026-03-20T00:00:00Z", None, values, evaluate(SCHEME, values))
    stored = audit_document(Submission("x-1", "s", "agra", "2026-03", 1, values, None), entry, {}, "dept")
    plan = INTAKE.plan([_reading(0)], {"dept|x-1": stored})
    [arrival] = plan.arrivals
    assert (arrival.again, arrival.entry) == (True, entry)
    assert plan.audit == [] and plan.outcomes == {"duplicate": 1}


def test_a_refusal_names_the_submission_keeps_the_raw_message_and_is_identified_by_its_position() -> None:
    plan = INTAKE.plan([_reading(3, district="atlantis")], {})
    [(topic, key, value)] = plan.refusals
    event = json.loads(value)
    assert (topic, key, event["type"]) == ("progress.rejected", "s", "progress.rejected.v1")
    assert event["data"]["district"] == "atlantis" and event["data"]["raw"].startswith('{"specversion"')
    assert plan.outcomes == {"rejected": 1} and plan.arrivals == []
    assert json.loads(INTAKE.plan([_reading(3, district="atlantis")], {}).refusals[0][2])["id"] == event["id"]


def test_an_implausible_submission_is_admitted_as_quarantined() -> None:
    plan = INTAKE.plan([_reading(0, values={"done": 30, "due": 2})], {})
    assert plan.arrivals[0].entry.status == "quarantined" and plan.outcomes == {"quarantined": 1}


def test_the_same_id_in_two_departments_is_two_submissions_not_a_duplicate() -> None:
    other = scheme("o", [kpi("k")], department={"id": "other-dept", "name": {"hi": "अन्य", "en": "Other"}})
    intake = Intake({"s": SCHEME, "o": other}, {"agra"}, WINDOW, set())
    values = {"done": 1.0, "due": 2.0}
    entry = Entry("x-1", 1, "2026-03-20T00:00:00Z", None, values, evaluate(other, values))
    theirs = audit_document(Submission("x-1", "o", "agra", "2026-03", 1, values, None), entry, {}, "other-dept")
    plan = intake.plan([_reading(0)], {theirs["_id"]: theirs})
    assert [a.again for a in plan.arrivals] == [False] and plan.outcomes == {"scored": 1}
    assert [d["_id"] for d in plan.audit] == ["dept|x-1"]
