from typing import Any

import pytest
from pydantic import ValidationError

from services.alerts.domain.silences import Silence, silence_problems, silenced_by
from tests.unit.alerts.alerts_builders import alert

CREATED = "2026-03-20T09:00:00Z"


def silence(matchers: dict[str, str], until: str = "2026-03-31T00:00:00Z", **fields: Any) -> Silence:
    data = {"id": "s1", "matchers": matchers, "until": until, "by": "cc-operator",
            "comment": "figures being re-entered", "created_at": CREATED}
    return Silence.model_validate(data | fields)


def test_an_active_silence_with_matching_labels_mutes_the_alert() -> None:
    mute = silence({"district": "kanpur-nagar", "type": "grade_drop"})
    assert silenced_by(alert(), [mute], "2026-03-24T10:00:00Z") == mute


def test_every_matcher_must_match() -> None:
    mute = silence({"district": "kanpur-nagar", "scheme": "jsy"})
    assert silenced_by(alert(), [mute], "2026-03-24T10:00:00Z") is None


def test_a_scheme_matcher_never_matches_a_district_wide_alert() -> None:
    mute = silence({"scheme": "sc-postmatric-scholarship"})
    assert silenced_by(alert(scheme=None, type="composite_rank_drop"), [mute], "2026-03-24T10:00:00Z") is None


def test_an_expired_silence_mutes_nothing_and_its_end_is_exclusive() -> None:
    mute = silence({"district": "kanpur-nagar"}, until="2026-03-24T10:00:00Z")
    assert silenced_by(alert(), [mute], "2026-03-24T10:00:00Z") is None
    assert silenced_by(alert(), [mute], "2026-03-25T00:00:00Z") is None
    assert silenced_by(alert(), [mute], "2026-03-24T09:59:59Z") == mute


def test_times_in_other_zones_compare_as_instants() -> None:
    mute = silence({"district": "kanpur-nagar"}, until="2026-03-24T15:30:00+05:30")  # 10:00 UTC
    assert silenced_by(alert(), [mute], "2026-03-24T09:59:00Z") == mute
    assert silenced_by(alert(), [mute], "2026-03-24T10:01:00") is None


def test_of_several_silences_the_longest_is_named() -> None:
    short = silence({"district": "kanpur-nagar"}, id="short")
    long = silence({"type": "grade_drop"}, until="2026-04-30T00:00:00Z", id="long")
    assert silenced_by(alert(), [short, long], "2026-03-24T10:00:00Z") == long


@pytest.mark.parametrize(
    "matchers",
    [{}, {"district": ""}, {"division": "kanpur"}],
)
def test_an_empty_unknown_or_blank_matcher_is_refused(matchers: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        silence(matchers)


@pytest.mark.parametrize(("matchers", "field", "code"), [
    ({"type": "grade_dropped"}, "matchers.type", "unknown_type"),
    ({"district": "atlantis"}, "matchers.district", "unknown_district"),
    ({"scheme": "jsy2"}, "matchers.scheme", "unknown_scheme"),
])
def test_a_matcher_naming_nothing_known_is_refused_naming_it(matchers: dict[str, str], field: str, code: str) -> None:
    [problem] = silence_problems(silence(matchers), {"kanpur-nagar"}, {"jsy"}, 90)
    assert problem[:2] == (field, code)


def test_a_silence_may_last_the_longest_duration_allowed_and_no_longer() -> None:
    assert silence_problems(silence({"district": "kanpur-nagar"}, until="2026-04-19T09:00:00Z"),
                            {"kanpur-nagar"}, set(), 30) == []
    [problem] = silence_problems(silence({"district": "kanpur-nagar"}, until="2026-04-19T09:00:01Z"),
                                 {"kanpur-nagar"}, set(), 30)
    assert problem[:2] == ("until", "too_long")


@pytest.mark.parametrize(
    "fields",
    [
        {"by": ""}, {"comment": ""}, {"until": CREATED}, {"until": "next week"},
        {"until": "2026-03-19T00:00:00Z"},
    ],
)
def test_a_silence_needs_a_creator_a_comment_and_an_end_after_its_start(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        silence({"district": "kanpur-nagar"}, **fields)


def test_a_silence_is_frozen() -> None:
    with pytest.raises(ValidationError):
        silence({"district": "kanpur-nagar"}).until = "2027-01-01T00:00:00Z"  # type: ignore[misc]
