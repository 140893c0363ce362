"""Which report counts for each month, and which are quarantined."""

from __future__ import annotations

import pytest

from services.works.domain.ledger import counted, ledger
from tests.unit.works.works_builders import a_report, a_work


def test_the_highest_revision_of_a_month_counts() -> None:
    first, correction = a_report("2026-03", 62, 1300), a_report("2026-03", 64, 1300, revision=2)
    assert counted([correction, first]) == [correction]


def test_of_equal_revisions_the_greatest_report_id_counts_whatever_the_order() -> None:
    a = a_report("2026-03", 62, 1300, report_id="portal-a")
    b = a_report("2026-03", 63, 1300, report_id="portal-b")
    assert counted([a, b]) == counted([b, a]) == [b]


def test_months_come_oldest_first() -> None:
    march, january = a_report("2026-03", 62, 1300), a_report("2026-01", 60, 1200)
    assert [r.period for r in counted([march, january])] == ["2026-01", "2026-03"]


def test_a_falling_report_is_quarantined_and_the_next_is_judged_against_the_last_accepted_one() -> None:
    book = ledger(a_work(), [a_report("2026-01", 60, 1200), a_report("2026-02", 6, 1250),
                             a_report("2026-03", 62, 1300)])
    assert [v.accepted for v in book.verdicts] == [True, False, True]
    assert [r.period for r in book.accepted_until("2026-03")] == ["2026-01", "2026-03"]


def test_a_corrected_revision_lifts_the_quarantine() -> None:
    book = ledger(a_work(), [a_report("2026-02", 130, 1250), a_report("2026-02", 63, 1250, revision=2)])
    verdict = book.verdict("2026-02")
    assert verdict is not None and verdict.accepted and verdict.report.revision == 2


def test_a_month_without_a_report_has_no_verdict() -> None:
    assert ledger(a_work(), [a_report("2026-01", 60, 1200)]).verdict("2026-02") is None


def test_a_report_of_another_work_is_a_wiring_mistake() -> None:
    with pytest.raises(ValueError, match="is for work 'other-work'"):
        ledger(a_work(), [a_report("2026-01", 60, 1200, work="other-work")])
