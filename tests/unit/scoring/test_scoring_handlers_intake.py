"""Reading and admitting a submission: every reason reported once, with a precise code."""

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.scoring.domain.intake import Admission, admit, identity
from shared.periods import PeriodWindow
from tests.unit.scoring.scoring_builders import kpi, scheme

WINDOW = PeriodWindow(2018, "2026-03")

SCHEMES = {"s": scheme("s", [kpi("k")])}
DISTRICTS = {"agra"}


def _data(**changes: Any) -> dict[str, Any]:
    return {"submission_id": "x-1", "scheme": "s", "district": "agra", "period": "2026-02",
            "values": {"done": 3, "due": 4}, **changes}


def _codes(data: object, frozen: set[str] | None = None) -> list[tuple[str, str]]:
    submission, reasons = admit(data, SCHEMES, DISTRICTS, WINDOW, frozen or set())
    assert (submission is None) == bool(reasons)
    return [(r.field, r.code) for r in reasons]


def test_a_good_submission_is_admitted_with_float_values_and_revision_1() -> None:
    submission, reasons = admit(_data(), SCHEMES, DISTRICTS, WINDOW, set())
    assert reasons == [] and submission is not None
    assert (submission.revision, submission.values, submission.submitted_by) == (1, {"done": 3.0, "due": 4.0}, None)


def test_fields_of_the_wrong_shape_are_invalid_payload_and_reported_once() -> None:
    assert _codes(_data(scheme=7, district=None, revision=True, submitted_by="")) == [
        ("scheme", "invalid_payload"), ("district", "invalid_payload"), ("revision", "invalid_payload"),
        ("submitted_by", "invalid_payload")]


def test_a_payload_that_is_not_an_object_is_invalid() -> None:
    assert _codes([1, 2]) == [("data", "invalid_payload")]


def test_unknown_scheme_district_future_and_frozen_periods_are_all_reported() -> None:
    assert _codes(_data(scheme="nope", district="atlantis", period="2026-04")) == [
        ("scheme", "unknown_scheme"), ("district", "unknown_district"), ("period", "period_in_future")]
    assert _codes(_data(), frozen={"2026-02"}) == [("period", "period_frozen")]


def test_values_are_checked_field_by_field() -> None:
    assert _codes(_data(values={"done": -1, "due": "4", "more": 1})) == [
        ("values.more", "unknown_field"), ("values.done", "negative"), ("values.due", "not_a_number")]


def test_a_lone_surrogate_cannot_be_stored_so_it_is_refused() -> None:
    assert _codes(_data(submission_id="x\ud800")) == [("submission_id", "invalid_payload")]


def test_the_identity_of_a_refused_submission_keeps_only_strings() -> None:
    assert identity(_data(district=5)) == {"submission_id": "x-1", "scheme": "s", "district": None,
                                           "period": "2026-02"}
    assert identity("nonsense") == dict.fromkeys(("submission_id", "scheme", "district", "period"))


_value = st.one_of(st.integers(-2, 10**301), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                   st.text(max_size=2), st.none())
_datas = st.fixed_dictionaries(
    {"submission_id": st.one_of(st.just("x-1"), st.text(max_size=3), st.integers()),
     "scheme": st.sampled_from(["s", "nope", 3]), "district": st.sampled_from(["agra", "atlantis", None]),
     "period": st.sampled_from(["2026-02", "2026-03", "2026-04", "2025-12", "2026-13", "२०२६-02", 5]),
     "values": st.one_of(st.fixed_dictionaries({"done": _value, "due": _value}),
                         st.dictionaries(st.sampled_from(["done", "due", "more"]), _value), st.lists(_value))},
    optional={"revision": st.one_of(st.integers(-1, 2_000_000), st.booleans(), st.floats()),
              "submitted_by": st.one_of(st.none(), st.text(max_size=3), st.integers())},
)


@settings(max_examples=300)
@given(_datas)
def test_the_quick_admission_decides_exactly_as_the_full_checks(data: dict[str, Any]) -> None:
    quick = Admission(SCHEMES, DISTRICTS, WINDOW, {"2025-12"}).admit(data)
    assert quick == admit(data, SCHEMES, DISTRICTS, WINDOW, {"2025-12"})


def test_a_plainly_valid_submission_takes_the_quick_path_and_anything_odd_does_not() -> None:
    admission = Admission(SCHEMES, DISTRICTS, WINDOW, set())
    assert admission._quick(_data()) == admit(_data(), SCHEMES, DISTRICTS, WINDOW, set())[0]
    assert admission._quick(_data(values={"done": True, "due": 4})) is None
    assert admission._quick(_data(submission_id="दिल्ली")) is None  # non-ASCII text: the full checks decide
