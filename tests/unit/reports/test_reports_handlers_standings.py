"""From read-model documents to the domain's input: ranks, figures, last month's KPIs,
the previous final minutes' items, the meeting date and the configurable texts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from services.reports.domain.meeting import meeting_date, next_period
from services.reports.standings import Facts, build_input, current_rank, prior_items
from services.reports.texts import TextsFileError, load_texts
from tests.unit.reports.reports_builders import KANPUR, scheme

JSY = scheme("jsy", "medical-health")
PENSION = scheme("old-age-pension", "social-welfare")


def score_doc(**fields: Any) -> dict[str, Any]:
    return {"scheme": "jsy", "district": "kanpur-nagar", "period": "2026-03", "marks": 1.82, "grade": "D",
            "rank": 66, "of": 74, "kpis": {"k": 0.18}, "status": "scored", "submission_id": "s1",
            "previous": {"period": "2026-02", "marks": 2.1, "grade": "D", "rank": 64, "of": 75}, **fields}


def facts(**fields: Any) -> Facts:
    fields.setdefault("scores", {"jsy": score_doc()})
    return Facts(district=KANPUR, period="2026-03", schemes=[JSY, PENSION], **fields)


def test_each_catalogue_scheme_gets_a_standing_and_a_scheme_nobody_reported_is_missing() -> None:
    inp = build_input(facts(figures={"jsy|s1": {"done": 1823, "due": 10000}}), meeting_day=16)
    jsy, pension = inp.standings
    assert (jsy.status, jsy.rank, jsy.of, jsy.previous_rank, jsy.figures) == ("scored", 66, 74, 64,
                                                                              {"done": 1823, "due": 10000})
    assert (pension.status, pension.grade, pension.rank) == ("missing", None, None)


def test_a_quarantined_score_has_no_marks_grade_or_rank_but_keeps_its_figures() -> None:
    doc = score_doc(status="quarantined", marks=None, grade=None, rank=None, of=None)
    [jsy, _] = build_input(facts(scores={"jsy": doc}, figures={"jsy|s1": {"done": 20000, "due": 10000}}), 16).standings
    assert (jsy.status, jsy.marks, jsy.rank, jsy.figures["done"]) == ("quarantined", None, None, 20000)


def test_the_latest_ranking_counts_only_when_it_ranks_the_marks_the_district_has_now() -> None:
    assert current_rank(score_doc(), {"rank": 71, "of": 75, "marks": 1.82}) == (71, 75)
    assert current_rank(score_doc(), {"rank": 60, "of": 75, "marks": 3.5}) == (66, 74)
    assert current_rank(score_doc(), None) == (66, 74)


def test_last_months_kpi_scores_come_from_its_scored_standing_only() -> None:
    scored = build_input(facts(previous_scores={"jsy": score_doc(kpis={"k": 0.3})}), 16).standings[0]
    quarantined = build_input(facts(previous_scores={"jsy": score_doc(status="quarantined")}), 16).standings[0]
    assert (scored.previous_kpis, quarantined.previous_kpis) == ({"k": 0.3}, {})


def test_resolved_alerts_are_not_cited() -> None:
    alerts = [{"alert_id": "a1", "type": "grade_drop", "scheme": "jsy", "severity": "critical", "status": "open",
               "driver": {"kpi": "k", "before": 0.7, "after": 0.2}},
              {"alert_id": "a2", "type": "rank_drop", "scheme": "jsy", "severity": "warning", "status": "resolved"}]
    [fact] = build_input(facts(alerts=alerts), 16).alerts
    assert (fact.alert_id, fact.driver_kpi, fact.driver_before) == ("a1", "k", 0.7)


def test_a_previous_item_is_resolved_only_when_every_alert_it_cited_was_resolved() -> None:
    final = {"sections": [{"items": [
        {"scheme": "jsy", "item_id": "2026-02:jsy", "directive": "करायें", "meetings": 2, "alerts": ["a1", "a2"]},
        {"scheme": "mass-marriage", "item_id": "2026-02:mass-marriage", "directive": None, "meetings": 1,
         "alerts": []},
        {"scheme": "pmmvy", "item_id": "2026-02:pmmvy", "directive": "x", "meetings": 1, "alerts": ["a3"]}]}]}
    items = prior_items(final, {"a1": "resolved", "a2": "open", "a3": "resolved"})
    assert [(i.scheme, i.meetings, i.resolved) for i in items] == [
        ("jsy", 2, False), ("mass-marriage", 1, False), ("pmmvy", 1, True)]
    assert prior_items(None, {}) == ()


def test_the_meeting_is_on_the_16th_of_the_next_month_unless_configured() -> None:
    assert meeting_date("2026-03") == date(2026, 4, 16)
    assert meeting_date("2025-12", day=5) == date(2026, 1, 5)
    assert build_input(facts(), meeting_day=20).meeting_date == date(2026, 4, 20)
    assert next_period("2025-12") == "2026-01"
    with pytest.raises(ValueError, match="between 1 and 28"):
        meeting_date("2026-02", day=30)


def test_the_texts_file_replaces_instructions_and_signature(tmp_path: Path) -> None:
    path = tmp_path / "texts.yaml"
    path.write_text("instructions: [{hi: समय से पोर्टल अद्यतन करें।, en: Update the portal on time.}]\n"
                    "signature: {designation: {hi: जिलाधिकारी, en: District Magistrate}}\n", encoding="utf-8")
    texts = load_texts(path)
    assert [n.en for n in texts.instructions or ()] == ["Update the portal on time."]
    assert texts.signature is not None and texts.signature.designation.en == "District Magistrate"
    assert load_texts(None).instructions is None


def test_a_misspelt_key_in_the_texts_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "texts.yaml"
    path.write_text("instruction: []\n", encoding="utf-8")
    with pytest.raises(TextsFileError, match="instruction: Extra inputs are not permitted"):
        load_texts(path)
