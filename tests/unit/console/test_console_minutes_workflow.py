"""The minutes workflow's pure parts: the comparison of two versions (line and word level, long
unchanged runs folded) and the forms (directives, general directives, the meeting's record,
what the final copy would lack)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.diff import Row, changed, compare, words
from services.console.domain.minutes_forms import (
    FormProblem,
    directives_body,
    general_texts,
    meeting_body,
    missing,
    recorded_rows,
)
from services.console.domain.minutes_forms import (
    Row as FormRow,
)

LINES = st.lists(st.sampled_from(["क", "ख ग", "a b c", "", "निर्देश: ……", "x"]), max_size=25)


def sides(rows: list[Row]) -> tuple[list[str], list[str]]:
    """The old and new texts a comparison without folding stands for."""
    old: list[str] = []
    new: list[str] = []
    for r in rows:
        if r.kind in ("same", "removed"):
            old.append(r.text)
        if r.kind in ("same", "added"):
            new.append(r.text)
        if r.kind == "changed":
            old.append("".join(t for _, t in r.before))
            new.append("".join(t for _, t in r.after))
    return old, new


@given(LINES, LINES)
def test_a_comparison_gives_back_both_texts_line_for_line(a: list[str], b: list[str]) -> None:
    rows = compare("\n".join(a), "\n".join(b), context=None)
    assert sides(rows) == ("\n".join(a).splitlines(), "\n".join(b).splitlines())


@given(LINES)
def test_a_text_compared_with_itself_has_no_change(a: list[str]) -> None:
    rows = compare("\n".join(a), "\n".join(a))
    assert changed(rows) == 0 and all(r.kind in ("same", "folded") for r in rows)


def test_a_changed_line_marks_the_words_that_changed() -> None:
    before, after = words("निर्देश: …… रैंक 52वीं", "निर्देश: नोटिस जारी करें रैंक 52वीं")
    assert [t for k, t in before if k == "removed"] == ["……"]
    assert [t for k, t in after if k == "added"] == ["नोटिस जारी करें"]
    [row] = compare("निर्देश: …… रैंक 52वीं", "निर्देश: नोटिस जारी करें रैंक 52वीं")
    assert row.kind == "changed" and (row.old, row.new) == (1, 1)


def test_long_unchanged_runs_are_folded_keeping_context_around_each_change() -> None:
    a = [f"line {i}" for i in range(30)]
    b = [*a[:10], "new line", *a[10:]]
    rows = compare("\n".join(a), "\n".join(b), context=2)
    kinds = [r.kind for r in rows]
    assert kinds == ["folded", "same", "same", "added", "same", "same", "folded"]
    assert rows[0].folded == 8 and rows[-1].folded == 18


DOC: dict[str, Any] = {
    "period": "2026-03",
    "sections": [{"department": "social-welfare", "attendance": [
        {"officer": {"hi": "जिला समाज कल्याण अधिकारी", "en": "District Social Welfare Officer", "recorded_in": None},
         "name": None, "department": "social-welfare", "present": False, "on_leave": False}],
        "items": [{"item_id": "2026-03:sc-postmatric-scholarship", "directive": "नोटिस जारी करें"},
                  {"item_id": "2026-03:old-age-pension", "directive": None}]}],
    "general_directives": [{"key": 1, "text": "Update the portal by the 25th."},
                           {"key": 2, "text": "समय पर उपस्थित रहें।"}],
    "meeting": {"letter_number": None, "issue_date": "2026-04-23", "general": [
        {"officer": {"hi": "अधीक्षक", "en": "अधीक्षक", "recorded_in": "hi"}, "name": "श्री ज्ञानेन्द्र",
         "department": None, "present": True, "on_leave": False}]},
}


def test_the_directives_form_sends_every_item_and_one_general_directive_a_paragraph() -> None:
    form = {"item:2026-03:sc-postmatric-scholarship": "  कारण बताओ नोटिस  ", "item:2026-03:old-age-pension": "",
            "general": "First paragraph,\r\nstill the first.\r\n\r\n\r\n"}
    assert directives_body(form, DOC) == {
        "2026-03:sc-postmatric-scholarship": "कारण बताओ नोटिस", "2026-03:old-age-pension": "",
        "2026-03:general:1": "First paragraph,\nstill the first.", "2026-03:general:2": ""}  # the second is cleared
    assert general_texts(DOC) == "Update the portal by the 25th.\n\nसमय पर उपस्थित रहें।"


@pytest.mark.parametrize(("form", "field"), [
    ({"item:2026-03:old-age-pension": "x" * 4001}, "item:2026-03:old-age-pension"),
    ({"general": "\n\n".join(["p"] * 21)}, "general"),
])
def test_a_directive_too_long_or_too_many_paragraphs_is_refused_naming_the_field(form: dict[str, str],
                                                                                field: str) -> None:
    with pytest.raises(FormProblem) as info:
        directives_body(form, DOC)
    assert info.value.field == field


def test_the_meeting_form_shows_what_was_recorded_and_sends_rows_with_a_designation() -> None:
    rows = recorded_rows(DOC, "en")
    assert rows == [FormRow("अधीक्षक", "श्री ज्ञानेन्द्र", "", "present"),
                    FormRow("District Social Welfare Officer", "", "social-welfare", "absent")]
    form = {"letter_number": " 102 / 2026-27 ", "issue_date": "2026-04-23",
            "officer_0": "Chief Medical Officer", "department_0": "medical-health", "attendance_0": "leave",
            "officer_1": "जिला सूचना अधिकारी", "attendance_1": "present", "officer_2": "", "name_2": ""}
    assert meeting_body(form, ["medical-health", "social-welfare"]) == {
        "letter_number": "102 / 2026-27", "issue_date": "2026-04-23",
        "present": [{"officer": "जिला सूचना अधिकारी", "name": None, "department": None}],
        "absent": [{"officer": "Chief Medical Officer", "name": None, "department": "medical-health",
                    "on_leave": True}]}


@pytest.mark.parametrize(("form", "field"), [
    ({"issue_date": "23.04.2026"}, "issue_date"),
    ({"name_3": "श्री राम"}, "officer_3"),
    ({"officer_0": "CMO", "department_0": "atlantis"}, "department_0"),
    ({"officer_0": "CMO", "attendance_0": "sleeping"}, "attendance_0"),
    ({"officer_0": "x" * 201}, "officer_0"),
])
def test_a_meeting_form_that_cannot_be_recorded_is_refused_naming_the_field(form: dict[str, str],
                                                                            field: str) -> None:
    with pytest.raises(FormProblem) as info:
        meeting_body(form, ["medical-health"])
    assert info.value.field == field


def test_the_confirmation_says_what_the_final_copy_would_lack() -> None:
    lacks = missing(DOC)
    assert (lacks["letter_number"], lacks["issue_date"], lacks["attendance"]) == (True, False, False)
    assert [i["item_id"] for i in lacks["items"]] == ["2026-03:old-age-pension"]
