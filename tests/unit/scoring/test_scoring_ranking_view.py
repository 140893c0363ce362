"""Rankings as people read them, and a submission's outcome as its sender reads it."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.scoring.domain.ranking_view import annotate, standing
from services.scoring.outcome import received, rejected
from shared.movement import movement

NAMES = {"agra": {"hi": "आगरा", "en": "Agra"}, "kanpur-nagar": {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}}


def ranking(period: str, *rows: tuple[str, int], final: bool = True) -> dict[str, Any]:
    return {"period": period, "final": final, "of": len(rows),
            "ranks": [{"district": d, "rank": r, "marks": 10.0 - r} for d, r in rows]}


def test_each_row_carries_the_name_the_previous_rank_and_the_movement() -> None:
    now = annotate(ranking("2026-03", ("agra", 1), ("kanpur-nagar", 2), ("new-unit", 3)),
                   ranking("2026-02", ("kanpur-nagar", 1), ("agra", 2)), NAMES)
    rows = {r["district"]: r for r in now["ranks"]}
    assert rows["kanpur-nagar"]["name"] == {"hi": "कानपुर नगर", "en": "Kanpur Nagar"}
    assert rows["kanpur-nagar"]["previous_rank"] == 1
    assert rows["kanpur-nagar"]["movement"] == {"places": -1, "direction": "down", "arrow": "▼"}
    assert rows["agra"]["movement"] == {"places": 1, "direction": "up", "arrow": "▲"}
    assert rows["new-unit"]["previous_rank"] is None and rows["new-unit"]["movement"] is None
    assert rows["new-unit"]["name"] == {"hi": "new-unit", "en": "new-unit"}
    assert now["previous"] == {"period": "2026-02", "final": True, "of": 2}


def test_without_a_previous_ranking_there_is_no_movement() -> None:
    now = annotate(ranking("2026-04", ("agra", 1)), None, NAMES)
    assert now["previous"] is None and now["ranks"][0]["movement"] is None


def test_explain_states_the_rank_before_and_after_with_marks() -> None:
    assert standing({"rank": 45, "of": 75, "marks": 8.91, "final": True, "categories": {}}, "2026-03") == {
        "period": "2026-03", "rank": 45, "of": 75, "marks": 8.91, "final": True}
    assert standing(None, "2026-02") is None


@given(st.integers(1, 7000), st.integers(1, 7000))
def test_movement_is_the_places_gained(rank: int, previous: int) -> None:
    moved = movement(rank, previous)
    assert moved is not None and moved["places"] == previous - rank
    assert (moved["direction"] == "same") == (rank == previous)


AUDIT = {"_id": "medical-health|sw-1", "submission_id": "sw-1", "scheme": "jsy", "district": "agra",
         "period": "2026-03", "revision": 1,
         "received_at": "2026-03-20T10:00:00Z", "status": "quarantined",
         "reasons": [{"field": "kpis.paid", "code": "implausible", "message": "848.49 % is more than 150 %"}]}


def test_a_quarantined_submission_says_why() -> None:
    seen = received(AUDIT, {"submission_id": "sw-1", "revision": 1, "marks": None, "grade": None})
    assert seen["status"] == "quarantined" and seen["counts"] is True
    assert seen["reasons"][0]["code"] == "implausible" and seen["marks"] is None
    assert seen["scores"] == "/v1/districts/agra/2026-03"


def test_a_superseded_revision_names_the_one_that_counts() -> None:
    seen = received({**AUDIT, "status": "scored", "reasons": []},
                    {"submission_id": "sw-2", "revision": 2, "marks": 7.5, "grade": "B"})
    assert seen["counts"] is False and seen["superseded_by"] == "sw-2" and seen["marks"] is None


def test_a_scored_submission_that_counts_carries_its_marks_and_grade() -> None:
    seen = received({**AUDIT, "status": "scored", "reasons": []},
                    {"submission_id": "sw-1", "revision": 1, "marks": 7.5, "grade": "B"})
    assert (seen["status"], seen["marks"], seen["grade"]) == ("scored", 7.5, "B")


def test_a_rejection_carries_the_latest_reasons_and_nothing_else() -> None:
    assert rejected("sw-9", []) is None
    seen = rejected("sw-9", [{"scheme": "jsy", "district": "agra", "period": "2026-03", "received_at": "t",
                              "reasons": [{"field": "period", "code": "period_frozen", "message": "frozen"}]}])
    assert seen is not None and seen["status"] == "rejected" and seen["reasons"][0]["code"] == "period_frozen"
