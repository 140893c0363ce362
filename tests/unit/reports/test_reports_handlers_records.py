"""Parsing a consumed batch into read-model changes: last event per key wins, live never
replaces final, and bad input is set aside with a reason."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from services.reports.records import parse_records
from shared.periods import PeriodWindow
from tests.support.kafka import event_bytes

WINDOW = PeriodWindow(2018, "2026-03")


@dataclass
class Rec:
    topic: str
    value: bytes | None
    key: bytes | None = None
    partition: int = 0
    offset: int = 0


def score(rank: int, **fields: Any) -> dict[str, Any]:
    return {"scheme": "jsy", "department": "medical-health", "district": "kanpur-nagar", "period": "2026-03",
            "marks": 1.82, "grade": "D", "rank": rank, "of": 75, "kpis": {"paid": 0.18}, "status": "scored",
            "submission_id": "s1", "revision": 1, **fields}


def composite(final: bool, rank: int) -> bytes:
    return event_bytes("composite.ranked.v1", {"period": "2026-03", "final": final, "of": 75,
                                               "ranks": [{"district": "kanpur-nagar", "marks": 8.9, "rank": rank}]})


def test_a_batch_keeps_the_last_score_of_each_district_scheme_and_period() -> None:
    changes = parse_records([Rec("scores.updated", event_bytes("scheme.scored.v1", score(70))),
                             Rec("scores.updated", event_bytes("scheme.scored.v1", score(71)))], WINDOW)
    assert [s.rank for s in changes.scores.values()] == [71]


def test_a_live_ranking_after_a_final_one_in_the_same_batch_is_dropped() -> None:
    changes = parse_records([Rec("ranks.updated", composite(True, 45)), Rec("ranks.updated", composite(False, 50))],
                            WINDOW)
    [ranking] = changes.rankings.values()
    assert (ranking.final, ranking.ranks[0].rank) == (True, 45)


def test_a_malformed_score_is_poison_with_a_reason_that_names_the_field() -> None:
    bad = Rec("scores.updated", event_bytes("scheme.scored.v1", score(71, status="lost")))
    garbage = Rec("alerts.rank-change", b"{not json")
    changes = parse_records([bad, garbage], WINDOW)
    [(first, why_first), (second, why_second)] = changes.poison
    assert (first.topic, second.topic) == ("scores.updated", "alerts.rank-change")
    assert why_first.startswith("invalid payload: status:") and why_second.startswith("not JSON")
    assert changes.scores == {}


def test_a_malformed_submission_is_left_to_scoring_to_refuse() -> None:
    malformed = event_bytes("progress.submitted.v1", {"scheme": "jsy"})
    changes = parse_records([Rec("progress.submitted", malformed)], WINDOW)
    assert (changes.poison, changes.ignored) == ([], [("progress.submitted", "invalid")])


def test_types_the_minutes_do_not_need_are_counted_not_dead_lettered() -> None:
    changes = parse_records([Rec("periods.events", event_bytes("period.deadline_passed.v1", {"period": "2026-03"})),
                             Rec("scores.updated", event_bytes("scheme.scored.v2", score(1)))], WINDOW)
    assert changes.ignored == [("periods.events", "unused type"), ("scores.updated", "unknown type")]
    assert changes.poison == []


def test_a_resolved_alert_is_kept_as_resolved_and_a_frozen_period_is_noted() -> None:
    alert = {"alert_id": "grade_drop:kanpur-nagar:jsy:2026-03:D", "type": "grade_drop", "severity": "critical",
             "status": "open", "district": "kanpur-nagar", "scheme": "jsy", "department": "medical-health",
             "period": "2026-03", "previous": None, "current": None, "driver": None, "officer": None,
             "message": {"hi": "…", "en": "…"}, "provisional": False, "raised_at": "2026-03-26T10:00:00Z",
             "future_field": 1}
    changes = parse_records([Rec("alerts.rank-change", event_bytes("alert.raised.v1", alert)),
                             Rec("alerts.rank-change", event_bytes("alert.resolved.v1", alert)),
                             Rec("periods.events", event_bytes("period.frozen.v1", {"period": "2026-03"}))], WINDOW)
    [(_, status)] = changes.alerts.values()
    assert (status, changes.frozen) == ("resolved", {"2026-03"})


def test_figures_are_kept_by_scheme_and_submission_id_the_first_one_standing() -> None:
    data = {"submission_id": "s1", "scheme": "jsy", "district": "kanpur-nagar", "period": "2026-03",
            "values": {"beneficiaries_paid": 1823, "institutional_deliveries": 10000}}
    envelope = {"specversion": "1.0", "id": "x", "type": "progress.submitted.v1", "source": "portal", "data": data}
    changes = parse_records([Rec("progress.submitted", json.dumps(envelope).encode())], WINDOW)
    assert changes.submissions["jsy|s1"].values == {"beneficiaries_paid": 1823.0, "institutional_deliveries": 10000.0}
    again = json.dumps({**envelope, "data": {**data, "values": {"beneficiaries_paid": 1}}}).encode()
    twice = parse_records([Rec("progress.submitted", json.dumps(envelope).encode()), Rec("progress.submitted", again)],
                          WINDOW)
    assert twice.submissions["jsy|s1"].values["beneficiaries_paid"] == 1823.0


def _period_events(period: str) -> list[Rec]:
    submitted = {"submission_id": "s1", "scheme": "jsy", "district": "kanpur-nagar", "period": period,
                 "values": {"beneficiaries_paid": 1}}
    return [Rec("progress.submitted", event_bytes("progress.submitted.v1", submitted)),
            Rec("periods.events", event_bytes("period.frozen.v1", {"period": period}))]


@pytest.mark.parametrize("period", ["0000-01", "2018-03", "2026-04", "٢٠٢٦-03"])
def test_a_period_outside_the_window_is_no_period_a_submission_ignored_a_freeze_dead_lettered(period: str) -> None:
    changes = parse_records(_period_events(period), WINDOW)
    assert (changes.submissions, changes.frozen) == ({}, set())
    assert changes.ignored == [("progress.submitted", "invalid")]
    [(record, why)] = changes.poison
    assert record.topic == "periods.events" and "period" in why
