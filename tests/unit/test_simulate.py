"""The simulated year: seeded, realistic, and holding the events the demo is about."""

from __future__ import annotations

import io
import json
from collections import Counter
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anushravan.commands.simulate import pick_districts
from anushravan.sim.actions import PeriodMark, Submission
from anushravan.sim.calendar import financial_year, months_until
from anushravan.sim.figures import figures_for, within_catalogue
from anushravan.simulate import SimConfig, Simulation, simulate, write_ndjson
from services.scoring.domain.marks import grade, score_submission
from services.scoring.domain.plausibility import implausible
from shared.catalog import Scheme, default_catalog_path, load_catalog
from shared.districts import load_districts
from shared.events.ingest import ProgressSubmitted

SCHEMES = load_catalog(default_catalog_path())
BY_ID = {s.id: s for s in SCHEMES}
DISTRICTS = [d.id for d in load_districts()]
CONFIG = SimConfig(seed=7, until="2026-03", months=2)


@pytest.fixture(scope="module")
def year() -> Simulation:
    return simulate(SCHEMES, DISTRICTS, CONFIG)


def final_submissions(simulation: Simulation, period: str) -> dict[tuple[str, str], Submission]:
    """The submission that counts for each (district, scheme): the highest revision."""
    month = next(m for m in simulation.months if m.period == period)
    latest: dict[tuple[str, str], Submission] = {}
    for send in month.sends():
        sub = send.submission
        key = (sub.district, sub.scheme)
        if key not in latest or sub.revision > latest[key].revision:
            latest[key] = sub
    return latest


def rank_and_grade(simulation: Simulation, period: str, district: str, scheme_id: str) -> tuple[int, str | None]:
    scheme = BY_ID[scheme_id]
    marks = {d: score_submission(scheme, sub.values).marks
             for (d, s), sub in final_submissions(simulation, period).items() if s == scheme_id}
    own = marks[district]
    return 1 + sum(1 for m in marks.values() if m > own), grade(own, scheme)


def test_the_same_seed_gives_the_same_year(year: Simulation) -> None:
    again = simulate(SCHEMES, DISTRICTS, CONFIG)
    assert [s.submission for s in again.sends()] == [s.submission for s in year.sends()]


def test_another_seed_gives_other_figures(year: Simulation) -> None:
    other = simulate(SCHEMES, DISTRICTS, SimConfig(seed=8, until="2026-03", months=2))
    assert [s.submission.values for s in other.sends()] != [s.submission.values for s in year.sends()]


def test_leaving_districts_out_does_not_change_the_others_figures(year: Simulation) -> None:
    few = simulate(SCHEMES, DISTRICTS[:10], CONFIG)
    everyone = {s.submission.submission_id: s.submission.values for s in year.sends()}
    story = {*few.story.collapses, *year.story.collapses,
             *((d, "sc-postmatric-scholarship") for d in (*few.story.weak, *year.story.weak))}
    compared = [s.submission for s in few.months[0].sends("on_time")
                if (s.submission.district, s.submission.scheme) not in story]
    assert len(compared) > 250
    for sub in compared:
        assert sub.values == everyone[sub.submission_id]


def test_every_district_reports_every_scheme_each_month(year: Simulation) -> None:
    first = final_submissions(year, "2026-02")
    assert set(first) == {(d, s.id) for d in DISTRICTS for s in SCHEMES}


def test_every_figure_keeps_the_catalogue_rules_but_the_one_implausible(year: Simulation) -> None:
    broken = [(s.submission.district, s.submission.scheme) for s in year.sends()
              if within_catalogue(BY_ID[s.submission.scheme], s.submission.values)]
    assert broken == [("lakhimpur-kheri", "icds-nutrition")]


def test_pending_applications_never_exceed_those_received(year: Simulation) -> None:
    for send in year.sends():
        values = send.submission.values
        pending = sum(v for k, v in values.items() if k.startswith("pending_"))
        if "applications_received" in values:
            assert pending <= values["applications_received"]


def test_counts_are_whole_numbers_and_percentages_have_two_decimals(year: Simulation) -> None:
    for send in year.sends()[:3000]:
        for name, value in send.submission.values.items():
            if name.endswith("_percent") or name.endswith("_lakh"):
                assert round(value, 2) == value
            else:
                assert isinstance(value, int)


def test_lakhimpur_kheri_reports_848_49_percent_on_icds_nutrition_in_the_last_month(year: Simulation) -> None:
    sub = final_submissions(year, "2026-03")[("lakhimpur-kheri", "icds-nutrition")]
    assert sub.values["children_measured_percent"] == 848.49
    assert implausible(BY_ID["icds-nutrition"], sub.values)


