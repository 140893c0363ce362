"""The ledger of a batch: judging, deduplicating and resolving alerts as events arrive."""

from __future__ import annotations

from services.alerts.domain.ledger import Ledger
from services.alerts.domain.reactions import react_to_scored
from services.alerts.domain.rules import persistent_in_final_ranking
from services.alerts.domain.silences import Silence
from services.alerts.domain.suppression import triage
from shared.events.scoring import SchemeRanked
from shared.periods import earlier_periods_of_financial_year
from tests.unit.alerts.alerts_builders import NOW, alert, quarantined, ranking, scheme, scored

IMPLAUSIBLE = alert(type="implausible_data", alert_id="implausible_data:kanpur-nagar:scpm:2026-03:s1")
MUTE_DROPS = Silence(id="s1", matchers={"type": "grade_drop"}, until="2026-04-01T00:00:00Z", by="cc",
                     comment="reviewed", created_at="2026-03-01T00:00:00Z")


def test_an_alert_with_nothing_against_it_is_published_as_raised() -> None:
    verdict = triage(alert(), [], [], NOW)
    assert verdict.notify and verdict.stored.status == "open"


def test_an_inhibited_and_silenced_alert_records_both_reasons_and_is_stored_silenced() -> None:
    verdict = triage(alert(), [IMPLAUSIBLE], [MUTE_DROPS], NOW)
    assert (verdict.inhibited_by, verdict.silenced_by) == (IMPLAUSIBLE.alert_id, "s1")
    assert not verdict.notify and verdict.stored.status == "silenced"


def test_a_known_alert_raised_again_is_a_repeat_not_a_new_alert() -> None:
    ledger = Ledger([alert()])
    ledger.raise_all([alert(), alert(alert_id="other")], [], NOW)
    assert [a.alert_id for a in ledger.repeated] == [alert().alert_id]
    assert [v.alert.alert_id for v in ledger.raised] == ["other"]


def test_an_inhibitor_raised_earlier_in_the_batch_inhibits_what_follows() -> None:
    ledger = Ledger()
    ledger.raise_all([IMPLAUSIBLE, alert()], [], NOW)
    assert ledger.raised[1].inhibited_by == IMPLAUSIBLE.alert_id


def test_resolving_twice_resolves_once_and_unknown_alerts_are_left_alone() -> None:
    ledger = Ledger([alert()])
    ledger.resolve_all([alert(), alert(), alert(alert_id="unknown")])
    assert [a.status for a in ledger.resolved] == ["resolved"]
    assert ledger.announced == ledger.resolved


def test_resolving_a_silenced_alert_announces_nothing() -> None:
    ledger = Ledger([alert(status="silenced")])
    ledger.resolve_all([alert()])
    assert [a.status for a in ledger.resolved] == ["resolved"] and ledger.announced == []


def test_a_correction_resolves_the_implausible_data_before_the_grade_alerts_are_judged() -> None:
    ledger = Ledger()
    react_to_scored(ledger, quarantined(submission_id="s1"), scheme(), None, [], NOW)
    react_to_scored(ledger, scored("D", "B", revision=2), scheme(), None, [], NOW)
    assert [a.type for a in ledger.resolved] == ["implausible_data"]
    assert all(v.notify for v in ledger.raised)


def test_regaining_the_grade_resolves_the_open_drop_and_raises_recovered() -> None:
    ledger = Ledger()
    react_to_scored(ledger, scored("C", "B"), scheme(), None, [], NOW)
    react_to_scored(ledger, scored("A", "B", revision=2), scheme(), None, [], NOW)
    assert [a.type for a in ledger.resolved] == ["grade_drop"]
    assert ledger.raised[-1].alert.alert_id == "recovered:kanpur-nagar:sc-postmatric-scholarship:2026-03:A"


def test_persistent_grade_d_needs_every_one_of_the_three_final_months_in_d() -> None:
    def graded(period: str, grade: str, final: bool = True) -> SchemeRanked:
        base = ranking({"kanpur-nagar": 70}, period=period, final=final)
        return base.model_copy(update={"ranks": [base.ranks[0].model_copy(update={"grade": grade})]})

    earlier = [graded("2026-01", "D"), graded("2026-02", "D")]
    assert len(persistent_in_final_ranking(graded("2026-03", "D"), earlier, scheme(), now=NOW)) == 1
    assert persistent_in_final_ranking(graded("2026-03", "D"), earlier[1:], scheme(), now=NOW) == []
    assert persistent_in_final_ranking(graded("2026-03", "D", final=False), earlier, scheme(), now=NOW) == []


def test_the_earlier_months_of_a_financial_year_start_in_april() -> None:
    assert earlier_periods_of_financial_year("2025-04") == []
    assert earlier_periods_of_financial_year("2026-01") == [f"2025-{m:02d}" for m in range(4, 13)]
