"""The simulated year of construction works: seeded, realistic, and each work what it claims to be."""

from __future__ import annotations

from collections import Counter

import pytest

from anushravan.sim.works import KANPUR, WorksConfig, WorksYear, simulate_works
from anushravan.sim.works_catalogue import WorksCatalogue, works_catalogue
from services.works.domain.assessment import assess
from services.works.domain.ledger import ledger
from services.works.domain.months import period_end
from shared.districts import load_districts
from shared.events.works import WorkAssessed

DISTRICTS = load_districts()
LAST = "2026-03"


@pytest.fixture(scope="module")
def year() -> WorksYear:
    return simulate_works(DISTRICTS)


def _flags(a: WorkAssessed) -> set[str]:
    return {name for name, up in a.flags if up}


def _is_what_it_claims(kind: str, a: WorkAssessed) -> bool:
    """What each kind of work must show at the end of the year, by the domain's own rules."""
    return {
        "on_time": a.colour == "green" and not _flags(a),
        "completed": a.completion_date is not None and a.colour == "green" and not _flags(a),
        "behind": a.colour == "yellow" and not _flags(a) - {"anticipated_date_implausible"},
        "delayed": a.flags.time_overrun and not a.flags.stalled,
        "stalled": a.flags.stalled,
        "over_cost": a.flags.cost_overrun,
        "misreported": a.flags.financial_ahead_of_physical,
        "due_soon": a.flags.due_soon,
        "implausible": True,
    }[kind]


def test_the_same_seed_gives_the_same_year(year: WorksYear) -> None:
    again = simulate_works(DISTRICTS)
    assert again.registrations() == year.registrations() and again.reports() == year.reports()


def test_another_seed_gives_other_works(year: WorksYear) -> None:
    assert simulate_works(DISTRICTS, WorksConfig(seed=8)).registrations() != year.registrations()


def test_a_few_hundred_works_cover_every_district(year: WorksYear) -> None:
    per_district = Counter(w.district for w in year.registrations())
    assert 250 <= len(year.works) <= 400
    assert set(per_district) == {d.id for d in DISTRICTS} and min(per_district.values()) >= 3


def test_every_kind_of_work_is_there_in_numbers(year: WorksYear) -> None:
    kinds = year.kinds()
    assert kinds["implausible"] == 2
    assert min(kinds[k] for k in ("completed", "behind", "delayed", "stalled", "over_cost", "due_soon")) >= 10
    assert kinds["on_time"] >= 60 and kinds["misreported"] >= 5


def test_kanpur_nagar_has_a_representative_mix(year: WorksYear) -> None:
    assert year.kinds(KANPUR) == Counter({"on_time": 3, "delayed": 3, "stalled": 2, "completed": 1, "behind": 1,
                                          "over_cost": 1, "misreported": 1, "due_soon": 1, "implausible": 1})
    agencies = {w.work.agency.id for w in year.works if w.work.district == KANPUR}
    assert len(agencies) >= 4


@pytest.mark.parametrize("seed", [7, 8, 2026])
def test_every_work_is_what_its_kind_claims_by_the_domain_rules(seed: int) -> None:
    simulated = simulate_works(DISTRICTS, WorksConfig(seed=seed))
    wrong = [(w.kind, w.work.id) for w in simulated.works
             if not _is_what_it_claims(w.kind, assess(w.work, w.reports, LAST))]
    assert wrong == []


def test_exactly_the_two_implausible_works_have_a_quarantined_month(year: WorksYear) -> None:
    quarantined = {w.work.id: [v.reasons[0].message for v in ledger(w.work, w.reports).verdicts if not v.accepted]
                   for w in year.works}
    flagged = {work: reasons for work, reasons in quarantined.items() if reasons}
    assert {w.work.id for w in year.works if w.kind == "implausible"} == set(flagged)
    [kanpur] = [reasons for work, reasons in flagged.items() if KANPUR in work]
    [elsewhere] = [reasons for work, reasons in flagged.items() if KANPUR not in work]
    assert "is above 100 %" in kanpur[0] and "fell from" in elsewhere[0]


def test_each_work_reports_every_month_from_its_sanction_until_it_is_completed(year: WorksYear) -> None:
    for w in year.works:
        months = sorted({r.period for r in w.reports})
        expected = [p for p in year.periods if period_end(p) >= w.work.sanction_date]
        if w.kind == "completed":
            expected = expected[: len(months)]
            assert w.reports[-1].status == "completed"
        assert months == expected, w.work.id


def test_reports_go_out_month_by_month_with_unique_ids(year: WorksYear) -> None:
    reports = year.reports()
    assert [r.period for r in reports] == sorted(r.period for r in reports)
    assert len({r.report_id for r in reports}) == len(reports)
    assert any(r.revision == 2 for r in reports)


def test_leaving_districts_out_changes_nobody_elses_works(year: WorksYear) -> None:
    few = simulate_works(DISTRICTS[:10])
    everyone = {w.work.id: w for w in year.works if w.kind != "implausible"}
    assert [w for w in few.works if w.kind != "implausible"] == [
        everyone[w.work.id] for w in few.works if w.kind != "implausible"]


def test_works_are_named_in_hindi_and_english_after_their_district(year: WorksYear) -> None:
    names = {d.id: d.name for d in DISTRICTS}
    for work in year.registrations():
        assert names[work.district].hi in work.name.hi and names[work.district].en in work.name.en
    assert len({w.department.id for w in year.registrations()}) >= 9
    assert len({w.agency.id for w in year.registrations()}) >= 9


def test_the_catalogue_refuses_a_work_type_of_an_unknown_department() -> None:
    doc = works_catalogue().model_dump()
    doc["types"][0]["department"] = "ministry-of-magic"
    with pytest.raises(ValueError, match="names an unknown department or agency"):
        WorksCatalogue.model_validate(doc)


@pytest.mark.parametrize(("change", "message"), [
    ({"months": 3}, "months: between 6 and 24"),
    ({"until": "2026-3"}, "not a month in the form YYYY-MM"),
    ({"works_per_district": (0, 2)}, "works_per_district"),
])
def test_a_config_that_cannot_give_a_year_of_works_is_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WorksConfig(**change)  # type: ignore[arg-type]
