"""The alerts desk's pure parts: filters from the URL, grouping by district with counts, why an
alert is suppressed, and CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.console.domain.alert_desk import (
    DeskFilter,
    Known,
    UnknownFilter,
    counts,
    grouped,
    silence_matchers,
    suppression,
)
from services.console.domain.csv_export import BOM, cell, csv_text

KNOWN = Known(frozenset({"kanpur-nagar", "agra", "lucknow"}), frozenset({"kanpur", "agra", "lucknow"}),
              frozenset({"social-welfare", "medical-health"}), frozenset({"jsy", "old-age-pension"}))
DIVISION = {"kanpur-nagar": "kanpur", "agra": "agra", "lucknow": "lucknow"}


def alert(district: str, severity: str = "warning", status: str = "open", **fields: Any) -> dict[str, Any]:
    return {"alert_id": f"{fields.get('type', 'grade_drop')}:{district}:{severity}:{status}", "district": district,
            "severity": severity, "status": status, "type": "grade_drop", "scheme": "jsy",
            "department": "medical-health", "period": "2026-03", **fields}


def test_a_filter_reads_the_url_and_gives_it_back_for_a_shared_link() -> None:
    wanted = DeskFilter.parse({"district": "agra", "severity": "critical", "status": "active", "period": "2026-03",
                               "scheme": ""}, KNOWN)
    assert wanted == DeskFilter(district="agra", severity="critical")
    assert wanted.params() == {"district": "agra", "severity": "critical"}  # the default status stays out
    assert DeskFilter.parse(wanted.params(), KNOWN) == wanted


@pytest.mark.parametrize(("name", "value"), [("district", "atlantis"), ("type", "rank_jump"),
                                             ("severity", "urgent"), ("status", "snoozed"), ("division", "x")])
def test_a_value_no_filter_knows_is_refused_naming_it(name: str, value: str) -> None:
    with pytest.raises(UnknownFilter) as info:
        DeskFilter.parse({name: value}, KNOWN)
    assert (info.value.name, info.value.value) == (name, value)


def test_the_active_view_keeps_what_wants_attention_and_resolved_alerts_leave_it() -> None:
    alerts = [alert("agra", status=s) for s in ("open", "acknowledged", "silenced", "resolved")]
    assert [a["status"] for a in alerts if DeskFilter().keeps(a, DIVISION)] == ["open", "acknowledged", "silenced"]
    assert [a["status"] for a in alerts if DeskFilter(status="resolved").keeps(a, DIVISION)] == ["resolved"]
    assert len([a for a in alerts if DeskFilter(status="all").keeps(a, DIVISION)]) == 4


@given(st.lists(st.builds(alert, st.sampled_from(["agra", "lucknow", "kanpur-nagar"]),
                          st.sampled_from(["critical", "warning", "info"]),
                          st.sampled_from(["open", "acknowledged", "silenced", "resolved"])), max_size=40),
       st.sampled_from([None, "agra", "kanpur"]), st.sampled_from([None, "critical", "info"]))
def test_a_filter_keeps_exactly_the_alerts_with_its_values(alerts: list[dict[str, Any]], division: str | None,
                                                           severity: str | None) -> None:
    wanted = DeskFilter(division=division, severity=severity, status="all")
    kept = [a for a in alerts if wanted.keeps(a, DIVISION)]
    assert all((division is None or DIVISION[a["district"]] == division)
               and (severity is None or a["severity"] == severity) for a in kept)
    assert len(kept) == sum(1 for a in alerts if (division is None or DIVISION[a["district"]] == division)
                            and (severity is None or a["severity"] == severity))


@given(st.lists(st.builds(alert, st.sampled_from(["agra", "lucknow", "kanpur-nagar"]),
                          st.sampled_from(["critical", "warning", "info"])), max_size=40))
def test_grouping_by_district_loses_nothing_and_puts_the_most_critical_first(alerts: list[dict[str, Any]]) -> None:
    groups = grouped(alerts)
    assert sum(g.total for g in groups) == len(alerts)
    assert len({g.district for g in groups}) == len(groups)
    criticals = [g.severities.get("critical", 0) for g in groups]
    assert criticals == sorted(criticals, reverse=True)
    for g in groups:
        assert sum(g.severities.values()) == sum(g.statuses.values()) == g.total
        assert list(g.alerts) == [a for a in alerts if a["district"] == g.district]  # the API's order kept
    assert counts(alerts) == {s: sum(1 for a in alerts if a["severity"] == s) for s in ("critical", "warning", "info")}


def test_a_suppressed_alert_says_what_suppresses_it_and_a_silence_starts_from_its_labels() -> None:
    assert suppression(alert("agra", inhibited_by="missed_deadline:agra:jsy:2026-03:missing")) == (
        "inhibited", "missed_deadline:agra:jsy:2026-03:missing")
    assert suppression(alert("agra", silenced_by="abc123")) == ("silenced", "abc123")
    assert suppression(alert("agra")) is None
    assert silence_matchers(alert("agra")) == {"district": "agra", "scheme": "jsy", "type": "grade_drop"}
    assert silence_matchers(alert("agra", scheme=None, type="composite_rank_drop")) == {
        "district": "agra", "type": "composite_rank_drop"}


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+91 98765", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(text: str) -> None:
    assert cell(text) == "'" + text


@given(st.text(max_size=30))
def test_every_cell_reads_back_as_written_and_never_starts_a_formula(text: str) -> None:
    written = csv_text(["note"], [[text]])
    assert written.startswith(BOM)
    [header, row] = list(csv.reader(io.StringIO(written[len(BOM):], newline="")))
    assert header == ["note"]
    assert row == [cell(text)]
    assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert row[0].removeprefix("'") == text or row[0] == text
