"""A work's assessment month by month: the story of a hospital in Kanpur Nagar.

Sanctioned on 1 April 2024 at ₹1,850 lakh, due on 31 March 2026 (see works_builders).
"""

from __future__ import annotations

from datetime import date

import pytest

from services.works.domain.assessment import assess
from shared.events.works import Flags, WorkProgress
from tests.unit.works.works_builders import a_report, a_work, monthly

NO_FLAGS = Flags(time_overrun=False, cost_overrun=False, stalled=False, financial_ahead_of_physical=False,
                 due_soon=False, anticipated_date_implausible=False)
SLIPPING = [
    a_report("2025-10", 55, 900), a_report("2025-11", 58, 960), a_report("2025-12", 60, 1010),
    a_report("2026-01", 60, 1100, revised_cost_lakh=2100.0),
    a_report("2026-02", 60, 1200, anticipated_completion_date=date(2026, 6, 30)),
    a_report("2026-03", 62, 1300, milestone="second floor slab"),
]


def _flags(reports: list[WorkProgress], period: str) -> set[str]:
    return {name for name, up in assess(a_work(), reports, period).flags if up}


def test_a_work_keeping_pace_with_its_schedule_is_green_and_raises_nothing() -> None:
    assessed = assess(a_work(), monthly([("2025-09", 75), ("2025-10", 79), ("2025-11", 84), ("2025-12", 88)]),
                      "2025-12")
    assert (assessed.colour, assessed.flags, assessed.status) == ("green", NO_FLAGS, "assessed")
    # 87.65 % of its time gone, 88 % done; 13 points in three months finish it on 26 March.
    assert assessed.expected_physical_percent == 87.65 and assessed.forecast_completion_date == date(2026, 3, 26)
    assert assessed.previous is not None and assessed.previous.flags == NO_FLAGS


def test_a_revised_cost_and_a_near_deadline_raise_cost_overrun_and_due_soon() -> None:
    january = assess(a_work(), SLIPPING, "2026-01")
    assert _flags(SLIPPING, "2026-01") == {"cost_overrun", "due_soon"}
    assert (january.cost_overrun_percent, january.current_cost_lakh, january.colour) == (13.51, 2100.0, "red")


def test_two_months_at_sixty_percent_make_the_work_stalled_and_its_promise_implausible() -> None:
    february = assess(a_work(), SLIPPING, "2026-02")
    assert _flags(SLIPPING, "2026-02") == {"time_overrun", "cost_overrun", "stalled", "due_soon",
                                           "anticipated_date_implausible"}
    assert (february.time_overrun_months, february.delay_bucket, february.extra_delay_months) == (3, "1-12", 3)
    assert february.months_without_progress == 2


def test_progress_again_clears_the_stall_but_not_the_delay() -> None:
    march = assess(a_work(), SLIPPING, "2026-03")
    assert "stalled" not in _flags(SLIPPING, "2026-03") and march.time_overrun_months == 3
    assert march.extra_delay_months == 0 and march.milestone == "second floor slab"
    assert march.previous is not None and march.previous.flags.stalled and march.previous.period == "2026-02"


def test_a_month_without_a_report_carries_the_last_one_and_time_runs_on() -> None:
    may = assess(a_work(), SLIPPING, "2026-05")
    assert (may.status, may.report_id, may.reported_period, may.physical_percent) == ("unreported", None, "2026-03", 62)
    assert may.months_without_progress == 2 and may.flags.stalled and may.colour == "red"


def test_a_work_left_open_past_its_anticipated_date_grows_later_every_month() -> None:
    august = assess(a_work(), SLIPPING, "2026-08")
    assert (august.time_overrun_months, august.extra_delay_months) == (5, 1)


def test_a_quarantined_report_leaves_the_figures_of_the_last_accepted_one() -> None:
    reports = [*SLIPPING[:3], a_report("2026-01", 130, 1100)]
    january = assess(a_work(), reports, "2026-01")
    assert (january.status, january.report_id, january.reported_period) == (
        "quarantined", reports[-1].report_id, "2025-12")
    assert january.physical_percent == 60 and [r.field for r in january.reasons] == ["physical_percent"]


def test_a_work_that_never_reported_stands_at_nothing_done() -> None:
    assessed = assess(a_work(), [], "2025-06")
    assert (assessed.status, assessed.state, assessed.physical_percent, assessed.expenditure_lakh) == (
        "unreported", "in_progress", 0.0, 0.0)
    assert assessed.colour == "red" and not assessed.flags.stalled  # 59 % of its time gone, nothing to show


def test_a_work_completed_on_time_is_green_with_nothing_to_raise() -> None:
    done = [*SLIPPING[:3], a_report("2026-02", 100, 1800, status="completed", completion_date=date(2026, 2, 20))]
    february = assess(a_work(), done, "2026-02")
    assert (february.colour, february.flags, february.forecast_completion_date) == (
        "green", NO_FLAGS, date(2026, 2, 20))


def test_money_far_ahead_of_the_work_is_flagged() -> None:
    assert "financial_ahead_of_physical" in _flags([a_report("2025-12", 50, 1500)], "2025-12")


def test_the_reason_for_a_stall_is_shown_while_the_work_stands_still() -> None:
    stalled = a_report("2026-01", 60, 1100, status="stalled", stall_reason="land dispute in court")
    assert assess(a_work(), [*SLIPPING[:3], stalled], "2026-01").stall_reason == "land dispute in court"
    assert assess(a_work(), SLIPPING, "2026-03").stall_reason is None


def test_a_correction_arriving_late_gives_what_the_right_order_would() -> None:
    wrong_then_right = [*SLIPPING, a_report("2025-12", 61, 1010, revision=2)]
    in_order = [*SLIPPING[:2], a_report("2025-12", 61, 1010, revision=2), *SLIPPING[3:]]
    # December corrected upwards: January's 60 % now falls from 61 % and is quarantined.
    assert assess(a_work(), wrong_then_right, "2026-03") == assess(a_work(), in_order, "2026-03")
    assert assess(a_work(), wrong_then_right, "2026-01").status == "quarantined"


def test_the_month_of_the_sanction_has_no_previous_month() -> None:
    assert assess(a_work(), [], "2024-04").previous is None


def test_a_month_before_the_sanction_cannot_be_assessed() -> None:
    with pytest.raises(ValueError, match="sanctioned on 2024-04-01, after 2024-03"):
        assess(a_work(), [], "2024-03")


def test_a_work_above_one_crore_is_major_and_one_below_is_not() -> None:
    assert assess(a_work(), [], "2025-06").major
    assert not assess(a_work(sanctioned_cost_lakh=80.0), [], "2025-06").major


def test_every_revision_of_the_work_travels_with_its_assessment() -> None:
    march = assess(a_work(), SLIPPING, "2026-03")
    assert [(r.period, r.to_lakh) for r in march.cost_revisions] == [("2026-01", 2100.0)]
    assert [(r.period, r.to_date) for r in march.date_revisions] == [("2026-02", date(2026, 6, 30))]
