"""Money ahead of work, and works due soon."""

from __future__ import annotations

from datetime import date

import pytest

from services.works.domain.due import due_soon
from services.works.domain.spending import expenditure_percent, financial_ahead_of_physical

DUE = date(2026, 3, 31)


def test_expenditure_is_a_share_of_the_current_cost() -> None:
    assert expenditure_percent(1300.0, 2100.0) == 61.9


def test_a_share_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="cost"):
        expenditure_percent(10.0, 0.0)


def test_money_more_than_twenty_points_ahead_of_the_work_is_flagged() -> None:
    assert financial_ahead_of_physical(70.5, 50.0)


def test_money_exactly_twenty_points_ahead_is_not_flagged() -> None:
    assert not financial_ahead_of_physical(70.0, 50.0)


def test_work_ahead_of_money_is_never_flagged() -> None:
    assert not financial_ahead_of_physical(30.0, 80.0)


def test_a_work_due_in_sixty_days_at_half_progress_is_due_soon() -> None:
    assert due_soon(as_of=date(2026, 1, 30), scheduled=DUE, physical=50.0, completed=False)


def test_a_work_due_in_sixty_one_days_is_not_yet_due_soon() -> None:
    assert not due_soon(as_of=date(2026, 1, 29), scheduled=DUE, physical=50.0, completed=False)


def test_a_work_due_today_is_due_soon_and_one_past_its_date_is_overdue_instead() -> None:
    assert due_soon(as_of=DUE, scheduled=DUE, physical=50.0, completed=False)
    assert not due_soon(as_of=date(2026, 4, 1), scheduled=DUE, physical=50.0, completed=False)


def test_a_work_nearly_done_or_done_is_not_due_soon() -> None:
    assert not due_soon(as_of=date(2026, 2, 28), scheduled=DUE, physical=80.0, completed=False)
    assert not due_soon(as_of=date(2026, 2, 28), scheduled=DUE, physical=100.0, completed=True)


def test_the_window_and_the_share_are_thresholds() -> None:
    assert due_soon(as_of=date(2025, 12, 31), scheduled=DUE, physical=85.0, completed=False, days=90,
                    physical_below=90.0)
