"""A work's reports, judged month by month: which report counts, and which are quarantined.

Recomputed from the set of reports every time, so that the same reports in any order — a
replay, a re-delivery, a correction of an earlier month arriving late — give the same ledger.
"""

from __future__ import annotations

from collections.abc import Iterable

from services.works.domain.plausibility import implausible
from services.works.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds
from shared.events.ingest import Reason
from shared.events.works import WorkProgress, WorkRegistered
from shared.value import value_object


@value_object
class Verdict:
    """The report that counts for one month, and why it is quarantined (empty: accepted)."""

    report: WorkProgress
    reasons: tuple[Reason, ...]

    @property
    def accepted(self) -> bool:
        return not self.reasons


@value_object
class Ledger:
    """One work and the verdict on each month it reported, oldest first."""

    work: WorkRegistered
    verdicts: tuple[Verdict, ...]

    def verdict(self, period: str) -> Verdict | None:
        """The verdict on `period`'s report; None when the work did not report that month."""
        return next((v for v in self.verdicts if v.report.period == period), None)

    def accepted_until(self, period: str) -> list[WorkProgress]:
        """The accepted reports of `period` and earlier months, oldest first."""
        return [v.report for v in self.verdicts if v.accepted and v.report.period <= period]


def counted(reports: Iterable[WorkProgress]) -> list[WorkProgress]:
    """The report that counts for each month, oldest month first: the highest revision, and of
    equal revisions the greatest `report_id` (arbitrary but stable: send a higher revision to correct)."""
    best: dict[str, WorkProgress] = {}
    for report in reports:
        held = best.get(report.period)
        if held is None or (report.revision, report.report_id) > (held.revision, held.report_id):
            best[report.period] = report
    return [best[period] for period in sorted(best)]


def ledger(work: WorkRegistered, reports: Iterable[WorkProgress],
           thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Ledger:
    """Judge each month's counted report against the last accepted one before it.

    Raises ValueError for a report of another work (a wiring mistake, never a portal's).
    """
    verdicts: list[Verdict] = []
    previous: float | None = None
    for report in counted(reports):
        if report.work != work.id:
            raise ValueError(f"report {report.report_id!r} is for work {report.work!r}, not {work.id!r}")
        reasons = implausible(report, work=work, previous_physical=previous,
                              cost_factor=thresholds.expenditure_cost_factor)
        verdicts.append(Verdict(report, tuple(reasons)))
        if not reasons:
            previous = report.physical_percent
    return Ledger(work, tuple(verdicts))