def test_kanpur_nagar_falls_from_about_53rd_in_b_to_about_71st_in_d_on_the_scholarship(year: Simulation) -> None:
    before = rank_and_grade(year, "2026-02", "kanpur-nagar", "sc-postmatric-scholarship")
    after = rank_and_grade(year, "2026-03", "kanpur-nagar", "sc-postmatric-scholarship")
    assert before[1] == "B" and abs(before[0] - 53) <= 3
    assert after[1] == "D" and abs(after[0] - 71) <= 3


def test_kanpur_nagar_reports_the_figures_of_its_real_minutes(year: Simulation) -> None:
    sub = final_submissions(year, "2026-03")[("kanpur-nagar", "sc-postmatric-scholarship")]
    assert dict(sub.values) == {"applications_received": 26466, "pending_institution": 614,
                                "pending_pfms": 1658, "pending_university": 43}
    assert score_submission(BY_ID[sub.scheme], sub.values).marks == 1.57


def test_a_few_other_districts_collapse_from_b_to_d_in_the_last_month(year: Simulation) -> None:
    others = [(d, s) for d, s in year.story.collapses if d != "kanpur-nagar"]
    assert len(others) >= 2
    for district, scheme in others:
        assert rank_and_grade(year, "2026-02", district, scheme)[1] == "B"
        assert rank_and_grade(year, "2026-03", district, scheme)[1] == "D"


def test_duplicates_resend_a_submission_already_sent(year: Simulation) -> None:
    for month in year.months:
        sent = {s.submission.submission_id: s.submission for s in month.sends("on_time")}
        duplicates = month.sends("duplicate")
        assert duplicates
        for dup in duplicates:
            assert sent[dup.submission.submission_id] == dup.submission


def test_revisions_correct_an_earlier_figure_later(year: Simulation) -> None:
    for month in year.months:
        first = {(s.submission.district, s.submission.scheme): s.submission for s in month.sends("on_time")}
        revisions = month.sends("revision")
        assert revisions
        for rev in revisions:
            earlier = first[(rev.submission.district, rev.submission.scheme)]
            assert (earlier.revision, rev.submission.revision) == (1, 2)
            assert rev.submission.submitted_at > earlier.submitted_at
            assert rev.submission.values != earlier.values


def test_one_department_misses_the_deadline_in_the_last_month_only(year: Simulation) -> None:
    department = year.story.late_department
    last, earlier = year.months[-1], year.months[0]
    assert department and not earlier.sends("late")
    late = last.sends("late")
    assert late and {s.submission.department for s in late} == {department}
    assert year.story.never
    counted = final_submissions(year, "2026-03")
    assert not any(pair in counted for pair in year.story.never)


def test_each_month_ends_with_its_deadline_late_reports_and_freeze(year: Simulation) -> None:
    for month in year.months:
        kinds = [a.kind if isinstance(a, PeriodMark) else a.purpose for a in month.actions]
        deadline = kinds.index("deadline")
        assert kinds[-1] == "freeze"
        assert set(kinds[deadline + 1:-1]) <= {"late"}
        assert "late" not in kinds[:deadline]


def test_some_portals_publish_to_kafka_and_the_rest_use_the_ingest_api(year: Simulation) -> None:
    channels = Counter(s.submission.channel for s in year.sends())
    assert channels["http"] > channels["kafka"] > 0


def test_the_ndjson_lines_are_progress_submitted_data(year: Simulation) -> None:
    out = io.StringIO()
    count = write_ndjson(year.months[0].sends()[:50], out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 50
    parsed = [ProgressSubmitted.model_validate(json.loads(line)) for line in lines]
    assert parsed[0].submission_id == year.months[0].sends()[0].submission.submission_id


def test_the_default_months_are_the_financial_year_so_far() -> None:
    assert months_until("2025-06") == ["2025-04", "2025-05", "2025-06"]
    assert months_until("2026-03", 2) == ["2026-02", "2026-03"]
    assert len(months_until("2026-03")) == 12
    assert financial_year("2026-03") == "2025-26"


def test_a_reduced_set_of_districts_keeps_kanpur_nagar_and_lakhimpur_kheri() -> None:
    chosen = pick_districts(DISTRICTS, 10)
    assert len(chosen) == 10 and {"kanpur-nagar", "lakhimpur-kheri"} <= set(chosen)


@settings(max_examples=200, deadline=None)
@given(scheme=st.sampled_from(SCHEMES), marks=st.floats(0.5, 9.5), seed=st.integers(0, 10_000))
def test_figures_score_the_marks_they_were_made_for(scheme: Scheme, marks: float, seed: int) -> None:
    values = figures_for(scheme, marks, lambda field: 50_000.0, Random(seed))
    assert within_catalogue(scheme, values) == []
    assert score_submission(scheme, values).marks == pytest.approx(marks, abs=0.05)
