"""Reports that cannot be right: accepted, but quarantined with their reasons.

As for schemes (the 848.49 %), such a report is stored and published as quarantined, and kept
out of the work's assessment until a corrected revision arrives. Exactly these cases, each a
reason with code `implausible` naming the field:

- `period`: a report for a month before the sanction's month;
- `physical_percent`: physical progress above 100 %, or below the work's last accepted report;
- `status`: reported completed with physical progress below 100 %;
- `expenditure_lakh`: cumulative expenditure above 1.5 × the approved cost (the registry's
  revised cost if there is one, else the sanctioned cost);
- `completion_date`: completed before it was sanctioned.
"""

from __future__ import annotations

from services.works.domain.months import period_end
from shared.events.ingest import Reason
from shared.events.works import WorkProgress, WorkRegistered

CODE = "implausible"


def implausible(report: WorkProgress, *, work: WorkRegistered, previous_physical: float | None,
                cost_factor: float = 1.5) -> list[Reason]:
    """One reason per implausible figure of `report`; empty if it is plausible.

    `previous_physical` is the physical progress of the work's last accepted report for an
    earlier month (None if there is none).
    """
    problems = [
        ("period", _before_sanction(report, work)),
        ("physical_percent", _above_whole(report)),
        ("physical_percent", _falling(report, previous_physical)),
        ("status", _completed_unfinished(report)),
        ("expenditure_lakh", _overspent(report, work, cost_factor)),
        ("completion_date", _completed_before_sanction(report, work)),
    ]
    return [Reason(field=field, code=CODE, message=message) for field, message in problems if message]


def _before_sanction(report: WorkProgress, work: WorkRegistered) -> str | None:
    if period_end(report.period) < work.sanction_date:
        return f"{report.period} is before the work was sanctioned on {work.sanction_date.isoformat()}"
    return None


def _above_whole(report: WorkProgress) -> str | None:
    if report.physical_percent > 100:
        return f"physical progress {_number(report.physical_percent)} % is above 100 %"
    return None


def _falling(report: WorkProgress, previous: float | None) -> str | None:
    if previous is not None and report.physical_percent < previous:
        return (f"physical progress {_number(report.physical_percent)} % fell from {_number(previous)} % "
                "in the last accepted report")
    return None


def _completed_unfinished(report: WorkProgress) -> str | None:
    if report.status == "completed" and report.physical_percent < 100:
        return f"reported completed with physical progress {_number(report.physical_percent)} %"
    return None


def _overspent(report: WorkProgress, work: WorkRegistered, factor: float) -> str | None:
    approved = work.revised_cost_lakh or work.sanctioned_cost_lakh
    if report.expenditure_lakh > factor * approved:
        return (f"expenditure ₹{_number(report.expenditure_lakh)} lakh is more than {_number(factor)} × "
                f"the approved cost ₹{_number(approved)} lakh")
    return None


def _completed_before_sanction(report: WorkProgress, work: WorkRegistered) -> str | None:
    if report.completion_date is not None and report.completion_date < work.sanction_date:
        return (f"completed on {report.completion_date.isoformat()}, before the sanction on "
                f"{work.sanction_date.isoformat()}")
    return None


def _number(value: float) -> str:
    """130.0 prints as 130, 848.49 as 848.49."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
