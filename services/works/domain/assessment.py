"""A work's assessment for one month (`work.assessed.v1`): the one function the service calls
for each work and period, from the registry entry and every report of the work."""

from __future__ import annotations

from collections.abc import Iterable

from services.works.domain.delay import delay_bucket, extra_delay_months
from services.works.domain.flags import flags
from services.works.domain.ledger import Ledger, ledger
from services.works.domain.months import period_end, shift_period
from services.works.domain.revisions import cost_revisions, date_revisions
from services.works.domain.situation import Situation, situation
from services.works.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from shared.events.works import PreviousAssessment, WorkAssessed, WorkProgress, WorkRegistered


def sanctioned_by(work: WorkRegistered, period: str) -> bool:
    """Whether the work had been sanctioned by the end of `period` (it can be assessed then)."""
    return work.sanction_date <= period_end(period)


def assess(work: WorkRegistered, reports: Iterable[WorkProgress], period: str,
           thresholds: Thresholds = DEFAULT_THRESHOLDS) -> WorkAssessed:
    """The work's assessment at the end of `period`, from every report of the work (any order,
    any months: later months are ignored, so a replay gives the same assessment).

    Raises ValueError for a period that ends before the sanction, or a report of another work.
    """
    return assess_ledger(ledger(work, reports, thresholds), period, thresholds)


def assess_ledger(book: Ledger, period: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> WorkAssessed:
    """As `assess`, from a ledger already built (one ledger serves every month of a work)."""
    if not sanctioned_by(book.work, period):
        raise ValueError(f"work {book.work.id!r} was sanctioned on {book.work.sanction_date}, after {period}")
    now = situation(book, period, thresholds)
    last_month = shift_period(period, -1)
    before = situation(book, last_month, thresholds) if sanctioned_by(book.work, last_month) else None
    return _assessed(now, before, thresholds)


def _assessed(now: Situation, before: Situation | None, thresholds: Thresholds) -> WorkAssessed:
    r, work = now.reported, now.reported.work
    latest = r.latest
    return WorkAssessed(
        work=work.id, name=work.name, district=work.district, department=work.department, agency=work.agency,
        officer=work.officer, period=r.period, status=now.status, reasons=list(now.reasons),
        report_id=now.report_id, reported_period=latest.period if latest else None,
        state=latest.status if latest else "in_progress", physical_percent=r.physical,
        expenditure_lakh=r.expenditure, expenditure_percent=now.expenditure_share,
        expected_physical_percent=now.expected, sanctioned_cost_lakh=work.sanctioned_cost_lakh,
        current_cost_lakh=now.cost, cost_overrun_percent=now.cost_overrun, sanction_date=work.sanction_date,
        scheduled_completion_date=work.scheduled_completion_date, anticipated_completion_date=r.anticipated,
        completion_date=r.completed_on, forecast_completion_date=now.forecast, pace_percent_per_month=now.pace,
        time_overrun_months=now.time_overrun, delay_bucket=delay_bucket(now.time_overrun),
        extra_delay_months=extra_delay_months(now.time_overrun, before.time_overrun if before else None),
        months_without_progress=now.months_without,
        stall_reason=latest.stall_reason if latest and now.stalled else None,
        milestone=latest.milestone if latest else None, colour=now.colour,
        major=work.sanctioned_cost_lakh > thresholds.major_work_lakh, flags=flags(now, thresholds),
        cost_revisions=cost_revisions(work, r.accepted), date_revisions=date_revisions(work, r.accepted),
        previous=_previous(before, thresholds) if before else None,
    )


def _previous(before: Situation, thresholds: Thresholds) -> PreviousAssessment:
    return PreviousAssessment(
        period=before.reported.period, physical_percent=before.reported.physical,
        time_overrun_months=before.time_overrun, cost_overrun_percent=before.cost_overrun,
        colour=before.colour, flags=flags(before, thresholds),
    )
