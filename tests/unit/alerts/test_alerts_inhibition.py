import pytest

from services.alerts.domain.inhibition import inhibited
from shared.events.alerts import Alert
from tests.unit.alerts.alerts_builders import alert

MISSING = alert(type="missed_deadline", alert_id="missed_deadline:kanpur-nagar:scpm:2026-03:missing")
IMPLAUSIBLE = alert(type="implausible_data", alert_id="implausible_data:kanpur-nagar:scpm:2026-03:s1")


@pytest.mark.parametrize("target", ["grade_drop", "entered_grade_d", "rank_drop"])
@pytest.mark.parametrize("inhibitor", [MISSING, IMPLAUSIBLE])
def test_a_data_problem_inhibits_grade_and_rank_alerts_of_its_scheme(target: str, inhibitor: Alert) -> None:
    assert inhibited(alert(type=target), [inhibitor])


def test_recoveries_and_history_alerts_are_never_inhibited() -> None:
    assert not inhibited(alert(type="recovered"), [MISSING])
    assert not inhibited(alert(type="persistent_grade_d"), [MISSING])


def test_a_data_problem_of_another_scheme_district_or_period_inhibits_nothing() -> None:
    grade_drop = alert()
    assert not inhibited(grade_drop, [MISSING.model_copy(update={"scheme": "jsy"})])
    assert not inhibited(grade_drop, [MISSING.model_copy(update={"district": "agra"})])
    assert not inhibited(grade_drop, [MISSING.model_copy(update={"period": "2026-02"})])


def test_a_resolved_data_problem_inhibits_nothing_but_a_silenced_one_still_does() -> None:
    assert not inhibited(alert(), [IMPLAUSIBLE.model_copy(update={"status": "resolved"})])
    assert inhibited(alert(), [IMPLAUSIBLE.model_copy(update={"status": "silenced"})])


def test_other_grade_alerts_do_not_inhibit() -> None:
    assert not inhibited(alert(), [alert(type="entered_grade_d")])
