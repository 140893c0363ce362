"""Examining one submission: every reason at once, with the scoring domain's codes."""

from __future__ import annotations

from typing import Any

import pytest

from services.ingest.domain.submission import examine
from tests.unit.ingest.ingest_builders import doc, rules


def codes(raw: Any, **kw: Any) -> set[tuple[str, str]]:
    return {(r.field, r.code) for r in examine(raw, rules(**kw)).reasons}


def test_a_valid_submission_becomes_the_event_with_float_figures_and_revision_one() -> None:
    examined = examine(doc(submitted_by="DSWO"), rules())
    assert examined.reasons == ()
    assert examined.submission is not None
    assert examined.submission.model_dump() == {
        "submission_id": "s1", "scheme": "scholarship", "district": "agra", "period": "2026-03", "revision": 1,
        "values": {"pending": 5.0, "received": 100.0}, "submitted_by": "DSWO"}


def test_every_reason_is_reported_not_only_the_first() -> None:
    raw = doc(district="atlantis", period="2026-07", values={"pending": -1, "extra": 3})
    assert codes(raw) == {("district", "unknown_district"), ("period", "period_in_future"),
                          ("values.pending", "negative"), ("values.extra", "unknown_field"),
                          ("values.received", "missing_field")}


def test_shape_problems_and_catalogue_problems_are_reported_together_once_per_field() -> None:
    raw = doc(submission_id="", revision="2", period=202603, values={"pending": "5", "received": True})
    assert codes(raw) == {("submission_id", "too_short"), ("revision", "not_an_integer"),
                          ("period", "not_a_string"), ("values.pending", "not_a_number"),
                          ("values.received", "not_a_number")}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"scheme": "no-such"}, {("scheme", "unknown_scheme")}),
    ({"period": "2026-13"}, {("period", "invalid_period")}),
    ({"revision": 0}, {("revision", "out_of_range")}),
    ({"values": [1, 2]}, {("values", "not_an_object")}),
    ({"values": {"pending": float("inf"), "received": 1}}, {("values.pending", "non_finite")}),
    ({"unexpected": 1}, {("unexpected", "unknown_field")}),
    ({"submitted_by": "x" * 201}, {("submitted_by", "too_long")}),
    ({"submission_id": "x" * 201}, {("submission_id", "too_long")}),
])
def test_each_problem_is_named_by_field_and_code(changes: dict[str, Any], expected: set[tuple[str, str]]) -> None:
    assert codes(doc(**changes)) == expected


def test_a_missing_attribute_is_reported_as_missing() -> None:
    raw = doc()
    del raw["values"]
    assert codes(raw) == {("values", "missing_field")}


def test_something_that_is_not_an_object_is_refused() -> None:
    assert codes([1]) == {("body", "not_an_object")}


def test_a_frozen_period_is_refused_with_period_frozen() -> None:
    assert codes(doc(), frozen=frozenset({"2026-03"})) == {("period", "period_frozen")}


def test_a_submitter_may_submit_only_for_its_departments_and_is_told_only_that() -> None:
    own = examine(doc(), rules(departments=frozenset({"social-welfare"})))
    other = examine(doc(scheme="jsy", values={"x": -1}), rules(departments=frozenset({"social-welfare"})))
    assert own.submission is not None
    assert [(r.field, r.code) for r in other.reasons] == [("scheme", "forbidden")]
    assert "medical-health" in other.reasons[0].message


def test_a_key_without_department_bounds_may_submit_any_scheme() -> None:
    assert examine(doc(scheme="jsy", values={"beneficiaries": 1}), rules()).reasons[0].code == "unknown_field"
    assert codes(doc(scheme="jsy", values={"pending": 1, "received": 2})) == set()


def test_identifiers_are_kept_for_the_answer_and_the_rejection_event_when_they_are_text() -> None:
    examined = examine(doc(district="atlantis", period=5), rules())
    assert (examined.submission_id, examined.scheme, examined.district, examined.period) == (
        "s1", "scholarship", "atlantis", None)


def test_text_that_cannot_be_encoded_is_refused_naming_each_field_once_and_never_echoed() -> None:
    examined = examine(doc(submission_id="s\ud800", submitted_by="\udfff", values={"pending": 5, "received": 100,
                                                                                  "x\ud800": 1}), rules())
    found = [(r.field, r.code) for r in examined.reasons]
    assert sorted(found) == [("submission_id", "unencodable_text"), ("submitted_by", "unencodable_text"),
                             ("values.x\ufffd", "unencodable_text")]
    assert examined.submission_id is None  # nothing that cannot be encoded is echoed back
    for reason in examined.reasons:
        reason.model_dump_json().encode("utf-8")


def test_a_top_level_name_that_cannot_be_encoded_is_refused_printably() -> None:
    [reason] = examine({**doc(), "bad\ud800": 1}, rules()).reasons
    assert (reason.field, reason.code) == ("bad\ufffd", "unencodable_text")
