from services.alerts.domain.digest import digest
from shared.catalog import Names
from tests.unit.alerts.alerts_builders import alert

NAMES = {
    "social-welfare": Names(hi="समाज कल्याण विभाग", en="Social Welfare"),
    "medical-health": Names(hi="चिकित्सा विभाग", en="Medical Health"),
}


def test_the_digest_groups_open_alerts_by_department_worst_first() -> None:
    alerts = [
        alert(alert_id="a1", severity="warning"),
        alert(alert_id="a2", severity="critical", status="acknowledged", type="entered_grade_d"),
        alert(alert_id="h1", severity="warning", department="medical-health", scheme="jsy"),
        alert(alert_id="c1", severity="critical", department=None, scheme=None, type="composite_rank_drop"),
        alert(alert_id="c2", severity="critical", department=None, scheme=None, type="bottom_ten_repeat"),
    ]
    result = digest("kanpur-nagar", "2026-03", alerts, NAMES)
    assert result["total"] == 5
    assert result["counts"] == {"critical": 3, "warning": 2, "info": 0}
    groups = result["departments"]
    assert [g["department"] for g in groups] == [None, "social-welfare", "medical-health"]
    assert groups[0]["name"] == {"hi": "जनपद स्तर", "en": "District as a whole"}
    assert groups[1]["name"] == {"hi": "समाज कल्याण विभाग", "en": "Social Welfare"}
    assert [a["alert_id"] for a in groups[1]["alerts"]] == ["a2", "a1"]
    assert groups[1]["counts"] == {"critical": 1, "warning": 1, "info": 0}


def test_the_digest_leaves_out_resolved_silenced_and_other_districts_or_periods() -> None:
    alerts = [
        alert(alert_id="resolved", status="resolved"),
        alert(alert_id="silenced", status="silenced"),
        alert(alert_id="agra", district="agra"),
        alert(alert_id="february", period="2026-02"),
    ]
    result = digest("kanpur-nagar", "2026-03", alerts, NAMES)
    assert (result["total"], result["departments"]) == (0, [])


def test_a_department_without_a_known_name_is_shown_by_its_id() -> None:
    result = digest("kanpur-nagar", "2026-03", [alert(department="revenue")], NAMES)
    assert result["departments"][0]["name"] == {"hi": "revenue", "en": "revenue"}


def test_the_digest_is_plain_json() -> None:
    result = digest("kanpur-nagar", "2026-03", [alert()], NAMES)
    first = result["departments"][0]["alerts"][0]
    assert first["message"] == {"hi": "संदेश", "en": "message"} and first["previous"]["grade"] == "B"
