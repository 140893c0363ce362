from services.scoring.domain.plausibility import implausible
from shared.events.ingest import Reason
from tests.unit.scoring.scoring_builders import kpi, scheme


def _codes(reasons: list[Reason]) -> list[tuple[str, str]]:
    return [(r.field, r.code) for r in reasons]


def test_achievement_within_one_and_a_half_times_the_target_is_plausible() -> None:
    assert implausible(scheme(), {"done": 150, "due": 100}) == []


def test_achievement_above_one_and_a_half_times_the_target_is_implausible() -> None:
    reasons = implausible(scheme(), {"done": 151, "due": 100})
    assert _codes(reasons) == [("kpis.k", "implausible")]
    assert reasons[0].message == "k: done 151 is more than 1.5 × due 100"


def test_the_bound_is_the_kpis_own_max_ratio() -> None:
    tight = scheme(kpis=[kpi(max_ratio=1.1)])
    assert _codes(implausible(tight, {"done": 111, "due": 100})) == [("kpis.k", "implausible")]
    assert implausible(tight, {"done": 110, "due": 100}) == []


def test_summed_fields_are_compared_and_named() -> None:
    split = scheme(kpis=[kpi(numerator=["a", "b"], denominator=["c", "d"])])
    reasons = implausible(split, {"a": 100, "b": 60, "c": 50, "d": 50})
    assert reasons[0].message == "k: a + b 160 is more than 1.5 × c + d 100"


def test_achievement_against_a_zero_target_is_implausible() -> None:
    reasons = implausible(scheme(), {"done": 5, "due": 0})
    assert _codes(reasons) == [("kpis.k", "implausible")]
    assert reasons[0].message == "k: done 5 against a zero due"


def test_nothing_against_a_zero_target_is_plausible() -> None:
    assert implausible(scheme(), {"done": 0, "due": 0}) == []


def test_pending_far_above_what_was_received_is_implausible() -> None:
    pendency = scheme(kpis=[kpi(kind="inverse_ratio", numerator="pending", denominator="received")])
    assert _codes(implausible(pendency, {"pending": 200, "received": 100})) == [("kpis.k", "implausible")]


def test_pending_with_nothing_received_is_not_quarantined_it_scores_zero() -> None:
    pendency = scheme(kpis=[kpi(kind="inverse_ratio", numerator="pending", denominator="received")])
    assert implausible(pendency, {"pending": 4, "received": 0}) == []


def test_progress_of_848_49_percent_is_implausible_and_the_message_says_so() -> None:
    progress = scheme(kpis=[kpi("progress", kind="percent")])
    reasons = implausible(progress, {"progress": 848.49})
    assert _codes(reasons) == [("kpis.progress", "implausible")]
    assert reasons[0].message == "progress 848.49 % is above 100 %"


def test_progress_of_exactly_100_percent_is_plausible() -> None:
    assert implausible(scheme(kpis=[kpi(kind="percent")]), {"progress": 100}) == []


def test_each_implausible_kpi_gets_its_own_reason() -> None:
    two = scheme(kpis=[kpi("a"), kpi("b", kind="percent")])
    reasons = implausible(two, {"done": 9, "due": 1, "progress": 101})
    assert _codes(reasons) == [("kpis.a", "implausible"), ("kpis.b", "implausible")]
