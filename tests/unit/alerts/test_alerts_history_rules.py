from services.alerts.domain.rules import missed_deadline, months_in_grade_d, persistent_grade_d
from shared.events.alerts import Standing
from tests.unit.alerts.alerts_builders import NOW, PERIOD, scheme


def test_three_consecutive_final_months_in_d_raise_persistent_grade_d() -> None:
    grades = {"2026-01": "D", "2026-02": "D", "2026-03": "D", "2025-12": "C"}
    alert = persistent_grade_d("kanpur-nagar", scheme(), PERIOD, grades, now=NOW)
    assert alert is not None
    assert alert.alert_id == "persistent_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
    assert alert.severity == "critical"
    assert alert.previous == Standing(period="2026-01", grade="D")
    assert alert.message.en == (
        "SC Post-matric Scholarship: in grade D for 3 consecutive months (January 2026 to March 2026)"
    )


def test_two_months_in_d_are_not_yet_persistent() -> None:
    grades = {"2026-02": "D", "2026-03": "D", "2026-01": "B"}
    assert persistent_grade_d("kanpur-nagar", scheme(), PERIOD, grades, now=NOW) is None


def test_a_missing_month_breaks_the_run() -> None:
    grades = {"2025-12": "D", "2026-01": None, "2026-02": "D", "2026-03": "D"}
    assert persistent_grade_d("kanpur-nagar", scheme(), PERIOD, grades, now=NOW) is None
    with_gap = {"2025-11": "D", "2025-12": "D", "2026-02": "D", "2026-03": "D"}
    assert persistent_grade_d("kanpur-nagar", scheme(), PERIOD, with_gap, now=NOW) is None


def test_the_run_crosses_the_new_year_and_says_how_long_it_is() -> None:
    grades = {p: "D" for p in ("2025-10", "2025-11", "2025-12", "2026-01")}
    assert months_in_grade_d("2026-01", grades) == 4
    alert = persistent_grade_d("kanpur-nagar", scheme(), "2026-01", grades, now=NOW)
    assert alert is not None and "4 consecutive months (October 2025 to January 2026)" in alert.message.en
    assert "लगातार 4 माह" in alert.message.hi


def test_a_period_not_in_d_is_never_persistent() -> None:
    grades = {"2026-01": "D", "2026-02": "D", "2026-03": "C"}
    assert months_in_grade_d(PERIOD, grades) == 0


def test_every_graded_scheme_without_an_accepted_submission_misses_the_deadline() -> None:
    jsy = scheme("jsy", deadline_day=21)
    ungraded = scheme("ungraded", graded=False)
    districts = ["agra", "kanpur-nagar"]
    accepted = {("sc-postmatric-scholarship", "agra"), ("jsy", "kanpur-nagar")}
    alerts = missed_deadline(PERIOD, [scheme(), jsy, ungraded], districts, accepted, NOW)
    assert [a.alert_id for a in alerts] == [
        "missed_deadline:kanpur-nagar:sc-postmatric-scholarship:2026-03:missing",
        "missed_deadline:agra:jsy:2026-03:missing",
    ]
    assert {a.severity for a in alerts} == {"warning"}
    assert alerts[1].message.en == (
        "SC Post-matric Scholarship: no figures for March 2026 by the deadline (the 21st)"
    )
    assert alerts[1].message.hi.startswith("अनुसूचित जाति दशमोत्तर छात्रवृत्ति: मार्च 2026 के आंकड़े")


def test_nothing_is_missed_when_everything_arrived() -> None:
    accepted = {("sc-postmatric-scholarship", "agra")}
    assert missed_deadline(PERIOD, [scheme()], ["agra"], accepted, NOW) == []
