"""Stalled: no physical progress for N consecutive months while not complete."""

from __future__ import annotations

from services.works.domain.stall import months_without_progress, stalled


def test_two_months_at_the_same_progress_make_a_work_stalled() -> None:
    series = [("2026-01", 40.0), ("2026-02", 40.0), ("2026-03", 40.0)]
    assert months_without_progress(series, "2026-03") == 2
    assert stalled(months_without=2, reported_stalled=False, completed=False)


def test_one_month_without_progress_is_not_yet_stalled() -> None:
    assert months_without_progress([("2026-02", 40.0), ("2026-03", 40.0)], "2026-03") == 1
    assert not stalled(months_without=1, reported_stalled=False, completed=False)


def test_progress_in_the_last_month_restarts_the_count() -> None:
    assert months_without_progress([("2026-01", 40.0), ("2026-02", 40.0), ("2026-03", 41.5)], "2026-03") == 0


def test_months_without_a_report_are_months_without_progress() -> None:
    assert months_without_progress([("2025-12", 30.0), ("2026-01", 40.0)], "2026-03") == 2


def test_a_work_that_never_moved_is_counted_from_its_first_report() -> None:
    assert months_without_progress([("2025-12", 0.0), ("2026-01", 0.0), ("2026-02", 0.0)], "2026-02") == 2


def test_without_reports_there_is_nothing_to_count() -> None:
    assert months_without_progress([], "2026-03") == 0


def test_an_agency_that_reports_its_work_stalled_is_believed_at_once() -> None:
    assert stalled(months_without=0, reported_stalled=True, completed=False)


def test_a_completed_work_is_never_stalled() -> None:
    assert not stalled(months_without=6, reported_stalled=False, completed=True)


def test_the_number_of_months_is_a_threshold() -> None:
    assert not stalled(months_without=2, reported_stalled=False, completed=False, months=3)
