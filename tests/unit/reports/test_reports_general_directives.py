"""The meeting's general directives (the paragraphs the real minutes give all officers before the
standing instructions): typed as `<period>:general:<n>`, printed in both languages before the
other general instructions, marked when typed in the other language, and tracked to compliance
like an item's directive."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from services.reports.domain.directives.creation import given_in_minutes
from services.reports.domain.minutes import assemble, general_id, general_number
from services.reports.rendering import render_minutes
from services.reports.versions import content_hash
from tests.unit.reports.kanpur_march_2026 import kanpur_march_2026

BEST_PRACTICES = "जिला अर्थ एवं संख्याधिकारी आगामी बैठक में 20 अधिकारियों के अभिनव कार्यों की सूचना उपलब्ध करायें।"
PORTALS = "Every officer shall check the portal himself and dispose of every pending application."


def minutes(directives: dict[str, str], status: str = "draft") -> dict[str, Any]:
    inp = dataclasses.replace(kanpur_march_2026(), directives=directives)
    return {**assemble(inp), "status": status, "version": 2}


def test_general_directives_come_in_their_order_and_empty_ones_are_none() -> None:
    doc = minutes({general_id("2026-03", 2): PORTALS, general_id("2026-03", 1): BEST_PRACTICES,
                   general_id("2026-03", 3): "  "})
    assert [(g["key"], g["text"], g["lang"]) for g in doc["general_directives"]] == [
        (1, BEST_PRACTICES, "hi"), (2, PORTALS, "en")]


def test_minutes_without_general_directives_say_the_same_as_before() -> None:
    # No new field unless there is one: drafts stored before this change are not re-versioned.
    assert "general_directives" not in minutes({})
    assert content_hash(minutes({})) == content_hash(assemble(kanpur_march_2026()) | {"status": "draft"})


@pytest.mark.parametrize(("key", "n"), [("2026-03:general:1", 1), ("2026-03:general:20", 20),
                                        ("2026-03:general:21", None), ("2026-03:general:0", None),
                                        ("2026-02:general:1", None), ("2026-03:jsy", None),
                                        ("2026-03:general:1:x", None)])
def test_a_general_directives_id_names_this_period_and_a_number_from_1_to_20(key: str, n: int | None) -> None:
    assert general_number("2026-03", key) == n


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_they_are_printed_before_the_standing_instructions_in_both_languages(fmt: str) -> None:
    doc = minutes({general_id("2026-03", 1): BEST_PRACTICES, general_id("2026-03", 2): PORTALS})
    hindi = render_minutes(doc, "hi", fmt).decode()  # type: ignore[arg-type]
    english = render_minutes(doc, "en", fmt).decode()  # type: ignore[arg-type]
    assert hindi.index("बैठक में सभी अधिकारियों को दिये गये निर्देश") < hindi.index(BEST_PRACTICES) \
        < hindi.index("अन्य सामान्य निर्देश")
    assert "निर्देश (अंग्रेज़ी में): " + PORTALS in hindi
    assert english.index("Directives of the meeting to all officers") < english.index(PORTALS) \
        < english.index("Other general instructions")
    assert "Directive (in Hindi): " + BEST_PRACTICES in english


def test_final_minutes_give_them_as_tracked_directives_for_all_heads_of_office() -> None:
    doc = minutes({general_id("2026-03", 1): BEST_PRACTICES}, status="final")
    [general] = [g for g in given_in_minutes(doc) if g.item.kind == "general"]
    assert (general.item.item_id, general.text, general.officer.en) == (
        "2026-03:general:1", BEST_PRACTICES, "All heads of office concerned")
