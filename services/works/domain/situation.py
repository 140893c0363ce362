"""Where a work stands at the end of one month: every rule applied to its accepted reports.

The month's own report counts if it was accepted; when it was quarantined or never came, the
last accepted report is carried forward and judged at this month's end (time runs on: a work
can become overdue, due soon or stalled without reporting). Before its first accepted report a
work stands at 0 %, nothing spent — a registered work that does not report is not invisible.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from services.works.domain.colour import Position, colour, expected_physical
from services.works.domain.forecast import anticipated_implausible, forecast_completion, pace
from services.works.domain.ledger import Ledger
from services.works.domain.months import period_end
from services.works.domain.overrun import cost_overrun_percent, current_cost, expected_completion, time_overrun_months
from services.works.domain.spending import expenditure_percent
from services.works.domain.stall import months_without_progress, stalled
from services.works.domain.thresholds import Thresholds
from shared.events.ingest import Reason
from shared.events.works import AssessmentStatus, Colour, WorkProgress, WorkRegistered
from shared.value import value_object

T = TypeVar("T")


@value_object
class Reported:
    """What the work's reports say at the end of a month, before any rule."""

    work: WorkRegistered
    period: str
    as_of: date
    accepted: tuple[WorkProgress, ...]  # accepted reports up to the month, oldest first
    physical: float
    expenditure: float
    completed_on: date | None
    reported_stalled: bool
    revised_cost: float | None
    anticipated: date | None

    @property
    def latest(self) -> WorkProgress | None:
        """The accepted report the figures come from."""
        return self.accepted[-1] if self.accepted else None

    @property
    def series(self) -> list[tuple[str, float]]:
        return [(r.period, r.physical_percent) for r in self.accepted]


@value_object
class Situation:
    """A work's figures and rule results at the end of `reported.period`."""

    reported: Reported
    status: AssessmentStatus
    report_id: str | None  # this month's counted report, accepted or quarantined
    reasons: tuple[Reason, ...]  # why it was quarantined
    cost: float
    cost_overrun: float
    expenditure_share: float
    expected: float
    time_overrun: int
    months_without: int
    stalled: bool
    pace: float | None
    forecast: date | None
    anticipated_implausible: bool
    colour: Colour


def reported(book: Ledger, period: str) -> Reported:
    """The accepted reports of `book` up to `period`, and what they state."""
    work, accepted = book.work, tuple(book.accepted_until(period))
    latest = accepted[-1] if accepted else None
    return Reported(
        work=work, period=period, as_of=period_end(period), accepted=accepted,
        physical=latest.physical_percent if latest else 0.0,
        expenditure=latest.expenditure_lakh if latest else 0.0,
        completed_on=latest.completion_date if latest else None,
        reported_stalled=latest is not None and latest.status == "stalled",
        revised_cost=_last_stated([r.revised_cost_lakh for r in accepted]) or work.revised_cost_lakh,
        anticipated=_last_stated([r.anticipated_completion_date for r in accepted]) or work.anticipated_completion_date,
    )


def situation(book: Ledger, period: str, thresholds: Thresholds) -> Situation:
    """Apply every rule to the work of `book` at the end of `period`."""
    r, verdict = reported(book, period), book.verdict(period)
    work, done = r.work, r.completed_on is not None
    cost = current_cost(work.sanctioned_cost_lakh, r.revised_cost, r.expenditure)
    without = months_without_progress(r.series, period)
    is_stalled = stalled(months_without=without, reported_stalled=r.reported_stalled, completed=done,
                         months=thresholds.stalled_months)
    overrun = time_overrun_months(work.scheduled_completion_date, expected_completion(
        scheduled=work.scheduled_completion_date, anticipated=r.anticipated, completed_on=r.completed_on,
        as_of=r.as_of))
    speed = pace(r.series, period=period, sanctioned_on=work.sanction_date, window=thresholds.pace_window_months)
    forecast = r.completed_on or forecast_completion(r.physical, speed, r.as_of)
    expected = expected_physical(sanctioned_on=work.sanction_date, scheduled=work.scheduled_completion_date,
                                 as_of=r.as_of)
    position = Position(scheduled=work.scheduled_completion_date, as_of=r.as_of, completed_on=r.completed_on,
                        stalled=is_stalled, lag_points=expected - r.physical, forecast=forecast,
                        time_overrun_months=overrun)
    return Situation(
        reported=r, status="unreported" if verdict is None else "assessed" if verdict.accepted else "quarantined",
        report_id=verdict.report.report_id if verdict else None, reasons=verdict.reasons if verdict else (),
        cost=cost, cost_overrun=cost_overrun_percent(work.sanctioned_cost_lakh, cost),
        expenditure_share=expenditure_percent(r.expenditure, cost), expected=expected, time_overrun=overrun,
        months_without=without, stalled=is_stalled, pace=speed, forecast=forecast,
        anticipated_implausible=not done and anticipated_implausible(
            physical=r.physical, anticipated=r.anticipated, as_of=r.as_of, monthly_pace=speed,
            factor=thresholds.implausible_pace_factor),
        colour=colour(position, thresholds),
    )


def _last_stated(values: list[T | None]) -> T | None:
    """The most recent value a report stated (reports state revisions only when they have one)."""
    return next((v for v in reversed(values) if v is not None), None)
