"""One rule for what a submission must be, applied by ingest and scoring alike."""

import math
from typing import Any

import pytest

from shared.events.ingest import Reason
from shared.periods import PeriodWindow
from shared.submission_rules import MAX_VALUE, REASON_CODES, check_submission, value_problem
from tests.unit.scoring.scoring_builders import kpi, scheme

PENDENCY = scheme(
    "scholarship",
    [kpi("disposal", kind="inverse_ratio", numerator=["pending_a", "pending_b"], denominator="received")],
)
GOOD = {"pending_a": 1, "pending_b": 2.5, "received": 100}


def _check(
    values: Any = None,
    *,
    known_scheme: bool = True,
    district_known: bool = True,
    period: str = "2026-03",
    frozen: bool = False,
) -> list[Reason]:
    return check_submission(
        PENDENCY if known_scheme else None,
        "scholarship" if known_scheme else "no-such-scheme",
        district_known,
        GOOD if values is None else values,
        period,
        PeriodWindow(2018, "2026-04"),
        frozen,
    )


def _codes(reasons: list[Reason]) -> list[tuple[str, str]]:
    return [(r.field, r.code) for r in reasons]


def test_a_complete_submission_of_finite_non_negative_numbers_is_accepted() -> None:
    assert _check() == []


def test_zero_is_an_acceptable_count() -> None:
    assert _check({"pending_a": 0, "pending_b": 0, "received": 0}) == []


def test_an_unknown_scheme_is_refused_and_its_fields_are_not_judged() -> None:
    assert _codes(_check({"anything": "x"}, known_scheme=False)) == [("scheme", "unknown_scheme")]


def test_an_unknown_district_is_refused() -> None:
    assert _codes(_check(district_known=False)) == [("district", "unknown_district")]


def test_a_field_the_scheme_does_not_read_is_refused() -> None:
    assert _codes(_check({**GOOD, "bonus": 1})) == [("values.bonus", "unknown_field")]


def test_a_missing_field_is_refused() -> None:
    assert _codes(_check({"pending_a": 1, "received": 100})) == [("values.pending_b", "missing_field")]


@pytest.mark.parametrize("bad", ["12", None, True, False, [1], {"n": 1}])
def test_strings_booleans_nulls_and_nested_values_are_not_numbers(bad: Any) -> None:
    assert _codes(_check({**GOOD, "received": bad})) == [("values.received", "not_a_number")]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 10**400])
def test_nan_infinity_and_numbers_too_large_for_a_float_are_refused(bad: Any) -> None:
    assert _codes(_check({**GOOD, "received": bad})) == [("values.received", "non_finite")]


@pytest.mark.parametrize("big", [MAX_VALUE * 1.0000001, 1e308, 10**16])
def test_a_figure_above_the_bound_is_refused_so_that_no_sum_can_overflow(big: Any) -> None:
    assert _codes(_check({**GOOD, "pending_a": big})) == [("values.pending_a", "too_large")]


def test_the_bound_itself_is_accepted() -> None:
    assert _check({"pending_a": MAX_VALUE, "pending_b": MAX_VALUE, "received": MAX_VALUE}) == []


def test_a_field_name_that_cannot_be_encoded_is_named_printably() -> None:
    [reason] = _check({**GOOD, "bad\ud800": 1})
    assert (reason.field, reason.code) == ("values.bad\ufffd", "unencodable_text")
    reason.model_dump_json()  # publishable


def test_a_negative_count_is_refused_with_the_contract_message() -> None:
    reasons = _check({**GOOD, "pending_b": -1})
    assert _codes(reasons) == [("values.pending_b", "negative")]
    assert reasons[0].message == "must be ≥ 0"


@pytest.mark.parametrize("bad", ["2026-3", "2026-13", "2026-00", "26-03", "2026-03-01", "", "٢٠٢٦-03",
                                 "２０２６-03", "2026-0３", "\ud800", 202603])
def test_a_period_that_is_not_a_month_in_ascii_digits_is_refused(bad: Any) -> None:
    assert _codes(_check(period=bad)) == [("period", "invalid_period")]


@pytest.mark.parametrize("early", ["0000-01", "1999-12", "2018-03"])
def test_a_period_before_the_first_financial_year_is_refused(early: str) -> None:
    [reason] = _check(period=early)
    assert (reason.field, reason.code) == ("period", "period_before_first_year")
    assert "2018-04" in reason.message


def test_the_first_month_of_the_first_financial_year_is_accepted() -> None:
    assert _check(period="2018-04") == []


def test_a_period_after_the_current_one_is_refused() -> None:
    assert _codes(_check(period="2026-05")) == [("period", "period_in_future")]


def test_the_current_period_is_accepted() -> None:
    assert _check(period="2026-04") == []


def test_a_frozen_period_is_refused() -> None:
    assert _codes(_check(frozen=True)) == [("period", "period_frozen")]


def test_every_reason_is_reported_not_only_the_first() -> None:
    values = {"pending_a": -1, "pending_b": True, "extra": 1}
    reasons = _check(values, district_known=False, period="2026-03", frozen=True)
    assert _codes(reasons) == [
        ("district", "unknown_district"),
        ("period", "period_frozen"),
        ("values.extra", "unknown_field"),
        ("values.pending_a", "negative"),
        ("values.pending_b", "not_a_number"),
        ("values.received", "missing_field"),
    ]


def test_values_that_are_not_an_object_are_refused_without_crashing() -> None:
    assert _codes(_check([1, 2, 3])) == [("values", "not_an_object")]


def test_the_listed_codes_are_exactly_the_codes_emitted() -> None:
    reasons = [
        *_check({"x": 1, "pending_a": math.nan, "pending_b": -2}, district_known=False),
        *_check({**GOOD, "received": "100"}),
        *_check(known_scheme=False, period="2027-01", frozen=True),
        *_check(period="bad"),
        *_check(period="2001-01"),
        *_check({**GOOD, "received": 1e16, "x\ud800": 1}),
        *_check("not an object"),
    ]
    emitted = {r.code for r in reasons}
    assert emitted <= set(REASON_CODES)
    assert len(emitted) == len(REASON_CODES)


def test_a_boolean_is_not_read_as_one_or_zero() -> None:
    assert value_problem(True) == ("not_a_number", "must be a number, not bool")
    assert value_problem(1) is None
