"""The demo's and watch's helpers: the portals' CSV sheets, movement arrows, the worst fall,
and the Command Centre's alert lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from anushravan.live.feed import AlertTally, alert_line, by_district, settled
from anushravan.live.portals import csv_sheet
from anushravan.live.rankings import movement, top_and_bottom, worst_fall
from anushravan.sim.actions import Submission
from anushravan.watch import decode
from services.ingest.domain.csv_batch import read_csv

WHEN = datetime(2026, 3, 20, 10, tzinfo=UTC)


def submission(scheme: str, values: dict[str, int | float]) -> Submission:
    return Submission(submission_id=f"sw-2026-03-kanpur-nagar-{scheme}-r1", scheme=scheme,
                      department="social-welfare", district="kanpur-nagar", period="2026-03", revision=1,
                      values=values, submitted_by="District Social Welfare Officer", submitted_at=WHEN,
                      channel="http")


def ranking(period: str, ranks: dict[str, int]) -> dict[str, object]:
    return {"period": period, "final": True, "of": len(ranks),
            "ranks": [{"district": d, "rank": r, "marks": 10 - r / 10} for d, r in ranks.items()]}


ALERT = {"alert_id": "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D", "type": "grade_drop",
         "severity": "critical", "district": "kanpur-nagar", "scheme": "sc-postmatric-scholarship",
         "period": "2026-03", "message": {"hi": "श्रेणी B से D", "en": "grade B to D"}}


def test_a_csv_sheet_of_two_schemes_reads_back_with_each_line_holding_only_its_fields() -> None:
    sheet = csv_sheet([
        submission("sc-postmatric-scholarship", {"applications_received": 26466, "pending_institution": 614,
                                                 "pending_pfms": 1658, "pending_university": 43}),
        submission("mass-marriage", {"marriages_solemnised": 889, "marriages_target": 889,
                                     "financial_progress_percent": 92.69}),
    ])
    lines = read_csv(sheet, max_lines=10)
    assert [line.reasons for line in lines] == [(), ()]
    assert lines[0].raw is not None and lines[1].raw is not None
    assert lines[0].raw["values"]["pending_pfms"] == 1658
    assert lines[1].raw["values"] == {"financial_progress_percent": 92.69, "marriages_solemnised": 889,
                                      "marriages_target": 889}
    assert lines[1].raw["revision"] == 1 and lines[1].raw["submitted_by"] == "District Social Welfare Officer"


def test_movement_shows_places_gained_and_lost() -> None:
    assert movement(40, 53).plain == "↑13"
    assert movement(71, 53).plain == "↓18"
    assert movement(5, 5).plain == "="
    assert movement(5, None).plain == "new"


def test_the_worst_fall_is_the_district_that_lost_most_places() -> None:
    before = ranking("2026-02", {"agra": 1, "kanpur-nagar": 2, "lucknow": 3})
    now = ranking("2026-03", {"agra": 2, "kanpur-nagar": 3, "lucknow": 1})
    assert worst_fall(now, before) in {("agra", 1, 2), ("kanpur-nagar", 2, 3)}
    assert worst_fall(before, None) is None
    assert worst_fall(before, before) is None


def test_the_top_and_bottom_table_keeps_ten_of_each_end() -> None:
    now = ranking("2026-03", {f"d{i}": i for i in range(1, 31)})
    assert top_and_bottom(now, None).row_count == 21  # ten, a gap, ten


def test_an_alert_line_names_severity_type_district_scheme_and_both_messages() -> None:
    text = alert_line(ALERT).plain
    assert text.startswith("CRITICAL grade_drop")
    assert "कानपुर नगर (Kanpur Nagar)" in text and "sc-postmatric-scholarship" in text
    assert "grade B to D" in text and "श्रेणी B से D" in text
    assert alert_line(ALERT, resolved=True).plain.startswith("RESOLVED")


def test_the_tally_counts_raised_alerts_by_severity_and_the_resolved() -> None:
    tally = AlertTally()
    tally.add(ALERT)
    tally.add({**ALERT, "severity": "warning", "type": "rank_drop"})
    tally.add(ALERT, resolved=True)
    assert tally.summary().plain.startswith("2 raised: 1 critical  1 warning  1 resolved")


def test_the_feed_puts_the_district_with_most_critical_alerts_first() -> None:
    alerts = [ALERT, {**ALERT, "district": "agra", "severity": "warning"}, {**ALERT, "type": "entered_grade_d"}]
    table = by_district(alerts)
    assert table.row_count == 2
    assert next(iter(table.columns[0].cells)) == "कानपुर नगर (Kanpur Nagar)"


def test_watch_reads_alert_events_and_ignores_anything_else() -> None:
    raised = json.dumps({"specversion": "1.0", "type": "alert.raised.v1", "data": ALERT}).encode()
    assert decode(raised) == ("alert.raised.v1", ALERT)
    assert decode(b"not json") is None
    assert decode(json.dumps({"type": "scheme.scored.v1", "data": {}}).encode()) is None


def test_a_provisional_rank_alert_gives_way_to_the_final_one_of_the_same_district_and_scheme() -> None:
    provisional = {**ALERT, "type": "rank_drop", "provisional": True, "alert_id": "p"}
    final = {**ALERT, "type": "rank_drop", "provisional": False, "alert_id": "f"}
    elsewhere = {**provisional, "district": "agra", "alert_id": "q"}
    assert settled([provisional, final, elsewhere]) == [final, elsewhere]
