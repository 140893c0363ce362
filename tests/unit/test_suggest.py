"""'Did you mean …?': the nearest known ids for a typed one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.districts import district_ids
from shared.suggest import UnknownId, check_known, closest, hint, unknown

DEPARTMENTS = ["social-welfare", "women-welfare", "medical-health", "rural-development"]


def test_a_slug_typed_with_underscores_or_capitals_is_matched_first() -> None:
    assert closest("social_welfare", DEPARTMENTS)[0] == "social-welfare"
    assert closest("Social Welfare", DEPARTMENTS)[0] == "social-welfare"


def test_the_start_of_a_district_id_suggests_every_district_it_begins() -> None:
    assert closest("kanpur", district_ids())[:2] == ["kanpur-dehat", "kanpur-nagar"]
    assert unknown("district", "kanpur", district_ids()).startswith(
        "unknown district 'kanpur'; did you mean 'kanpur-dehat' or 'kanpur-nagar'")


def test_nothing_near_gives_no_hint() -> None:
    assert hint("zzzzqqq", DEPARTMENTS) == ""
    assert unknown("department", "zzzzqqq", DEPARTMENTS) == "unknown department 'zzzzqqq'"


def test_check_known_names_the_first_unknown_id_with_its_suggestions() -> None:
    check_known("department", ["social-welfare"], DEPARTMENTS)
    with pytest.raises(UnknownId) as raised:
        check_known("department", ["medical-health", "socail-welfare"], DEPARTMENTS)
    assert raised.value.value == "socail-welfare" and raised.value.suggestions[0] == "social-welfare"


@given(st.sampled_from(sorted(district_ids())))
def test_a_known_id_is_its_own_first_suggestion(district: str) -> None:
    assert closest(district, district_ids())[0] == district
