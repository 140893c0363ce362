from services.alerts.domain.rules import on_scored, recovered_alerts
from shared.events.alerts import Alert, Driver, Standing
from tests.unit.alerts.alerts_builders import DISTRICT, NOW, PERIOD, SCHEME, quarantined, scheme, scored


def types(alerts: list[Alert]) -> list[str]:
    return [a.type for a in alerts]


def test_b_to_d_raises_a_critical_grade_drop_and_entry_into_d() -> None:
    drop, entered = on_scored(scored("D", "B"), scheme(), {"disposal": 0.6875}, NOW)
    assert drop.alert_id == "grade_drop:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
    assert drop.severity == "critical"
    assert drop.previous == Standing(period="2026-02", grade="B", rank=53, of=75, marks=6.88)
    assert drop.current == Standing(period=PERIOD, grade="D", rank=71, of=75, marks=1.57)
    assert drop.driver == Driver(kpi="disposal", before=0.6875, after=0.1566)
    assert entered.alert_id == "entered_grade_d:kanpur-nagar:sc-postmatric-scholarship:2026-03:D"
    assert entered.severity == "critical"


def test_the_alert_names_department_officer_status_and_time() -> None:
    (drop, _) = on_scored(scored("D", "B"), scheme(), None, NOW)
    assert (drop.status, drop.district, drop.scheme) == ("open", DISTRICT, SCHEME)
    assert drop.department == "social-welfare"
    assert drop.officer is not None and drop.officer.en == "District Social Welfare Officer"
    assert drop.raised_at == NOW and drop.provisional is False


def test_b_to_c_is_a_warning_grade_drop_only() -> None:
    (drop,) = on_scored(scored("C", "B"), scheme(), None, NOW)
    assert (drop.type, drop.severity, drop.alert_id.rsplit(":", 1)[1]) == ("grade_drop", "warning", "C")


def test_a_to_b_is_a_warning() -> None:
    (drop,) = on_scored(scored("B", "A"), scheme(), None, NOW)
    assert drop.severity == "warning"


def test_a_grade_that_holds_or_improves_raises_nothing() -> None:
    assert on_scored(scored("B", "B"), scheme(), None, NOW) == []
    assert on_scored(scored("A", "C"), scheme(), None, NOW) == []


def test_staying_in_d_raises_no_entry_into_d() -> None:
    assert on_scored(scored("D", "D"), scheme(), None, NOW) == []


def test_d_without_a_previous_period_is_an_entry_into_d() -> None:
    (entered,) = on_scored(scored("D", has_previous=False), scheme(), None, NOW)
    assert entered.type == "entered_grade_d" and entered.previous is None
    assert entered.driver == Driver(kpi="disposal", before=None, after=0.1566)


def test_d_after_a_month_without_a_grade_is_an_entry_into_d_but_no_drop() -> None:
    assert types(on_scored(scored("D", None), scheme(), None, NOW)) == ["entered_grade_d"]


def test_an_ungraded_scheme_raises_no_grade_alert() -> None:
    assert on_scored(scored(None, "B"), scheme(graded=False), None, NOW) == []


def test_a_quarantined_submission_raises_implausible_data_keyed_by_submission() -> None:
    (alert,) = on_scored(quarantined(), scheme(), None, NOW)
    assert alert.alert_id == "implausible_data:kanpur-nagar:sc-postmatric-scholarship:2026-03:" + (
        "sw-2026-03-kanpur-nagar-scpm-r1"
    )
    assert (alert.severity, alert.driver) == ("warning", None)
    assert "sw-2026-03-kanpur-nagar-scpm-r1" in alert.message.en


def test_regaining_the_lost_grade_raises_recovered_and_resolves_the_drop() -> None:
    (drop, _) = on_scored(scored("D", "B"), scheme(), None, NOW)
    raised, resolved = recovered_alerts(scored("B", "B", rank=50), scheme(), [drop], "2026-03-25T09:00:00Z")
    (recovered,) = raised
    assert recovered.alert_id == "recovered:kanpur-nagar:sc-postmatric-scholarship:2026-03:B"
    assert (recovered.severity, recovered.previous, recovered.current) == (
        "info", drop.current, Standing(period=PERIOD, grade="B", rank=50, of=75, marks=1.57)
    )
    assert recovered.message.en == "SC Post-matric Scholarship: grade back from D to B, rank 71 to 50"
    assert resolved == [drop.model_copy(update={"status": "resolved"})]


def test_doing_better_than_before_the_drop_also_recovers() -> None:
    (drop,) = on_scored(scored("C", "B"), scheme(), None, NOW)
    raised, resolved = recovered_alerts(scored("A", "B"), scheme(), [drop], NOW)
    assert raised[0].alert_id.endswith(":A") and resolved[0].status == "resolved"


def test_a_partial_recovery_resolves_nothing() -> None:
    (drop, _) = on_scored(scored("D", "B"), scheme(), None, NOW)
    assert recovered_alerts(scored("C", "B"), scheme(), [drop], NOW) == ([], [])


def test_one_recovery_resolves_every_open_drop_of_the_same_scheme_and_period() -> None:
    (to_c,) = on_scored(scored("C", "B"), scheme(), None, NOW)
    (to_d, _) = on_scored(scored("D", "B"), scheme(), None, NOW)
    acknowledged = to_c.model_copy(update={"status": "acknowledged"})
    raised, resolved = recovered_alerts(scored("B", "B"), scheme(), [acknowledged, to_d], NOW)
    assert len(raised) == 1 and raised[0].previous is not None and raised[0].previous.grade == "D"
    assert {a.alert_id for a in resolved} == {to_c.alert_id, to_d.alert_id}


def test_drops_of_other_periods_or_already_resolved_are_left_alone() -> None:
    (drop,) = on_scored(scored("C", "B"), scheme(), None, NOW)
    other_period = drop.model_copy(update={"period": "2026-02"})
    resolved_drop = drop.model_copy(update={"status": "resolved"})
    assert recovered_alerts(scored("B", "B"), scheme(), [other_period, resolved_drop], NOW) == ([], [])


def test_a_quarantined_revision_recovers_nothing() -> None:
    (drop,) = on_scored(scored("C", "B"), scheme(), None, NOW)
    assert recovered_alerts(quarantined(), scheme(), [drop], NOW) == ([], [])
